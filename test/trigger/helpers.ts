import { createHmac } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { DrChronoTrigger } from '../../nodes/DrChrono/DrChronoTrigger.node';
import { createWebhookHarness, type WebhookHarness, type WebhookHarnessOptions } from '../harness/webhook';

export const TRIGGER_TYPE = 'n8n-nodes-drchrono.drChronoTrigger';
export const SECRET = '7f3c9a1e5b2d8f4a6c0e2b4d6f8a1c3e5b7d9f2a4c6e8b0d';

export function hmacHex(secret: string, message: string | Buffer): string {
	return createHmac('sha256', secret).update(message).digest('hex');
}

/** The OAuth2 credential as n8n hands it to a node after the authorization-code flow. */
export function oauthCredential(apiUrl: string, accessToken = 'test-access-token', clientId = 'sandbox-client-id'): ICredentialDataDecryptedObject {
	return {
		server: 'custom',
		baseUrl: apiUrl,
		apiUrl,
		authUrl: `${apiUrl}/o/authorize/`,
		accessTokenUrl: `${apiUrl}/o/token/`,
		clientId,
		clientSecret: 'sandbox-client-secret',
		grantType: 'authorizationCode',
		authentication: 'body',
		scope: 'patients:read calendar:read clinical:read tasks:read',
		quotaPerHour: 500,
		quotaReserve: 0,
		maxCallsPerSecond: 0,
		oauthTokenData: {
			access_token: accessToken,
			refresh_token: 'test-refresh-token',
			token_type: 'Bearer',
			expires_in: 172800,
		},
	};
}

export interface TriggerSetup {
	events?: string[];
	fetchCurrentObject?: boolean;
	options?: IDataObject;
	secret?: string;
	oauth?: ICredentialDataDecryptedObject;
	mode?: WebhookHarnessOptions['mode'];
	name?: string;
	workflowId?: string;
	/** Serve on a real port first, so the registered URL is reachable (the sandbox's callback URL). */
	listen?: boolean;
	/** The node's typeVersion as saved in the workflow (default 1, as older workflows have). */
	typeVersion?: number;
}

/** A DrChrono Trigger behind the webhook harness, activated. */
export async function startTrigger(setup: TriggerSetup = {}): Promise<WebhookHarness> {
	const credentials: Record<string, ICredentialDataDecryptedObject> = {
		drChronoWebhookApi: { secretToken: setup.secret ?? SECRET },
	};
	if (setup.oauth) credentials.drChronoOAuth2Api = setup.oauth;
	const harness = createWebhookHarness({
		nodeTypes: { [TRIGGER_TYPE]: new DrChronoTrigger() },
		node: {
			type: TRIGGER_TYPE,
			name: setup.name,
			typeVersion: setup.typeVersion,
			parameters: {
				events: setup.events ?? ['*'],
				fetchCurrentObject: setup.fetchCurrentObject ?? false,
				options: (setup.options ?? {}) as INodeParameters,
			},
			credentials: {
				drChronoWebhookApi: { id: 'webhook-cred', name: 'DrChrono Webhook' },
				...(setup.oauth ? { drChronoOAuth2Api: { id: 'oauth-cred', name: 'DrChrono OAuth2' } } : {}),
			},
		},
		credentials,
		mode: setup.mode,
		workflowId: setup.workflowId,
	});
	if (setup.listen) await harness.listen();
	await harness.activate();
	return harness;
}

let deliveryCounter = 0;

/** A POST as DrChrono sends it: JSON body, event / signature / delivery headers. */
export function delivery(
	event: string,
	object: IDataObject,
	opts: { signature?: string | null; deliveryId?: string; secret?: string; body?: string; contentType?: string | null } = {},
) {
	const body = opts.body ?? JSON.stringify({ receiver: { id: 1, name: 'n8n', events: [event] }, object });
	const headers: Record<string, string> = {
		'X-drchrono-event': event,
		'X-drchrono-delivery': opts.deliveryId ?? `delivery-${++deliveryCounter}-${Date.now()}`,
	};
	if (opts.contentType !== null) headers['Content-Type'] = opts.contentType ?? 'application/json';
	if (opts.signature !== null) headers['X-drchrono-signature'] = opts.signature ?? opts.secret ?? SECRET;
	return { method: 'POST', headers, body };
}
