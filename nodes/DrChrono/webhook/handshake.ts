import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { respond } from './respond';
import { WEBHOOK_CREDENTIAL } from './secretToken';
import { hmacSha256Hex } from './signature';

export interface PlainResponse {
	status: number;
	body: Record<string, string>;
}

/**
 * DrChrono's "Verify webhook" button sends `GET <callback URL>?msg=<random>` and accepts only a 200
 * whose JSON holds `secret_token` = hex(HMAC-SHA256(key = secret token, message = msg)). Answering
 * proves that whoever owns the URL also knows the secret, without sending the secret back.
 */
export function answerHandshake(query: Record<string, unknown>, secret: string): PlainResponse {
	const msg = query.msg;
	if (typeof msg !== 'string' || msg === '') {
		return {
			status: 400,
			body: {
				message:
					'This is the URL of a DrChrono Trigger. DrChrono verifies it with GET ?msg=...; deliveries come as POST.',
			},
		};
	}
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
