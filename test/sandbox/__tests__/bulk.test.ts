/** The bulk `*_list` endpoints as DrChrono documents them (support article S7, OpenAPI). */
import { startSandbox, type Sandbox } from '../index';
import { call, FakeClock } from './helpers';

const HOUR = 3_600_000;
const clock = new FakeClock(1_000_000 * HOUR + 1000);
let sb: Sandbox;
let token: string;

beforeAll(async () => {
	sb = await startSandbox({ quiet: true, patients: 2500, clock, apps: [{ clientId: 'a', clientSecret: 's', redirectUris: ['*'], quotaLimit: 100_000 }] });
	token = sb.issueToken('a').access_token;
});
afterAll(async () => sb.close());
beforeEach(() => Object.assign(sb.bulk, { jobDelayMs: 0, cacheMs: HOUR, expireNextPolls: 0 }));

const patientIds = () => sb.store.collection('patients').all().filter((p) => p.archived !== true).map((p) => p.id);

test('POST answers 201 In progress with a uuid; GET answers In progress until the delay has passed, then the page', async () => {
	sb.bulk.jobDelayMs = 5000;
	const posted = await call(sb, token, 'POST', '/api/patients_list?page=1&page_size=1000&order_by=id');
	expect(posted.status).toBe(201);
	expect(posted.body).toEqual({ status: 'In progress', uuid: expect.any(String), description: expect.stringContaining(`patients_list?uuid=${posted.body.uuid}`) });

	const early = await call(sb, token, 'GET', `/api/patients_list?uuid=${posted.body.uuid}`);
	expect(early.status).toBe(200);
	expect(early.body).toEqual({ status: 'In progress', uuid: posted.body.uuid });

	clock.advance(5000);
	const done = await call(sb, token, 'GET', `/api/patients_list?uuid=${posted.body.uuid}`);
	const all = patientIds();
	expect(done.body.status).toBe('Complete');
	expect(done.body.pagination).toEqual({ count: all.length, pages: Math.ceil(all.length / 1000), page_size: 1000, page: 1 });
	expect(done.body.results.map((p: { id: number }) => p.id)).toEqual(all.slice(0, 1000));
});

test('each page is its own POST; the pages of one state tile the list in id order', async () => {
	const ids: number[] = [];
	for (let page = 1; page <= 3; page++) {
		const posted = await call(sb, token, 'POST', `/api/patients_list?page=${page}&page_size=1000&order_by=id`);
		const got = await call(sb, token, 'GET', `/api/patients_list?uuid=${posted.body.uuid}`);
		expect(got.body.pagination.page).toBe(page);
		ids.push(...got.body.results.map((p: { id: number }) => p.id));
	}
	expect(ids).toEqual(patientIds());
	const beyond = await call(sb, token, 'POST', '/api/patients_list?page=4&page_size=1000');
	expect(beyond.status).toBe(400);
});

test('page_size up to 1,000 (20,000 for clinical note field values); filters apply as on the ordinary list', async () => {
	expect((await call(sb, token, 'POST', '/api/patients_list?page_size=1001')).status).toBe(400);
	expect((await call(sb, token, 'POST', '/api/clinical_note_field_values_list?page_size=20000')).status).toBe(201);
	expect((await call(sb, token, 'POST', '/api/clinical_note_field_values_list?page_size=20001')).status).toBe(400);
	const someone = sb.store.collection('patients').all()[3];
	const posted = await call(sb, token, 'POST', `/api/patients_list?gender=${someone.gender}&last_name=${encodeURIComponent(String(someone.last_name))}`);
	const got = await call(sb, token, 'GET', `/api/patients_list?uuid=${posted.body.uuid}`);
	const ordinary = await call(sb, token, 'GET', `/api/patients?gender=${someone.gender}&last_name=${encodeURIComponent(String(someone.last_name))}`);
	expect(got.body.results).toEqual(ordinary.body.results);
	expect((await call(sb, token, 'POST', '/api/patients_list?order_by=first_name')).status).toBe(400);
});

test('results are cached one hour: then the uuid gives {"detail": "Invalid uuid specified"}; unknown uuids too', async () => {
	const posted = await call(sb, token, 'POST', '/api/line_items_list');
	clock.advance(HOUR - 1);
	expect((await call(sb, token, 'GET', `/api/line_items_list?uuid=${posted.body.uuid}`)).body.status).toBe('Complete');
	clock.advance(1);
	const expired = await call(sb, token, 'GET', `/api/line_items_list?uuid=${posted.body.uuid}`);
	expect(expired.status).toBe(404);
	expect(expired.body).toEqual({ detail: 'Invalid uuid specified' });
	expect((await call(sb, token, 'GET', '/api/line_items_list?uuid=nope')).body).toEqual({ detail: 'Invalid uuid specified' });
	// A uuid of another endpoint is not valid here.
	const other = await call(sb, token, 'POST', '/api/transactions_list');
	expect((await call(sb, token, 'GET', `/api/line_items_list?uuid=${other.body.uuid}`)).status).toBe(404);
});

test('the expireNextPolls lever expires a job as the hour passing would', async () => {
	const posted = await call(sb, token, 'POST', '/api/patients_list');
	sb.bulk.expireNextPolls = 1;
	expect((await call(sb, token, 'GET', `/api/patients_list?uuid=${posted.body.uuid}`)).body).toEqual({ detail: 'Invalid uuid specified' });
	expect((await call(sb, token, 'GET', `/api/patients_list?uuid=${posted.body.uuid}`)).status).toBe(404);
});

test('scopes: the area read scope for POST and GET alike; no scope, 403', async () => {
	const reader = sb.issueToken('a', ['patients:read']).access_token;
	const posted = await call(sb, reader, 'POST', '/api/patients_list');
	expect(posted.status).toBe(201);
	expect((await call(sb, reader, 'GET', `/api/patients_list?uuid=${posted.body.uuid}`)).status).toBe(200);
	const denied = await call(sb, reader, 'POST', '/api/appointments_list?since=2020-01-01');
	expect(denied.status).toBe(403);
	expect(denied.body.detail).toContain('calendar:read');
});

test('quota: every POST and every GET counts, and they are counted by path', async () => {
	const before = sb.stats();
	const posted = await call(sb, token, 'POST', '/api/eligibility_checks_list');
	await call(sb, token, 'GET', `/api/eligibility_checks_list?uuid=${posted.body.uuid}`);
	await call(sb, token, 'GET', `/api/eligibility_checks_list?uuid=${posted.body.uuid}`);
	const after = sb.stats();
	expect(after.quota.a.used - before.quota.a.used).toBe(3);
	expect((after.callsByPath['POST /api/eligibility_checks_list'] ?? 0) - (before.callsByPath['POST /api/eligibility_checks_list'] ?? 0)).toBe(1);
	expect((after.callsByPath['GET /api/eligibility_checks_list'] ?? 0) - (before.callsByPath['GET /api/eligibility_checks_list'] ?? 0)).toBe(2);
});

test('appointments_list keeps the ordinary list rules: one of since/date/date_range is needed', async () => {
	expect((await call(sb, token, 'POST', '/api/appointments_list')).status).toBe(400);
	expect((await call(sb, token, 'POST', '/api/appointments_list?since=2000-01-01&order_by=id')).status).toBe(201);
	expect((await call(sb, token, 'PUT', '/api/appointments_list')).status).toBe(405);
});
