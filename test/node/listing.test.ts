/** Get Many paging as the sandbox counts it: each page once, no page the limit does not need. */
import type { Sandbox } from '../sandbox';
import { run, startNodeSandbox } from './helpers';

describe('Get Many paging', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startNodeSandbox({ patients: 1000 });
	});
	afterAll(async () => sandbox.close());

	const listCalls = (path = '/api/patients') => sandbox.stats().callsByPath[`GET ${path}`] ?? 0;

	it('Return All over 1,000 patients returns each once with ceil(1000/250) = 4 list calls', async () => {
		const before = listCalls();
		const result = await run(sandbox, { resource: 'patient', operation: 'getAll', returnAll: true, listMethod: 'standard' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1000);
		const ids = result.items.map((i) => i.json.id as number);
		expect(new Set(ids).size).toBe(1000);
		expect(new Set(ids)).toEqual(new Set(sandbox.store.collection('patients').all().map((p) => p.id)));
		expect(listCalls() - before).toBe(Math.ceil(1000 / 250));
		expect(sandbox.stats().callsByPath['GET /api/patients/{id}'] ?? 0).toBe(0);
	});

	it('an appointment Return All of 1,000 asks for pages of 20 and costs 50 calls', async () => {
		const appointments = sandbox.store.collection('appointments');
		const template = appointments.all()[0];
		const day = '2031-05-06';
		for (let i = 0; i < 1000; i++) {
			const minute = String(i % 60).padStart(2, '0');
			const hour = String(8 + Math.floor(i / 60) % 10).padStart(2, '0');
			appointments.insert({ ...template, id: appointments.allocateId(), scheduled_time: `${day}T${hour}:${minute}:00`, deleted_flag: false });
		}
		const before = listCalls('/api/appointments');
		const result = await run(sandbox, { resource: 'appointment', operation: 'getAll', returnAll: true, listMethod: 'standard', filters: { date: day } });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1000);
		expect(new Set(result.items.map((i) => i.json.id)).size).toBe(1000);
		expect(listCalls('/api/appointments') - before).toBe(50);
	});

	it('Limit 10 makes one call and returns 10', async () => {
		const before = listCalls();
		const result = await run(sandbox, { resource: 'patient', operation: 'getAll', returnAll: false, limit: 10 });
		expect(result.items).toHaveLength(10);
		expect(listCalls() - before).toBe(1);
	});

	it('Verbose pages by 50: Limit 120 costs 3 calls', async () => {
		const before = listCalls();
		const result = await run(sandbox, { resource: 'patient', operation: 'getAll', returnAll: false, limit: 120, verbose: true });
		expect(result.items).toHaveLength(120);
		expect(listCalls() - before).toBe(3);
		expect(result.items[0].json).toHaveProperty('custom_demographics');
	});

	it('filters go to DrChrono as query parameters and the rows match them', async () => {
		const someone = sandbox.store.collection('patients').all()[17];
		const result = await run(sandbox, {
			resource: 'patient',
			operation: 'getAll',
			returnAll: true,
			filters: { last_name: someone.last_name, gender: someone.gender },
		});
		const expected = sandbox.store
			.collection('patients')
			.all()
			.filter((p) => p.last_name === someone.last_name && p.gender === someone.gender && p.archived !== true);
		expect(result.items.map((i) => i.json.id).sort()).toEqual(expected.map((p) => p.id).sort());
	});

	it('Simplify keeps only the fields most workflows use', async () => {
		const result = await run(sandbox, { resource: 'patient', operation: 'getAll', limit: 2, simplify: true });
		expect(Object.keys(result.items[0].json)).not.toContain('primary_insurance');
		expect(result.items[0].json).toHaveProperty('first_name');
	});

	it('appointments of a date range come back complete and in one call per page', async () => {
		const today = new Date().toISOString().slice(0, 10);
		const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
		const before = listCalls('/api/appointments');
		const result = await run(sandbox, {
			resource: 'appointment',
			operation: 'getAll',
			returnAll: true,
			listMethod: 'standard',
			filters: { date_range: `${today}/${inTwoWeeks}` },
		});
		expect(result.error).toBeUndefined();
		const expected = sandbox.store
			.collection('appointments')
			.all()
			.filter((a) => String(a.scheduled_time).slice(0, 10) >= today && String(a.scheduled_time).slice(0, 10) <= inTwoWeeks);
		expect(result.items).toHaveLength(expected.length);
		// DrChrono answers at most 20 appointments per page (resources/pageSizes.ts).
		expect(listCalls('/api/appointments') - before).toBe(Math.max(1, Math.ceil(expected.length / 20)));
	});
});
