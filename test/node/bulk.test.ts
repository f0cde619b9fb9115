/**
 * Get Many through DrChrono's bulk `*_list` endpoints, run by n8n-core against the sandbox: the
 * same records as ordinary pages for far fewer calls, and what happens when a job is slow, expires,
 * fails or the records change mid-export.
 */
import { runDrChrono, sandboxCredentials } from '../harness/drchrono';
import type { RunResult } from '../harness/execute';
import { addAppointmentsOn } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { startNodeSandbox } from './helpers';

const DAY = '2031-05-06';
const APPOINTMENTS = 10_000;

let sandbox: Sandbox;

/** A run with a credential whose own quota no test can spend (the standard read of 10,000 appointments is 500 calls). */
const run = (parameters: Record<string, unknown>): Promise<RunResult> =>
	runDrChrono(parameters, { credentials: sandboxCredentials(sandbox, { quotaPerHour: 1_000_000, maxCallsPerSecond: 0 }) });

const calls = (key: string) => sandbox.stats().callsByPath[key] ?? 0;
const counter = (...keys: string[]) => {
	const before = keys.map(calls);
	return () => Object.fromEntries(keys.map((k, i) => [k, calls(k) - before[i]]));
};
const ids = (result: RunResult) => result.items.map((i) => i.json.id as number);

const appointmentsOfDay = { resource: 'appointment', operation: 'getAll', returnAll: true, filters: { date: DAY } };
const allPatients = { resource: 'patient', operation: 'getAll', returnAll: true };

beforeAll(async () => {
	sandbox = await startNodeSandbox({ patients: 2600 });
	addAppointmentsOn(sandbox.store, DAY, APPOINTMENTS);
});
afterAll(async () => sandbox.close());
beforeEach(() => {
	Object.assign(sandbox.bulk, { jobDelayMs: 0, expireNextPolls: 0, failNextPolls: 0, failNextSubmits: 0, beforeSubmit: undefined });
});

describe('the same records, far fewer calls', () => {
	it(`${APPOINTMENTS.toLocaleString('en-US')} appointments: Bulk Export returns exactly what Standard Pages does, for ≤ 40 calls instead of 500`, async () => {
		const standardCount = counter('GET /api/appointments');
		const standard = await run({ ...appointmentsOfDay, listMethod: 'standard' });
		expect(standard.error).toBeUndefined();
		const standardCalls = standardCount()['GET /api/appointments'];

		const bulkCount = counter('POST /api/appointments_list', 'GET /api/appointments_list', 'GET /api/appointments');
		const bulk = await run({ ...appointmentsOfDay, listMethod: 'bulk' });
		expect(bulk.error).toBeUndefined();
		const used = bulkCount();
		const bulkCalls = used['POST /api/appointments_list'] + used['GET /api/appointments_list'];

		expect(bulk.items).toHaveLength(APPOINTMENTS);
		expect(new Set(ids(bulk)).size).toBe(APPOINTMENTS);
		// Same records, same order, same shape.
		expect(bulk.items.map((i) => i.json)).toEqual(standard.items.map((i) => i.json));
		expect(bulk.items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);

		expect(standardCalls).toBe(APPOINTMENTS / 20);
		expect(used['POST /api/appointments_list']).toBe(APPOINTMENTS / 1000);
		expect(used['GET /api/appointments']).toBe(0);
		expect(bulkCalls).toBeLessThanOrEqual(40);
		process.stdout.write(`bulk.test: ${APPOINTMENTS} appointments: standard ${standardCalls} calls, bulk ${bulkCalls} calls (${used['POST /api/appointments_list']} POST + ${used['GET /api/appointments_list']} GET)\n`);
	});

	it('Return All with Method Automatic (the default) reads one ordinary page, then the bulk endpoint, and matches Standard Pages, Verbose and Simplify included', async () => {
		const count = counter('POST /api/patients_list', 'GET /api/patients');
		const auto = await run({ ...allPatients, verbose: true });
		expect(count()).toEqual({ 'POST /api/patients_list': 3, 'GET /api/patients': 1 });
		const standard = await run({ ...allPatients, verbose: true, listMethod: 'standard' });
		expect(auto.items.map((i) => i.json)).toEqual(standard.items.map((i) => i.json));
		expect(auto.items[0].json).toHaveProperty('custom_demographics');

		const simple = await run({ ...allPatients, simplify: true });
		const simpleStandard = await run({ ...allPatients, simplify: true, listMethod: 'standard' });
		expect(simple.items.map((i) => i.json)).toEqual(simpleStandard.items.map((i) => i.json));
	});

	it('a Limit stops at the limit: no page beyond it is asked for', async () => {
		const count = counter('POST /api/patients_list');
		const result = await run({ resource: 'patient', operation: 'getAll', limit: 1500, listMethod: 'bulk' });
		expect(result.items).toHaveLength(1500);
		expect(ids(result)).toEqual(sandbox.store.collection('patients').all().filter((p) => p.archived !== true).slice(0, 1500).map((p) => p.id));
		expect(count()['POST /api/patients_list']).toBe(2);
	});
});

