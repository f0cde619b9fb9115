/**
 * The DrChrono API sandbox: a local emulator of DrChrono's OAuth2, REST API, hourly quota and
 * webhooks, for tests, benchmarks and the demo. See README.md next to this file.
 */
import type { AddressInfo } from 'node:net';
import { ALL_SCOPES } from './resources';
import { SandboxRuntime } from './runtime';
import { createSandboxServer } from './server';
import type { Sandbox, SandboxOptions } from './types';

export type {
	DeliveryAttempt,
	DeliveryRecord,
	FaultConfig,
	QuotaState,
	Sandbox,
	SandboxApp,
	SandboxClock,
	SandboxOptions,
	SandboxStats,
	TokenResponse,
	WebhookConfig,
} from './types';
export { SandboxStore, Collection } from './store';
export { addAppointmentsOn } from './seed';
export type { ApiObject, StoredFile } from './store';
export { ALL_SCOPES, RESOURCES } from './resources';
export { hmacHex } from './webhooks';
export type { BulkConfig } from './bulk';

export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
	const rt = new SandboxRuntime(opts);
	const server = createSandboxServer(rt);
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(opts.port ?? 0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	rt.url = `http://127.0.0.1:${port}`;
	rt.reseed();

	let closing: Promise<void> | null = null;
	const sandbox: Sandbox = {
		url: rt.url,
		port,
		store: rt.store,
		faults: rt.faults.config,
		bulk: rt.bulk.config,
		close() {
			if (!closing) {
				closing = new Promise<void>((resolve) => {
					rt.webhooks.close();
					server.close(() => resolve());
					server.closeAllConnections();
				});
			}
			return closing;
		},
		issueToken(clientId, scopes) {
			const id = clientId ?? [...rt.auth.apps.keys()][0];
			if (!rt.auth.apps.has(id)) throw new Error(`Unknown clientId "${id}"`);
			return rt.auth.issue(id, scopes ? [...scopes] : [...ALL_SCOPES]);
		},
		stats: () => rt.snapshotStats(),
		reset: (o) => rt.reseed(o),
		configureWebhook(clientId, cfg) {
			if (!rt.auth.apps.has(clientId)) throw new Error(`Unknown clientId "${clientId}"`);
			rt.webhooks.configure(clientId, cfg);
		},
		verifyWebhook: (clientId) => rt.webhooks.verify(clientId),
		ping: (clientId) => rt.webhooks.ping(clientId),
		expireTokens: () => rt.auth.expireAll(),
		redeliver: (deliveryId) => rt.webhooks.redeliver(deliveryId),
		deliveries: () => rt.webhooks.deliveries(),
		upsertApp: (app) => rt.auth.upsertApp(app),
	};
	return sandbox;
}
