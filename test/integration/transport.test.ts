import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { startSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { runDrChrono, sandboxCredentials, setFaults } from '../harness/drchrono';

/** The one request path, exercised through the DrChrono node in n8n's execution engine. */
describe('transport against the sandbox', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startSandbox({ patients: 1000, quiet: true });
	});
	afterAll(async () => sandbox.close());
	beforeEach(async () => setFaults(sandbox, {}));

	const listCalls = () => sandbox.stats().callsByPath['GET /api/patients'] ?? 0;

	it('Return All walks every page: 1,000 patients in ceil(1000/250) = 4 calls, each once', async () => {
		const before = listCalls();
		const { items, error } = await runDrChrono(
			{ resource: 'patient', operation: 'getAll', returnAll: true, listMethod: 'standard' },
			{ credentials: sandboxCredentials(sandbox) },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1000);
		expect(new Set(items.map((i) => i.json.id)).size).toBe(1000);
		expect(listCalls() - before).toBe(4);
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('a limit stops exactly there and never fetches a page it does not need', async () => {
		const before = listCalls();
		const ten = await runDrChrono(
			{ resource: 'patient', operation: 'getAll', returnAll: false, limit: 10 },
			{ credentials: sandboxCredentials(sandbox) },
		);
		expect(ten.items).toHaveLength(10);
		expect(listCalls() - before).toBe(1);

		const mid = listCalls();
		const some = await runDrChrono(
			{ resource: 'patient', operation: 'getAll', returnAll: false, limit: 260 },
			{ credentials: sandboxCredentials(sandbox) },
		);
		expect(some.items).toHaveLength(260);
		expect(listCalls() - mid).toBe(2);
	});

	it('Update outputs the object read back after the 204, or only the ID when asked to skip that', async () => {
		const id = sandbox.store.collection('patients').all()[0].id;
		const before = sandbox.stats().callsByPath['GET /api/patients/{id}'] ?? 0;
		const updated = await runDrChrono(
			{
				resource: 'patient',
				operation: 'update',
				id: { mode: 'id', value: String(id) },
				updateFields: { city: 'Springfield' },
			},
			{ credentials: sandboxCredentials(sandbox) },
		);
		expect(updated.error).toBeUndefined();
		expect(updated.items[0].json).toMatchObject({ id, city: 'Springfield' });
		expect(sandbox.stats().callsByPath['GET /api/patients/{id}']).toBe(before + 1);

		const skipped = await runDrChrono(
			{
				resource: 'patient',
				operation: 'update',
				id: { mode: 'id', value: String(id) },
				updateFields: { city: 'Shelbyville' },
				refetch: false,
			},
			{ credentials: sandboxCredentials(sandbox) },
		);
		expect(skipped.items[0].json).toEqual({ id, updated: true });
		expect(sandbox.stats().callsByPath['GET /api/patients/{id}']).toBe(before + 1);
		expect(sandbox.store.collection('patients').get(id)?.city).toBe('Shelbyville');
	});

	it('follows the 302 of /api/users/current with the same method and the token', async () => {
		const { items, error } = await runDrChrono(
			{ resource: 'customApiCall', method: 'GET', path: '/api/users/current', query: '{}' },
			{ credentials: sandboxCredentials(sandbox) },
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toHaveProperty('id');
		expect(items[0].json).toHaveProperty('username');
	});

	it("surfaces DrChrono's field errors so the user knows what to fix", async () => {
		const { error } = await runDrChrono(
			{ resource: 'customApiCall', method: 'POST', path: '/api/patients', query: '{}', body: '{"doctor": 1}' },
			{ credentials: sandboxCredentials(sandbox) },
		);
		expect(error?.message).toContain('gender: This field is required.');
		expect(error?.message).toContain('(400)');
	});

	it('retries a GET that got 503s, and answers with every record', async () => {
		await setFaults(sandbox, { errorRate: 0.5, errorStatus: 503, pathFilter: '^/api/patients', seed: 7 });
		const faultsBefore = sandbox.stats().faultsInjected;
		const { items, error } = await runDrChrono(
			{ resource: 'patient', operation: 'getAll', returnAll: true, listMethod: 'standard' },
			{ credentials: sandboxCredentials(sandbox) },
		);
		await setFaults(sandbox, {});
		expect(error).toBeUndefined();
		expect(new Set(items.map((i) => i.json.id)).size).toBe(1000);
		expect(sandbox.stats().faultsInjected).toBeGreaterThan(faultsBefore);
	});

	it('never sends a POST twice: a 503 after it reached DrChrono fails the item', async () => {
		const created = () => sandbox.store.collection('patients').size;
		await setFaults(sandbox, { failAfterStoreNext: 1, failAfterStoreWith: 503 });
		const before = created();
		const postsBefore = sandbox.stats().callsByPath['POST /api/patients'] ?? 0;
		const { error } = await runDrChrono(
			{
				resource: 'patient',
				operation: 'create',
				doctor: { mode: 'id', value: String(sandbox.store.collection('doctors').all()[0].id) },
				gender: 'Female',
				additionalFields: { first_name: 'Once', last_name: 'Only' },
			},
			{ credentials: sandboxCredentials(sandbox) },
		);
		await setFaults(sandbox, {});
		expect(created()).toBe(before + 1);
		expect(sandbox.stats().callsByPath['POST /api/patients']).toBe(postsBefore + 1);
		expect(error?.message).toContain('(503)');
	});
});

describe('transport against other list envelopes', () => {
	it('reads lists whose rows are under `data` (as DrChrono’s OpenAPI declares)', async () => {
		const server = http.createServer((req, res) => {
			const url = new URL(req.url ?? '/', 'http://x');
			const cursor = Number(url.searchParams.get('cursor') ?? 0);
			const port = (server.address() as AddressInfo).port;
			res.setHeader('Content-Type', 'application/json');
			res.end(
				JSON.stringify({
					data: [{ id: cursor + 1 }, { id: cursor + 2 }],
					next: cursor < 4 ? `http://127.0.0.1:${port}/api/doctors?cursor=${cursor + 2}` : null,
				}),
			);
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const port = (server.address() as AddressInfo).port;
		const url = `http://127.0.0.1:${port}`;
		const fake = { url, issueToken: () => ({ access_token: 'a', refresh_token: 'r', expires_in: 3600, scope: '' }) };
		try {
			const { items, error } = await runDrChrono(
				{ resource: 'doctor', operation: 'getAll', returnAll: true },
				{ credentials: sandboxCredentials(fake as never) },
			);
			expect(error).toBeUndefined();
			expect(items.map((i) => i.json.id)).toEqual([1, 2, 3, 4, 5, 6]);
		} finally {
			server.close();
		}
	});
});

describe('file downloads from pre-signed links', () => {
	it('fetches a file on another host without sending the DrChrono token', async () => {
		const bytes = Buffer.from('%PDF-1.4 signed storage bytes \u0000\u00ff', 'latin1');
		const seenAuth: Array<string | undefined> = [];
		const storage = http.createServer((req, res) => {
			seenAuth.push(req.headers.authorization);
			res.setHeader('Content-Type', 'application/pdf');
			res.end(bytes);
		});
		await new Promise<void>((resolve) => storage.listen(0, '127.0.0.1', resolve));
		const storagePort = (storage.address() as AddressInfo).port;
		const api = http.createServer((req, res) => {
			res.setHeader('Content-Type', 'application/json');
			res.end(
				JSON.stringify({
					id: 5,
					description: 'Scan',
					document: `http://127.0.0.1:${storagePort}/bucket/scan.pdf?X-Signature=abc`,
				}),
			);
		});
		await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(api.address() as AddressInfo).port}`;
		const fake = { url, issueToken: () => ({ access_token: 'secret-token', refresh_token: 'r', expires_in: 3600, scope: '' }) };
		try {
			const { items, error } = await runDrChrono(
				{ resource: 'document', operation: 'download', id: { mode: 'id', value: '5' }, binaryPropertyName: 'data' },
				{ credentials: sandboxCredentials(fake as never) },
			);
			expect(error).toBeUndefined();
			expect(Buffer.from(items[0].binary!.data.data, 'base64').equals(bytes)).toBe(true);
			expect(items[0].binary!.data.fileName).toBe('scan.pdf');
			expect(seenAuth).toEqual([undefined]);
		} finally {
			api.close();
			storage.close();
		}
	});
});