describe("Automatic's choice", () => {
	it('Return All of a list that fits in one ordinary page costs that one call and starts no bulk export', async () => {
		const lastName = sandbox.store.collection('patients').all()[0].last_name as string;
		const few = { resource: 'patient', operation: 'getAll', returnAll: true, filters: { last_name: lastName } };
		const standard = await run({ ...few, listMethod: 'standard' });
		expect(standard.items.length).toBeGreaterThan(0);
		expect(standard.items.length).toBeLessThan(250);
		const count = counter('GET /api/patients', 'POST /api/patients_list', 'GET /api/patients_list');
		const auto = await run(few);
		expect(count()).toEqual({ 'GET /api/patients': 1, 'POST /api/patients_list': 0, 'GET /api/patients_list': 0 });
		expect(ids(auto)).toEqual(ids(standard));
	});

	it('appointments (pages of 20): Limit 60 reads 3 ordinary pages; Limit 61 goes bulk (3 calls instead of 4)', async () => {
		let count = counter('GET /api/appointments', 'POST /api/appointments_list');
		const sixty = await run({ ...appointmentsOfDay, returnAll: false, limit: 60 });
		expect(sixty.items).toHaveLength(60);
		expect(count()).toEqual({ 'GET /api/appointments': 3, 'POST /api/appointments_list': 0 });

		count = counter('GET /api/appointments', 'POST /api/appointments_list', 'GET /api/appointments_list');
		const sixtyOne = await run({ ...appointmentsOfDay, returnAll: false, limit: 61 });
		expect(sixtyOne.items).toHaveLength(61);
		expect(ids(sixtyOne).slice(0, 60)).toEqual(ids(sixty));
		const used = count();
		expect(used['GET /api/appointments']).toBe(0);
		expect(used['POST /api/appointments_list']).toBe(1);
		expect(used['POST /api/appointments_list'] + used['GET /api/appointments_list']).toBeLessThan(4);
	});

	it('patients (pages of 250): Limit 750 reads 3 ordinary pages; Limit 751 goes bulk', async () => {
		let count = counter('GET /api/patients', 'POST /api/patients_list');
		await run({ resource: 'patient', operation: 'getAll', limit: 750 });
		expect(count()).toEqual({ 'GET /api/patients': 3, 'POST /api/patients_list': 0 });
		count = counter('GET /api/patients', 'POST /api/patients_list');
		const result = await run({ resource: 'patient', operation: 'getAll', limit: 751 });
		expect(result.items).toHaveLength(751);
		expect(count()).toEqual({ 'GET /api/patients': 0, 'POST /api/patients_list': 1 });
	});

	it('resources without a bulk endpoint have no Method and read ordinary pages', async () => {
		const count = counter('GET /api/doctors');
		const result = await run({ resource: 'doctor', operation: 'getAll', returnAll: true, listMethod: 'bulk' });
		expect(result.error).toBeUndefined();
		expect(count()['GET /api/doctors']).toBe(1);
	});
});

