/**
 * Get Many's Automatic when DrChrono refuses the bulk `*_list` POST (an app without bulk access, a
 * stand-in without the endpoints) or the job fails: it reads the same request through standard
 * pages, remembers the refusal for the app for an hour, and Bulk Export chosen explicitly still fails
 * with DrChrono's answer. Its own file: the refusal memory lives as long as the process.
 */
import { runDrChrono, sandboxCredentials } from '../harness/drchrono';
import type { RunResult } from '../harness/execute';
import type { Sandbox } from '../sandbox';
import { startNodeSandbox } from './helpers';

const PATIENTS = 700;
let sandbox: Sandbox;

const run = (parameters: Record<string, unknown>): Promise<RunResult> =>
	runDrChrono(parameters, { credentials: sandboxCredentials(sandbox, { quotaPerHour: 1_000_000, maxCallsPerSecond: 0 }) });
const calls = (key: string) => sandbox.stats().callsByPath[key] ?? 0;
const ids = (result: RunResult) => result.items.map((i) => String(i.json.id));
const allPatients = { resource: 'patient', operation: 'getAll', returnAll: true };

beforeAll(async () => {
	sandbox = await startNodeSandbox({ patients: PATIENTS });
});
afterAll(async () => sandbox.close());
afterEach(() => jest.restoreAllMocks());

it('a refused bulk POST: Automatic reads standard pages (same records), skips bulk for that app for an hour; Bulk Export fails with DrChrono’s answer', async () => {
	const standard = await run({ ...allPatients, listMethod: 'standard' });
	expect(standard.error).toBeUndefined();
	expect(standard.items).toHaveLength(PATIENTS);

	sandbox.bulk.refuseSubmits = 404;
	const explicit = await run({ ...allPatients, listMethod: 'bulk' });
	expect(explicit.error?.message).toMatch(/404/);
	expect(explicit.items).toHaveLength(0);

	const posts = calls('POST /api/patients_list');
	const pages = calls('GET /api/patients');
	const automatic = await run({ ...allPatients, listMethod: 'auto' });
	expect(automatic.error).toBeUndefined();
	expect(ids(automatic)).toEqual(ids(standard));
	expect(automatic.items.map((i) => i.json)).toEqual(standard.items.map((i) => i.json));
	expect(calls('POST /api/patients_list') - posts).toBe(1);
	// The first page that showed the list is long, then the whole list by standard pages.
	expect(calls('GET /api/patients') - pages).toBe(1 + Math.ceil(PATIENTS / 250));

	// Within the hour: straight to standard pages, no bulk POST at all.
	const again = await run({ ...allPatients, listMethod: 'auto' });
	expect(again.error).toBeUndefined();
	expect(ids(again)).toEqual(ids(standard));
	expect(calls('POST /api/patients_list') - posts).toBe(1);

	// An hour later, with bulk access back, Automatic tries bulk export again.
	sandbox.bulk.refuseSubmits = undefined;
	const later = Date.now() + 61 * 60_000;
	jest.spyOn(Date, 'now').mockImplementation(() => later);
	const afterHour = await run({ ...allPatients, listMethod: 'auto' });
	expect(afterHour.error).toBeUndefined();
	expect(ids(afterHour)).toEqual(ids(standard));
	expect(calls('POST /api/patients_list') - posts).toBe(2);
});

it('a 403 refusal (an app without bulk access) falls back to standard pages too', async () => {
	jest.spyOn(Date, 'now').mockImplementation(() => Date.UTC(2040, 0, 1)); // past any remembered refusal
	const standard = await run({ ...allPatients, listMethod: 'standard' });
	sandbox.bulk.refuseSubmits = 403;
	const refused = await run({ ...allPatients, listMethod: 'auto' });
	expect(refused.error).toBeUndefined();
	expect(ids(refused)).toEqual(ids(standard));
	sandbox.bulk.refuseSubmits = undefined;
});
