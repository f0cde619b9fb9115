import type { IHookFunctions, WebhookType } from 'n8n-workflow';

import { ServedUrl } from '../shared/servedUrl';
import { kindOfWebhook } from './receive';
import { KIND_LABELS } from './request';

/**
 * n8n's side of the trigger's lifecycle. There is nothing to register at DrChrono: the iframe URLs
 * are typed into the API application by hand (and doctors are registered with the action node). So
 * these hooks only remember the URL n8n serves, and tell the user where it goes and when it changed.
 */
const served = (context: IHookFunctions, group: WebhookType) => new ServedUrl(context, group, `iframe_${group}`, 'url');

export function checkExists(this: IHookFunctions, group: WebhookType): boolean {
	return served(this, group).isCurrent();
}

export function create(this: IHookFunctions, group: WebhookType): boolean {
	const record = served(this, group);
	const url = record.url;
	if (url === undefined) return false;
	const previous = record.serve(url);
	const where = `as the Iframe URL of the ${KIND_LABELS[kindOfWebhook(group)]} section of the API application in DrChrono (Account > API)`;
	const name = this.getNode().name;
	if (previous !== undefined) {
		this.logger.warn(`DrChrono Iframe Trigger "${name}" now serves ${url} instead of ${previous}; enter the new URL ${where}.`);
	} else {
		this.logger.info(`DrChrono Iframe Trigger "${name}" serves ${url}; enter it ${where}.`);
	}
	return true;
}

export function remove(this: IHookFunctions, group: WebhookType): boolean {
	served(this, group).forget();
	return true;
}