describe('polling a job', () => {
	it('a job that takes 2.5 s is polled after 1 s and again 2 s later: one POST, two GETs, each counted', async () => {
		sandbox.bulk.jobDelayMs = 2500;
		const count = counter('POST /api/patients_list', 'GET /api/patients_list');
		const started = Date.now();
		const result = await run({ resource: 'patient', operation: 'getAll', limit: 900, listMethod: 'bulk' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(900);
		expect(count()).toEqual({ 'POST /api/patients_list': 1, 'GET /api/patients_list': 2 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(2500);
	});

	it('a job still "In progress" past Bulk Job Timeout fails the item with a clear message', async () => {
		sandbox.bulk.jobDelayMs = 60_000;
		const count = counter('POST /api/patients_list', 'GET /api/patients_list');
		const result = await run({ resource: 'patient', operation: 'getAll', limit: 900, listMethod: 'bulk', bulkTimeout: 2 });
		expect(result.error?.message).toMatch(/did not finish in time: page 1 \(patients_list\) was still "In progress" after 2 s and 2 polls/);
		expect(result.error?.description).toMatch(/Bulk Job Timeout/);
		expect(count()).toEqual({ 'POST /api/patients_list': 1, 'GET /api/patients_list': 2 });
	});

	it('an expired uuid re-submits that page once and the records are complete', async () => {
		sandbox.bulk.expireNextPolls = 1;
		const count = counter('POST /api/patients_list');
		const result = await run({ ...allPatients, listMethod: 'bulk' });
		const expected = sandbox.store.collection('patients').all().filter((p) => p.archived !== true).map((p) => p.id);
		expect(ids(result)).toEqual(expected);
		expect(count()['POST /api/patients_list']).toBe(Math.ceil(expected.length / 1000) + 1);
	});

	it('a uuid that expires again after its re-submission fails with a clear message', async () => {
		sandbox.bulk.expireNextPolls = 2;
		const result = await run({ resource: 'patient', operation: 'getAll', limit: 900, listMethod: 'bulk' });
		expect(result.error?.message).toMatch(/expired twice before it could be read/);
		expect(result.error?.description).toMatch(/Invalid uuid specified/);
	});
});

describe('faults', () => {
	const expectedPatients = () => sandbox.store.collection('patients').all().filter((p) => p.archived !== true).map((p) => p.id);

	it('a 503 on a poll (a GET) is retried and nothing is lost or repeated', async () => {
		sandbox.bulk.failNextPolls = 1;
		const count = counter('POST /api/patients_list', 'GET /api/patients_list');
		const result = await run({ ...allPatients, listMethod: 'bulk' });
		expect(ids(result)).toEqual(expectedPatients());
		const pages = Math.ceil(expectedPatients().length / 1000);
		expect(count()['POST /api/patients_list']).toBe(pages);
		expect(count()['GET /api/patients_list']).toBe(pages + 1);
	});

	it('a 503 on the POST is sent again once (the POST only starts a read; the unseen job expires) and nothing is repeated', async () => {
		sandbox.bulk.failNextSubmits = 1;
		const count = counter('POST /api/patients_list');
		const result = await run({ ...allPatients, listMethod: 'bulk' });
		expect(ids(result)).toEqual(expectedPatients());
		expect(count()['POST /api/patients_list']).toBe(Math.ceil(expectedPatients().length / 1000) + 1);
	});

	it('a POST that fails twice in a row is not sent a third time: the item fails with the 503', async () => {
		sandbox.bulk.failNextSubmits = 2;
		const count = counter('POST /api/patients_list');
		const result = await run({ ...allPatients, listMethod: 'bulk' });
		expect(result.error?.message).toMatch(/503/);
		expect(count()['POST /api/patients_list']).toBe(2);
	});

	it('records removed mid-export shift the pages: the seam is read again and no remaining record is lost or repeated', async () => {
		const patients = sandbox.store.collection('patients');
		const before = expectedPatients();
		const removed = before.slice(10, 15);
		sandbox.bulk.beforeSubmit = (endpoint, page) => {
			if (endpoint === 'patients_list' && page === 3 && patients.has(removed[0])) for (const id of removed) patients.remove(id);
		};
		const count = counter('POST /api/patients_list');
		try {
			const result = await run({ ...allPatients, listMethod: 'bulk' });
			expect(result.error).toBeUndefined();
			const got = ids(result);
			expect(new Set(got).size).toBe(got.length);
			// Every record that existed throughout is there, once, in id order.
			const kept = before.filter((id) => !removed.includes(id));
			expect(got.filter((id) => !removed.includes(id))).toEqual(kept);
			expect([...got].sort((a, b) => a - b)).toEqual(got);
			// Pages 1-3, then pages 2 and 3 again from one state.
			expect(count()['POST /api/patients_list']).toBe(Math.ceil(before.length / 1000) + 2);
		} finally {
			sandbox.bulk.beforeSubmit = undefined;
		}
	});
});
