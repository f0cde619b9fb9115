import type { IWebhookFunctions, IWebhookResponseData, WebhookType } from 'n8n-workflow';

import { applyFramingHeaders, frameAncestors, type FramingCredential } from './headers';
import { FORBIDDEN_MESSAGE, FORBIDDEN_TITLE, answerWithPage } from './page';
import type { IframeTriggerOptions } from './properties';
import { storeUseFor, type QuotaSharingFields } from '../quota';
import { refusalLog } from '../shared/refusalLog';
import { IFRAME_KINDS, checkIframeRequest, effectiveClockDrift, type IframeKind } from './request';
import { admitToken, usedTokenMemory } from './usedTokens';

/** The credential whose Client Secret signs DrChrono's iframe tokens. */
export const IFRAME_CREDENTIAL = 'drChronoOAuth2Api';

/**
 * n8n names a node's webhooks `default` or `setup` only. The trigger serves two GET URLs, one per
 * iframe section of the DrChrono app: `default` is the patient chart (path `patient`), `setup` the
 * clinical note page (path `clinical-note`). DrChrono sends the same parameters to both, so the
 * URL the user pasted into each section is what tells the two apart.
 */
export const WEBHOOK_OF_KIND: Record<IframeKind, { name: WebhookType; path: string }> = {
	patient: { name: 'default', path: 'patient' },
	clinical_note: { name: 'setup', path: 'clinical-note' },
};

export function kindOfWebhook(name: string): IframeKind {
	return name === WEBHOOK_OF_KIND.clinical_note.name ? 'clinical_note' : 'patient';
}

type Query = Record<string, string | string[] | undefined>;

/**
 * One page load in DrChrono. Valid: the framing headers go on the response and the workflow starts
 * with the token's values; n8n answers with the page the workflow makes. Anything else: a plain
 * 403 page, no execution, and a log line with the reason (never the token or its values).
 */
export async function receiveIframeRequest(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject();
	const kind = kindOfWebhook(this.getWebhookName());
	const options = this.getNodeParameter('options', {}) as IframeTriggerOptions;
	const credential = await this.getCredentials<FramingCredential & QuotaSharingFields & { clientSecret?: string }>(IFRAME_CREDENTIAL);
	const node = this.getNode();
	const nodeName = node.name;
	const triggerKey = `${this.getWorkflow().id ?? ''}:${node.id ?? node.name}`;
	// Every line goes through the throttled log: a stranger's requests can trigger each of them.
	const warn = (topic: string, message: string) =>
		refusalLog.warn(this.logger, `drchrono-iframe-${topic}:${triggerKey}`, `DrChrono Iframe Trigger "${nodeName}"${message.startsWith(':') ? '' : ' '}${message}`);

	const ancestors = frameAncestors(credential, options.additionalFrameAncestors ?? '');
	if (ancestors.ignored.length > 0) {
		// The user's own setting, so it is named, but bounded: the line stays short.
		const named = JSON.stringify(ancestors.ignored.join(' ')).slice(0, 200);
		warn('option', `: Additional Frame Ancestors ignores ${named} (not an origin like https://host)`);
	}

	const secret = typeof credential.clientSecret === 'string' ? credential.clientSecret : '';
	if (secret === '') {
		warn('config', 'cannot check requests: the DrChrono OAuth2 credential has no Client Secret');
		return answerWithPage(
			res,
			ancestors.sources,
			500,
			'Panel not configured',
			'The n8n workflow behind this panel has no DrChrono client secret to check the request with.',
		);
	}

	const nowSeconds = Date.now() / 1000;
	const clockDriftSeconds = effectiveClockDrift(options.clockDriftSeconds);
	const query = this.getQueryData() as Query;
	const check = checkIframeRequest(query, secret, kind, {
		nowSeconds,
		clockDriftSeconds,
		acceptedKinds: (options.acceptedPages ?? IFRAME_KINDS).filter((k): k is IframeKind =>
			(IFRAME_KINDS as readonly string[]).includes(k),
		),
	});
	const tokenLength = typeof query.jwt === 'string' ? query.jwt.length : 0;
	const refuse = (reason: string): IWebhookResponseData => {
		// Fixed text and a length only: nothing of the request reaches the log.
		warn('refusal', `refused a ${kind} page request (${reason}; token of ${tokenLength} characters)`);
		return answerWithPage(res, ancestors.sources, 403, FORBIDDEN_TITLE, FORBIDDEN_MESSAGE);
	};
	if (!check.ok) return refuse(check.reason);
	// The token verified, so it has three segments; its signature names it.
	// With Quota Sharing set to the store, a token used on one n8n process is used on all of them.
	const store = storeUseFor(credential, this);
	const admission = await admitToken(usedTokenMemory(triggerKey, store), {
		signature: String(query.jwt).split('.')[2],
		iatSeconds: check.context.claims.iat as number,
		nowSeconds,
		driftSeconds: clockDriftSeconds,
		once: options.acceptTokenOnce !== false,
	});
	if (admission !== 'accepted') return refuse(admission);

	applyFramingHeaders(res, ancestors.sources);
	return {
		workflowData: [[{ json: { ...check.context, receivedAt: new Date().toISOString() } }]],
	};
}
