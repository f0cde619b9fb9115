import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { applyFramingHeaders } from './headers';

type Response = ReturnType<IWebhookFunctions['getResponseObject']>;

const escapeHtml = (text: string) =>
	text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/** A minimal page that DrChrono can show in the iframe's place. Fixed texts only: no request data. */
export function plainPage(title: string, message: string): string {
	return [
		'<!DOCTYPE html>',
		'<html lang="en"><head><meta charset="utf-8">',
		`<title>${escapeHtml(title)}</title>`,
		'<style>body{font-family:system-ui,sans-serif;margin:1.5rem;color:#333}h1{font-size:1.1rem}</style>',
		'</head><body>',
		`<h1>${escapeHtml(title)}</h1>`,
		`<p>${escapeHtml(message)}</p>`,
		'</body></html>',
	].join('');
}

export const FORBIDDEN_TITLE = 'Access denied';

export const FORBIDDEN_MESSAGE =
	'This panel only opens from DrChrono. Its link could not be verified or is no longer valid: reload the page in DrChrono.';

/**
 * Answers the request with a page of its own and starts no execution. The framing headers are set
 * here too, so DrChrono shows the message instead of a browser error.
 */
export function answerWithPage(
	res: Response,
	frameSources: readonly string[],
	status: number,
	title: string,
	message: string,
): IWebhookResponseData {
	applyFramingHeaders(res, frameSources);
	res.status(status);
	res.setHeader('Content-Type', 'text/html; charset=utf-8');
	res.send(plainPage(title, message));
	return { noWebhookResponse: true };
}
