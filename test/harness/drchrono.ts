import type { ICredentialDataDecryptedObject, INodeExecutionData } from 'n8n-workflow';

import { DrChrono } from '../../nodes/DrChrono/DrChrono.node';
import { resetQuotaGuards } from '../../nodes/DrChrono/quota';
import type { Sandbox } from '../sandbox';
import { TestCredentialsHelper } from './credentials';
import { runNode } from './execute';
import type { RunResult } from './execute';

export const DRCHRONO_TYPE = 'n8n-nodes-drchrono.drChrono';

/** The OAuth2 credential as n8n decrypts it, connected to a sandbox with a token it issued. */
export function sandboxCredential(
	sandbox: Sandbox,
	overrides: Partial<ICredentialDataDecryptedObject> = {},
	scopes?: string[],
): ICredentialDataDecryptedObject {
	const token = sandbox.issueToken(undefined, scopes);
	return {
		server: 'custom',
		baseUrl: sandbox.url,
		apiUrl: sandbox.url,
		authUrl: `${sandbox.url}/o/authorize/`,
		accessTokenUrl: `${sandbox.url}/o/token/`,
		clientId: 'sandbox-client-id',
		clientSecret: 'sandbox-client-secret',
		grantType: 'authorizationCode',
		authentication: 'body',
		scope: token.scope,
		authQueryParameters: '',
		quotaPerHour: 500,
		quotaReserve: 0,
		maxCallsPerSecond: 0,
		quotaWindowSeconds: 3600,
		oauthTokenData: {
			access_token: token.access_token,
			refresh_token: token.refresh_token,
			token_type: 'Bearer',
			expires_in: token.expires_in,
		},
		...overrides,
	};
}

/** A credentials store holding one sandbox credential; keeps what n8n writes back (refreshed tokens). */
export function sandboxCredentials(
	sandbox: Sandbox,
	overrides: Partial<ICredentialDataDecryptedObject> = {},
	scopes?: string[],
): TestCredentialsHelper {
	return new TestCredentialsHelper({ drChronoOAuth2Api: sandboxCredential(sandbox, overrides, scopes) });
}

/**
 * Runs the DrChrono node once through n8n's execution engine against a sandbox. Each run starts
 * from a fresh quota budget unless `keepQuota` is set.
 */
export async function runDrChrono(
	parameters: Record<string, unknown>,
	options: {
		credentials: TestCredentialsHelper;
		items?: INodeExecutionData[];
		continueOnFail?: boolean;
		keepQuota?: boolean;
		onStarted?: (stop: () => void) => void;
	},
): Promise<RunResult> {
	if (!options.keepQuota) resetQuotaGuards();
	return await runNode(
		{ [DRCHRONO_TYPE]: new DrChrono() },
		{
			type: DRCHRONO_TYPE,
			parameters: parameters as never,
			credentials: { drChronoOAuth2Api: { id: '1', name: 'DrChrono Sandbox' } },
			continueOnFail: options.continueOnFail,
		},
		{ items: options.items, credentials: options.credentials, onStarted: options.onStarted },
	);
}

/** Sets the sandbox's fault injection through its control API (replacing what was set before). */
export async function setFaults(sandbox: Sandbox, faults: Record<string, unknown>): Promise<void> {
	const response = await fetch(`${sandbox.url}/_sandbox/faults`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(faults),
	});
	if (!response.ok) throw new Error(`Setting faults failed: ${response.status}`);
}
