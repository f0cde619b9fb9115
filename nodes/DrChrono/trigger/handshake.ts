import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { refusalLog } from '../shared/refusalLog';
import { respond } from './respond';
import { WEBHOOK_CREDENTIAL, checkWebhookSecrets, type WebhookSecrets } from './secretToken';
import { hmacSha256Hex } from './signature';
import { triggerKey, warnOnce } from './triggerLog';
import { VERIFY_ANSWERS_PER_WINDOW, verifyBudget } from './verifyBudget';

export interface PlainResponse {
	status: number;
	body: Record<string, string>;
}

/** DrChrono's verify `msg` is a short random token; nothing longer has a use. */
export const MAX_HANDSHAKE_MESSAGE_LENGTH = 512;

/** `header.payload` of a JWT: two base64url segments. Its HMAC is an iframe token's signature. */
const JWT_SIGNING_INPUT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Why the handshake will not sign `msg`, or undefined when it will.
 *
 * The answer is HMAC-SHA256 under the webhook secret of whatever the caller sends, so it is an
 * oracle: it must never sign anything that some check accepts as proof of the secret.
 * - A delivery body signed by HMAC (the optional form) is a JSON object, so it contains `{`; UTF-8
 *   never puts that byte inside a multi-byte character, so refusing every `msg` containing `{`
 *   (and `[`, for good measure) refuses every body that form could accept, whatever the encoding.
 * - An iframe token's signature is HMAC-SHA256 of `header.payload`; if a user reused one secret for
 *   both, the answer to that `msg` would be a valid token. Refuse that shape too.
 * DrChrono's own `msg` is a random token, which none of these rules touch.
 */
export function handshakeRefusal(msg: string): string | undefined {
	if (msg.length > MAX_HANDSHAKE_MESSAGE_LENGTH) return `msg is longer than ${MAX_HANDSHAKE_MESSAGE_LENGTH} characters`;
	if (msg.includes('{') || msg.includes('[')) return 'msg looks like a JSON body';
	if (JWT_SIGNING_INPUT.test(msg)) return 'msg looks like a signed token';
	return undefined;
}

const NOT_A_VERIFY =
	'This is the URL of a DrChrono Trigger. DrChrono verifies it with GET ?msg=<random token>; deliveries come as POST.';

/**
 * DrChrono's "Verify webhook" button sends `GET <callback URL>?msg=<random>` and accepts only a 200
 * whose JSON holds `secret_token` = hex(HMAC-SHA256(key = secret token, message = msg)). Answering
 * proves that whoever owns the URL also knows the secret, without sending the secret back.
 * `undefined` when msg is acceptable: the caller then spends the budget and signs (see answerHandshake).
 */
export function handshakeProblem(query: Record<string, unknown>): PlainResponse | undefined {
	const msg = query.msg;
	if (typeof msg !== 'string' || msg === '') return { status: 400, body: { message: NOT_A_VERIFY } };
	const refusal = handshakeRefusal(msg);
	if (refusal) return { status: 400, body: { message: `${NOT_A_VERIFY} Refused: ${refusal}.` } };
	return undefined;
}

export function answerHandshake(query: Record<string, unknown>, secret: string): PlainResponse {
	return handshakeProblem(query) ?? { status: 200, body: { secret_token: hmacSha256Hex(secret, query.msg as string) } };
}

/**
 * The `setup` webhook (GET on the trigger's URL): answers DrChrono's Verify and starts no execution.
 * A weak secret answers nothing (see checkWebhookSecrets); answers are limited per trigger and each
 * is logged, because each one lets its holder test guesses of the secret offline.
 */
export async function receiveVerification(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const secrets = checkWebhookSecrets(await this.getCredentials<WebhookSecrets>(WEBHOOK_CREDENTIAL));
	const res = this.getResponseObject();
	if (!secrets.ok) return refuseUnusableSecret.call(this, secrets.message);
	const query = this.getQueryData() as Record<string, unknown>;
	const problem = handshakeProblem(query);
	if (problem) return respond(res, problem.status, problem.body);

	const waitSeconds = await verifyBudget.take(triggerKey.call(this));
	if (waitSeconds > 0) {
		warnOnce.call(this, 'verify-limit', `refused Verify requests over ${VERIFY_ANSWERS_PER_WINDOW} a minute (429)`);
		res.setHeader('Retry-After', String(waitSeconds));
		return respond(res, 429, { message: `Too many Verify requests; try again in ${waitSeconds} seconds.` });
	}
	warnOnce.call(this, 'verify', `answered a Verify request (msg of ${(query.msg as string).length} characters); each answer lets its holder test guesses of the secret offline`);
	const answer = answerHandshake(query, secrets.current);
	return respond(res, answer.status, answer.body);
}

/**
 * A trigger whose secret may not be used answers 500 with a fixed text (a stranger learns nothing
 * about the secret) and logs why; DrChrono keeps a refused delivery and retries it later.
 */
export function refuseUnusableSecret(this: IWebhookFunctions, why: string): IWebhookResponseData {
	refusalLog.warn(
		{ warn: (line) => this.logger.error(line) },
		`drchrono-trigger-secret:${triggerKey.call(this)}`,
		`DrChrono Trigger "${this.getNode().name}" answers nothing until its credential is fixed: ${why}`,
	);
	return respond(this.getResponseObject(), 500, {
		message: 'This DrChrono Trigger cannot check requests: the secret token of its credential is not usable. The n8n log says why.',
	});
}
