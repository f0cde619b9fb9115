/**
 * Quota > Get Status in real n8n (both lines): the app's budget as the process's guard sees it,
 * without an API call.
 *
 *   npm run build && N8N_E2E_LINES=1 npx jest -c test/e2e/lib/jest.e2e.config.js --runInBand test/e2e/quota-status.e2e.test.ts
 */

import { startSandbox, type Sandbox } from '../sandbox';
import { chain, drChronoNode, OAUTH2_TYPE, sandboxOAuth2Data, webhookNode, requireBuiltNode } from './lib/drchrono';
import { sharedN8n } from './lib/shared';
import { ensureN8nInstalled, N8nInstance, N8nLine } from './lib/n8n';

const lines = (process.env.N8N_E2E_LINES ?? '1,2').split(',').map((s) => s.trim()).filter(Boolean) as N8nLine[];
const CLIENT = 'quota-status-client';

async function post(url: string): Promise<{ status: number; json: () => any; text: string }> {
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
	const text = await res.text();
	return { status: res.status, text, json: () => JSON.parse(text) };
}

describe.each(lines)('Quota > Get Status in real n8n, line %s', (line) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;

	beforeAll(async () => {
		requireBuiltNode();
		await ensureN8nInstalled(line);
		sandbox = await startSandbox({
			patients: 30,
			quiet: true,
			apps: [{ clientId: CLIENT, clientSecret: 'quota-status-secret', redirectUris: ['*'], quotaLimit: 1000 }],
		});
		n8n = await sharedN8n(line);
	}, 40 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
	}, 120_000);

	it('reports the calls this n8n made for the app and costs none itself', async () => {
		const id = await n8n.createCredential({
			name: 'DrChrono Quota Status',
			type: OAUTH2_TYPE,
			data: {
				...sandboxOAuth2Data(sandbox, sandbox.issueToken(CLIENT), {
					clientId: CLIENT,
					clientSecret: 'quota-status-secret',
					quotaPerHour: 100,
				}),
				quotaReserve: 10,
			},
		});
		const cred = { id, name: 'DrChrono Quota Status' };
		const wf = chain(`Quota status (line ${line})`, [
			webhookNode(`e2e-quota-status-${line}`),
			drChronoNode('Patients', cred, { resource: 'patient', operation: 'getAll', limit: 5 }, [250, 0], { executeOnce: true }),
			drChronoNode('Quota', cred, { resource: 'quota', operation: 'getStatus' }, [500, 0], { executeOnce: true }),
		]);
		const workflowId = await n8n.createWorkflow(wf);
		await n8n.activateWorkflow(workflowId, 120_000);

		const res = await post(n8n.webhookUrl(null, `e2e-quota-status-${line}`));
		expect({ status: res.status, text: res.status === 200 ? '' : res.text.slice(0, 500) }).toEqual({ status: 200, text: '' });
		const calls = sandbox.stats().callsByApp[CLIENT] ?? 0;
		// Only the patient list called DrChrono; Get Status counted it and added none.
		expect(calls).toBe(1);
		expect(res.json()).toMatchObject({ quota: 100, reserve: 10, limit: 90, used: 1, remaining: 89, waiting: 0, state: 'normal' });
		expect(res.json().resetsAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
	});
});
