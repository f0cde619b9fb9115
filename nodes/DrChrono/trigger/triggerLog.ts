import type { IWebhookFunctions } from 'n8n-workflow';

import { refusalLog } from '../shared/refusalLog';

/**
 * The trigger's identity for its memories and its log: the workflow and the node. The test URL
 * and the production URL share it, so a stranger gains nothing by using both.
 */
export function triggerKey(this: IWebhookFunctions): string {
	const node = this.getNode();
	return `${this.getWorkflow().id ?? ''}:${node.id ?? node.name}`;
}

/**
 * A warning about what a request did, through the throttled log: anyone can send requests, so each
 * topic leaves at most one line a minute per trigger. Callers pass fixed text and numbers only.
 */
export function warnOnce(this: IWebhookFunctions, topic: string, message: string): void {
	refusalLog.warn(this.logger, `drchrono-trigger-${topic}:${triggerKey.call(this)}`, `DrChrono Trigger "${this.getNode().name}" ${message}`);
}
