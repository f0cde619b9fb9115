/**
 * Bulk exports in real n8n (both lines, scripts/n8n/versions.json): a Return All of appointments
 * with Method Automatic (the default) reads DrChrono's bulk `appointments_list` endpoint, waits
 * for the job through n8n's `sleep`, and returns every record once.
 *
 *   npm run build && N8N_E2E_LINES=1 npx jest -c test/e2e/lib/jest.e2e.config.js --runInBand test/e2e/bulk.e2e.test.ts
 */

import { addAppointmentsOn, startSandbox, type Sandbox } from '../sandbox';
import { chain, codeNode, CredRef, drChronoNode, OAUTH2_TYPE, sandboxOAuth2Data, webhookNode, requireBuiltNode } from './lib/drchrono';
import { sharedN8n } from './lib/shared';
import { ensureN8nInstalled, N8nInstance, N8nLine } from './lib/n8n';

const lines = (process.env.N8N_E2E_LINES ?? '1,2').split(',').map((s) => s.trim()).filter(Boolean) as N8nLine[];
const CLIENT = 'sandbox-client-id';
const DAY = '2031-05-06';
const APPOINTMENTS = 2500;

describe.each(lines)('bulk exports in real n8n, line %s', (line) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let cred: CredRef;

	beforeAll(async () => {
		requireBuiltNode();
		await ensureN8nInstalled(line);
		sandbox = await startSandbox({
			patients: 20,
			quiet: true,
			// DrChrono prepares each page first; the node polls after 1 s, then 2 s later.
			bulk: { jobDelayMs: 1500 },
			apps: [{ clientId: CLIENT, clientSecret: 'sandbox-client-secret', redirectUris: ['*'], quotaLimit: 100_000 }],
		});
		addAppointmentsOn(sandbox.store, DAY, APPOINTMENTS);
		n8n = await sharedN8n(line);
		const id = await n8n.createCredential({
			name: 'DrChrono Sandbox',
			type: OAUTH2_TYPE,
			data: sandboxOAuth2Data(sandbox, sandbox.issueToken(CLIENT), { quotaPerHour: 100_000, maxCallsPerSecond: 50 }),
		});
		cred = { id, name: 'DrChrono Sandbox' };
	}, 40 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
	}, 120_000);

	/**
	 * Deploys webhook → Get Many appointments of DAY (Return All, Automatic) → summary, runs it once
	 * and answers the summary, the calls it made per path, and the ids the sandbox holds for DAY.
	 */
	async function readDayThroughN8n(hookPath: string): Promise<{ summary: { count: number; unique: number; ids: string[] }; delta: (key: string) => number; expected: string[] }> {
		const wf = chain(`Appointments of the day (${hookPath})`, [
			webhookNode(hookPath),
			drChronoNode('Appointments', cred, { resource: 'appointment', operation: 'getAll', returnAll: true, filters: { date: DAY }, options: {} }, [250, 0]),
			codeNode(
				'Summary',
				'const all = $input.all().map((i) => i.json);\nreturn [{ json: { count: all.length, unique: new Set(all.map((a) => a.id)).size, ids: all.map((a) => a.id) } }];',
				[500, 0],
			),
		]);
		const id = await n8n.createWorkflow(wf);
		await n8n.activateWorkflow(id, 120_000);
		const before = sandbox.stats().callsByPath;
		const response = await fetch(n8n.webhookUrl(null, hookPath), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		const text = await response.text();
		expect({ status: response.status, text: response.status === 200 ? '' : text.slice(0, 500) }).toEqual({ status: 200, text: '' });
		const after = sandbox.stats().callsByPath;
		const expected = sandbox.store
			.collection('appointments')
			.all()
			.filter((a) => String(a.scheduled_time).startsWith(DAY))
			// DrChrono answers an appointment's id as a JSON string.
			.map((a) => String(a.id));
		return { summary: JSON.parse(text), delta: (key) => (after[key] ?? 0) - (before[key] ?? 0), expected };
	}

	it(`a Return All of ${APPOINTMENTS} appointments with Method Automatic uses appointments_list and returns every record once`, async () => {
		const { summary, delta, expected } = await readDayThroughN8n(`e2e-bulk-${line}`);
		expect(summary.count).toBe(expected.length);
		expect(summary.unique).toBe(expected.length);
		expect(summary.ids).toEqual(expected);
		expect(delta('POST /api/appointments_list')).toBe(Math.ceil(expected.length / 1000));
		expect(delta('GET /api/appointments_list')).toBeGreaterThanOrEqual(Math.ceil(expected.length / 1000));
		// Automatic reads one ordinary page first, to learn that the list is longer than a page.
		expect(delta('GET /api/appointments')).toBe(1);
	}, 300_000);

	it('Automatic falls back on a refused bulk POST: the same records through ordinary pages', async () => {
		// A DrChrono (or stand-in) without the bulk endpoints for this app.
		sandbox.bulk.refuseSubmits = 404;
		try {
			const { summary, delta, expected } = await readDayThroughN8n(`e2e-bulk-refused-${line}`);
			expect(summary.count).toBe(expected.length);
			expect(summary.ids).toEqual(expected);
			expect(delta('POST /api/appointments_list')).toBe(1);
			// The first page, then the whole list in ordinary pages of 20.
			expect(delta('GET /api/appointments')).toBe(1 + Math.ceil(expected.length / 20));
		} finally {
			sandbox.bulk.refuseSubmits = undefined;
		}
	}, 300_000);
});
