import { startSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { runDrChrono, sandboxCredentials } from '../harness/drchrono';

/**
 * Tokens live 48 hours. When DrChrono answers 401, n8n's OAuth2 helper refreshes the token, stores
 * the rotated refresh token and repeats the call; the transport must leave that path intact.
 */
describe('OAuth2 token refresh through n8n', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startSandbox({ patients: 5, quiet: true });
	});
	afterAll(async () => sandbox.close());

	it('refreshes an expired token, stores the rotated refresh token, and later runs still work', async () => {
		const credentials = sandboxCredentials(sandbox);
		const first = credentials.get('drChronoOAuth2Api')!.oauthTokenData as { refresh_token: string };
		sandbox.expireTokens();

		const run = await runDrChrono({ resource: 'doctor', operation: 'getAll', returnAll: true }, { credentials });
		expect(run.error).toBeUndefined();
		expect(run.items.length).toBeGreaterThan(0);

		expect(credentials.updates).toHaveLength(1);
		const stored = credentials.get('drChronoOAuth2Api')!.oauthTokenData as { refresh_token: string; access_token: string };
		expect(stored.refresh_token).not.toBe(first.refresh_token);

		// The old refresh token was rotated away: only the stored one works from now on.
		const reuse = await fetch(`${sandbox.url}/o/token/`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({
				grant_type: 'refresh_token',
				refresh_token: first.refresh_token,
				client_id: 'sandbox-client-id',
				client_secret: 'sandbox-client-secret',
			}).toString(),
		});
		expect(reuse.status).toBe(400);

		sandbox.expireTokens();
		const later = await runDrChrono({ resource: 'doctor', operation: 'getAll', returnAll: true }, { credentials });
		expect(later.error).toBeUndefined();
		expect(credentials.updates).toHaveLength(2);
	});

	it('asks the user to reconnect when the refresh token is no longer valid', async () => {
		const credentials = sandboxCredentials(sandbox);
		const data = credentials.get('drChronoOAuth2Api')!;
		(data.oauthTokenData as { refresh_token: string }).refresh_token = 'revoked';
		sandbox.expireTokens();
		const run = await runDrChrono({ resource: 'doctor', operation: 'getAll', returnAll: true }, { credentials });
		expect(run.error).toBeDefined();
		expect(run.error?.message).toMatch(/needs to be reconnected/);
	});
});
