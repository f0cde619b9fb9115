import type { IHookFunctions, WebhookType } from 'n8n-workflow';

import { kindOfWebhook } from './receive';
import { KIND_LABELS } from './request';

/**
 * n8n's side of the trigger's lifecycle. There is nothing to register at DrChrono: the iframe URLs
 * are typed into the API application by hand (and doctors are registered with the action node). So
 * these hooks only remember the URL n8n serves, and tell the user where it goes and when it changed.
 */

interface StoredUrl {
	url?: string;
	lastUrl?: string;
}

function stored(this: IHookFunctions, group: WebhookType): StoredUrl {
	const data = this.getWorkflowStaticData('node');
	const key = `iframe_${group}`;
	if (typeof data[key] !== 'object' || data[key] === null) data[key] = {};
	return data[key] as StoredUrl;
}

export function checkExists(this: IHookFunctions, group: WebhookType): boolean {
	const url = this.getNodeWebhookUrl(group);
	return url !== undefined && stored.call(this, group).url === url;
}

export function create(this: IHookFunctions, group: WebhookType): boolean {
	const url = this.getNodeWebhookUrl(group);
	if (url === undefined) return false;
	const record = stored.call(this, group);
	const previous = record.lastUrl;
	record.url = url;
	record.lastUrl = url;
	const where = `as the Iframe URL of the ${KIND_LABELS[kindOfWebhook(group)]} section of the API application in DrChrono (Account > API)`;
	const name = this.getNode().name;
	if (previous !== undefined && previous !== url) {
		this.logger.warn(`DrChrono Iframe Trigger "${name}" now serves ${url} instead of ${previous}; enter the new URL ${where}.`);
	} else {
		this.logger.info(`DrChrono Iframe Trigger "${name}" serves ${url}; enter it ${where}.`);
	}
	return true;
}

export function remove(this: IHookFunctions, group: WebhookType): boolean {
	delete stored.call(this, group).url;
	return true;
}
