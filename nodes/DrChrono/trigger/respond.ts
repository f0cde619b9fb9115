import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

type Response = ReturnType<IWebhookFunctions['getResponseObject']>;

/**
 * Answers the request directly and tells n8n not to answer again and not to start an execution.
 * Used for everything that is not a delivery to run: the handshake, refusals and ignored events.
 */
export function respond(res: Response, status: number, body: Record<string, string>): IWebhookResponseData {
	res.status(status).json(body);
	return { noWebhookResponse: true };
}
