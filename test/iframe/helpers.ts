import { createHmac } from 'node:crypto';

import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import { DrChronoIframeTrigger } from '../../nodes/DrChrono/DrChronoIframeTrigger.node';
import { createWebhookHarness, type WebhookHarness, type WebhookHarnessOptions } from '../harness/webhook';

export const IFRAME_TRIGGER_TYPE = 'n8n-nodes-drchrono.drChronoIframeTrigger';
export const CLIENT_SECRET = 'iframe-test-client-secret-0123456789';

/** The IDs DrChrono would put in the URL and the token. */
export const IDS = { doctor_id: 101001, patient_id: 110004, practice_id: 140001 } as const;

export const nowSeconds = () => Math.floor(Date.now() / 1000);

const segment = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

export interface SignOptions {
	secret?: string;
	header?: Record<string, unknown>;
	/** The HMAC digest used for the signature; `none` leaves the signature empty. */
	digest?: 'sha256' | 'sha384' | 'sha512' | 'none';
}

/**
 * A JWT made the way PyJWT (DrChrono's side) makes one, written here independently of the node's
 * code so that the tests do not check the verifier against itself.
 */
export function signJwt(claims: Record<string, unknown>, opts: SignOptions = {}): string {
	const header = opts.header ?? { typ: 'JWT', alg: 'HS256' };
	const input = `${segment(header)}.${segment(claims)}`;
	const digest = opts.digest ?? 'sha256';
	const signature =
		digest === 'none' ? '' : createHmac(digest, opts.secret ?? CLIENT_SECRET).update(input).digest('base64url');
	return `${input}.${signature}`;
}

/** The claims DrChrono signs for a page load, issued `ageSeconds` ago. */
export function drchronoClaims(ageSeconds = 0, extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { ...IDS, iat: nowSeconds() - ageSeconds, ...extra };
}

/** The query DrChrono appends: the IDs, iat and the token that holds them. */
export function iframeQuery(claims: Record<string, unknown>, token = signJwt(claims)): Record<string, string> {
	const query: Record<string, string> = {};
	for (const key of ['doctor_id', 'patient_id', 'practice_id', 'iat']) {
		if (claims[key] !== undefined) query[key] = String(claims[key]);
	}
	query.jwt = token;
	return query;
}

export function oauthCredential(overrides: IDataObject = {}): ICredentialDataDecryptedObject {
	return {
		server: 'drchrono',
		baseUrl: '',
		clientId: 'iframe-client-id',
		clientSecret: CLIENT_SECRET,
		grantType: 'authorizationCode',
		authentication: 'body',
		oauthTokenData: { access_token: 'a', refresh_token: 'r', token_type: 'Bearer', expires_in: 172800 },
		...overrides,
	} as ICredentialDataDecryptedObject;
}

export interface IframeTriggerSetup {
	responseMode?: 'lastNode' | 'responseNode';
	htmlField?: string;
	options?: IDataObject;
	credential?: ICredentialDataDecryptedObject;
	mode?: WebhookHarnessOptions['mode'];
	name?: string;
	/** Another workflow id makes another trigger, with its own memories. */
	workflowId?: string;
}

/** A DrChrono Iframe Trigger behind the webhook harness (n8n-core's webhook contexts), activated. */
export async function startIframeTrigger(setup: IframeTriggerSetup = {}): Promise<WebhookHarness> {
	const parameters: INodeParameters = {
		responseMode: setup.responseMode ?? 'lastNode',
		options: (setup.options ?? {}) as INodeParameters,
	};
	if (setup.htmlField !== undefined) parameters.htmlField = setup.htmlField;
	const harness = createWebhookHarness({
		nodeTypes: { [IFRAME_TRIGGER_TYPE]: new DrChronoIframeTrigger() },
		node: {
			type: IFRAME_TRIGGER_TYPE,
			name: setup.name ?? 'DrChrono Iframe',
			parameters,
			credentials: { drChronoOAuth2Api: { id: 'oauth-cred', name: 'DrChrono OAuth2' } },
		},
		credentials: { drChronoOAuth2Api: setup.credential ?? oauthCredential() },
		mode: setup.mode,
		workflowId: setup.workflowId,
	});
	await harness.activate();
	return harness;
}

/** A GET of one of the trigger's two URLs, as the browser sends it when DrChrono renders the iframe. */
export function pageLoad(harness: WebhookHarness, page: 'patient' | 'clinical_note', query: Record<string, string>) {
	const url = new URL(harness.url(page === 'patient' ? 'default' : 'setup'));
	for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
	return harness.request({ method: 'GET', path: url.toString(), headers: { accept: 'text/html' } });
}
