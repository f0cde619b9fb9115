import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	IFRAME_CREDENTIAL,
	WEBHOOK_OF_KIND,
	iframeLifecycle,
	iframeTriggerProperties,
	receiveIframeRequest,
} from './iframe';

/**
 * How n8n answers once the workflow has run (the trigger itself only answers refusals): as n8n's
 * Webhook node does, the last node's first item (its HTML field, sent as text/html), or what a
 * Respond to Webhook node sends.
 */
const pageResponse = {
	httpMethod: 'GET',
	responseMode: '={{$parameter["responseMode"]}}',
	responseData: 'firstEntryJson',
	responsePropertyName: '={{$parameter["htmlField"] || "html"}}',
	responseContentType: 'text/html; charset=utf-8',
} satisfies Partial<IWebhookDescription>;

/**
 * Renders a panel inside DrChrono's patient chart or clinical note page. DrChrono loads the app's
 * iframe URL with doctor_id, patient_id, practice_id, iat and a jwt signed (HS256) with the app's
 * client secret; this trigger checks the token, starts the workflow with the values inside it and
 * lets the workflow produce the page. The parts live in ./iframe.
 */
export class DrChronoIframeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DrChrono Iframe Trigger',
		name: 'drChronoIframeTrigger',
		icon: { light: 'file:drchrono.svg', dark: 'file:drchrono.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["responseMode"] === "responseNode" ? "Respond to Webhook" : "Page from last node" }}',
		description: 'Shows a page made by the workflow inside DrChrono’s patient chart or clinical note',
		defaults: { name: 'DrChrono Iframe' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: IFRAME_CREDENTIAL, required: true }],
		webhooks: [
			{ ...pageResponse, ...WEBHOOK_OF_KIND.patient },
			{ ...pageResponse, ...WEBHOOK_OF_KIND.clinical_note },
		],
		properties: iframeTriggerProperties,
	};

	// Nothing is registered at DrChrono; the hooks keep n8n's record of the served URLs (see ./iframe/lifecycle).
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return iframeLifecycle.checkExists.call(this, 'default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return iframeLifecycle.create.call(this, 'default');
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return iframeLifecycle.remove.call(this, 'default');
			},
		},
		setup: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return iframeLifecycle.checkExists.call(this, 'setup');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return iframeLifecycle.create.call(this, 'setup');
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return iframeLifecycle.remove.call(this, 'setup');
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveIframeRequest.call(this);
	}
}
