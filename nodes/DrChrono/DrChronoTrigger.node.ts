import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	lifecycle,
	receiveDelivery,
	receiveVerification,
	testSecretToken,
	triggerProperties,
} from './trigger';

/**
 * Starts a workflow on DrChrono webhook deliveries. DrChrono's webhook is configured by hand in
 * DrChrono (it has no API for it), so this node answers the Verify handshake on GET, checks the
 * signature of each POST against the secret token, filters events, drops repeated deliveries and
 * can read the object's current state through the API. The parts live in ./trigger.
 */
export class DrChronoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DrChrono Trigger',
		name: 'drChronoTrigger',
		icon: { light: 'file:drchrono.svg', dark: 'file:drchrono.dark.svg' },
		group: ['trigger'],
		// 1.1 behaves exactly as 1. A typeVersion-1 trigger makes n8n 2.x evaluate an extra
		// expression on every request (its v1 Webhook's binaryData option); 1.1 does not.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{ ($parameter["events"] || []).includes("*") ? "All events" : ($parameter["events"] || []).length === 1 ? $parameter["events"][0] : ($parameter["events"] || []).length + " events" }}',
		description: 'Starts the workflow when DrChrono sends a webhook event',
		defaults: { name: 'DrChrono Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				// Labels of the two selectors: without them n8n's editor shows "Credential to connect
				// with" above both.
				name: 'drChronoWebhookApi',
				displayName: 'Webhook Secret Token',
				required: true,
				testedBy: 'drChronoWebhookSecretTest',
			},
			{
				// Fetch Current Object reads with it, and with its Quota Sharing set to the store the
				// repeated-delivery memory is shared across n8n processes. No displayOptions: n8n's
				// editor takes a parameter that a credential depends on for the authentication
				// selector, and then hid the toggle and showed the webhook credential by its ID.
				name: 'drChronoOAuth2Api',
				displayName: 'DrChrono Account (For Fetch Current Object or a Shared Store)',
				required: false,
			},
		],
		webhooks: [
			{
				// DrChrono's Verify button: GET ?msg=... on the same URL as the deliveries.
				name: 'setup',
				httpMethod: 'GET',
				responseMode: 'onReceived',
				path: 'drchrono',
				ndvHideUrl: true,
			},
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'drchrono',
			},
		],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: {
			drChronoWebhookSecretTest: testSecretToken,
		},
	};

	// Nothing can be registered at DrChrono; the hooks keep n8n's record of the served URL (see ./trigger/lifecycle).
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return lifecycle.checkExists.call(this, 'default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return lifecycle.create.call(this, 'default');
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return lifecycle.remove.call(this, 'default');
			},
		},
		setup: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return lifecycle.checkExists.call(this, 'setup');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return lifecycle.create.call(this, 'setup');
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return lifecycle.remove.call(this, 'setup');
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return this.getWebhookName() === 'setup'
			? await receiveVerification.call(this)
			: await receiveDelivery.call(this);
	}
}
