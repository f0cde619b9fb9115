import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { respond } from './respond';
import { WEBHOOK_CREDENTIAL } from './secretToken';
import { hmacSha256Hex } from './signature';

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
 */
export function answerHandshake(query: Record<string, unknown>, secret: string): PlainResponse {
	const msg = query.msg;
	if (typeof msg !== 'string' || msg === '') return { status: 400, body: { message: NOT_A_VERIFY } };
	const refusal = handshakeRefusal(msg);
	if (refusal) return { status: 400, body: { message: `${NOT_A_VERIFY} Refused: ${refusal}.` } };
	return { status: 200, body: { secret_token: hmacSha256Hex(secret, msg) } };
}

/** The `setup` webhook (GET on the trigger's URL): answers DrChrono's Verify and starts no execution. */
export async function receiveVerification(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const { secretToken } = await this.getCredentials<{ secretToken?: string }>(WEBHOOK_CREDENTIAL);
	const res = this.getResponseObject();
	if (!secretToken) {
		return respond(res, 500, { message: 'The DrChrono Webhook credential of this trigger has no secret token' });
	}
	const answer = answerHandshake(this.getQueryData() as Record<string, unknown>, secretToken);
	return respond(res, answer.status, answer.body);
}
