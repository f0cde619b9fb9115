import { createHmac } from 'node:crypto';
import { startSandbox, type Sandbox } from '../index';
import { call, sleep, startReceiver, type Receiver } from './helpers';

const SECRET = 'webhook-secret-123';
const EVENTS = ['PATIENT_CREATE', 'PATIENT_MODIFY', 'APPOINTMENT_MODIFY', 'APPOINTMENT_BILLING_STATUS_BI', 'APPOINTMENT_BILLING_STATUS_RTb', 'TASK_MODIFY', 'TASK_DELETE', 'CLINICAL_NOTE_LOCK', 'CLINICAL_NOTE_UNLOCK', 'PATIENT_FLAG_CREATE', 'PATIENT_FLAG_MODIFY', 'VACCINE_ADMINISTERED', 'LINE_ITEM_DELETE'];
let sb: Sandbox;
let rx: Receiver;
let token: string;
let doctor: number;

beforeAll(async () => {
	sb = await startSandbox({ quiet: true, patients: 10, hourMs: 100, apps: [{ clientId: 'hook-app', clientSecret: 's', redirectUris: ['*'] }] });
	token = sb.issueToken('hook-app').access_token;
	doctor = sb.store.meta.primaryDoctorId;
	rx = await startReceiver(SECRET);
});
afterAll(async () => {
	await sb.close();
	await rx.close();
});
beforeEach(() => {
	rx.requests.length = 0;
	rx.postStatus = 200;
	rx.handshakeSecret = SECRET;
});

async function newPatient(first = 'Hook'): Promise<number> {
	const res = await call(sb, token, 'POST', '/api/patients?allow_duplicates=true', { first_name: first, last_name: 'Receiver', gender: 'Female', doctor });
	expect(res.status).toBe(201);
	return res.body.id;
}

describe('verification handshake', () => {
	test('passes when the receiver answers 200 {"secret_token": hex(HMAC-SHA256(secret, msg))}', async () => {
		sb.configureWebhook('hook-app', { callbackUrl: rx.url, secretToken: SECRET, events: EVENTS });
		const result = await sb.verifyWebhook('hook-app');
		expect(result.verified).toBe(true);
		expect(result.status).toBe(200);
		const get = rx.requests.find((r) => r.method === 'GET')!;
		const msg = new URL(get.url, 'http://x').searchParams.get('msg');
		expect(msg).toMatch(/^[0-9a-f]{16,}$/);
	});

	test('fails on a wrong token, and an unverified hook gets no deliveries', async () => {
		rx.handshakeSecret = 'other-secret';
		sb.configureWebhook('hook-app', { callbackUrl: `${rx.url}?moved=1`, secretToken: SECRET, events: EVENTS });
		const result = await call(sb, null, 'POST', '/_sandbox/webhooks/verify', { clientId: 'hook-app' });
		expect(result.body.verified).toBe(false);
		await newPatient();
		await sleep(150);
		expect(rx.posts()).toHaveLength(0);
		// verify again properly for the following tests (the URL changed, so it must be re-verified)
		rx.handshakeSecret = SECRET;
		sb.configureWebhook('hook-app', { callbackUrl: rx.url, secretToken: SECRET, events: EVENTS });
		expect((await sb.verifyWebhook('hook-app')).verified).toBe(true);
	});

	test('fails on a non-200 or unreachable receiver', async () => {
		sb.configureWebhook('hook-app', { callbackUrl: 'http://127.0.0.1:1/nothing', secretToken: SECRET, events: EVENTS });
		expect((await sb.verifyWebhook('hook-app')).verified).toBe(false);
		sb.configureWebhook('hook-app', { callbackUrl: rx.url, secretToken: SECRET, events: EVENTS });
		expect((await sb.verifyWebhook('hook-app')).verified).toBe(true);
	});
});

describe('deliveries', () => {
	test('POST with the documented headers and {receiver, object} body; the secret as signature', async () => {
		const id = await newPatient('Delivered');
		const [post] = await rx.waitFor(1);
		expect(post.headers['content-type']).toBe('application/json');
		expect(post.headers['x-drchrono-event']).toBe('PATIENT_CREATE');
		expect(post.headers['x-drchrono-signature']).toBe(SECRET);
		expect(post.headers['x-drchrono-delivery']).toEqual(expect.any(String));
		const body = JSON.parse(post.body);
		expect(body.receiver).toEqual({ id: expect.any(Number), name: expect.any(String), callback_url: rx.url, events: EVENTS });
		expect(body.object).toEqual((await call(sb, token, 'GET', `/api/patients/${id}?verbose=true`)).body);
	});

	test('modify events; events not subscribed are not sent', async () => {
		const id = await newPatient();
		await rx.waitFor(1);
		await call(sb, token, 'PATCH', `/api/patients/${id}`, { nick_name: 'x' });
		const posts = await rx.waitFor(2);
		expect(posts[1].headers['x-drchrono-event']).toBe('PATIENT_MODIFY');
		expect(JSON.parse(posts[1].body).object.nick_name).toBe('x');
		// allergies are not subscribed
		await call(sb, token, 'POST', '/api/allergies', { doctor, patient: id });
		await sleep(100);
		expect(rx.posts()).toHaveLength(2);
	});

	test('billing status, task notes, note lock, task delete, flags, vaccines, line item delete', async () => {
		const appt = sb.store.collection('appointments').all()[0];
		await call(sb, token, 'PATCH', `/api/appointments/${appt.id}`, { billing_status: 'Bill Insurance' });
		await call(sb, token, 'PATCH', `/api/appointments/${appt.id}`, { billing_status: 'Ready to Bill' });
		const task = sb.store.collection('tasks').all()[0];
		await call(sb, token, 'POST', '/api/task_notes', { task: task.id, text: 'note' });
		await call(sb, null, 'POST', `/_sandbox/clinical_notes/${appt.id}/lock`);
		await call(sb, null, 'POST', `/_sandbox/clinical_notes/${appt.id}/unlock`);
		await call(sb, null, 'POST', `/_sandbox/tasks/${task.id}/delete`);
		const flagType = sb.store.collection('patient_flag_types').all()[0].id;
		const pid = sb.store.collection('patients').all()[9].id;
		await call(sb, token, 'PATCH', `/api/patients/${pid}`, { patient_flags_attached: [{ flag_type: flagType, flag_text: 'VIP' }] });
		const flagId = sb.store.collection('patients').get(pid)!.patient_flags_attached as Array<{ id: number }>;
		await call(sb, token, 'PATCH', `/api/patients/${pid}`, { patient_flags_attached: [{ id: flagId[0].id, flag_text: 'VIP+' }] });
		await call(sb, token, 'POST', '/api/patient_vaccine_records', { patient: pid, cvx_code: '141', name: 'Influenza' });
		const li = sb.store.collection('line_items').all()[0];
		await call(sb, token, 'DELETE', `/api/line_items/${li.id}`);

		const posts = await rx.waitFor(14);
		await sleep(50);
		const events = rx.posts().map((p) => p.headers['x-drchrono-event']);
		expect(events).toEqual(expect.arrayContaining([
			'APPOINTMENT_MODIFY', 'APPOINTMENT_BILLING_STATUS_BI', 'APPOINTMENT_BILLING_STATUS_RTb', 'TASK_MODIFY',
			'CLINICAL_NOTE_LOCK', 'CLINICAL_NOTE_UNLOCK', 'TASK_DELETE', 'PATIENT_FLAG_CREATE', 'PATIENT_FLAG_MODIFY',
			'VACCINE_ADMINISTERED', 'LINE_ITEM_DELETE', 'PATIENT_MODIFY',
		]));
		const taskModify = posts.find((p) => p.headers['x-drchrono-event'] === 'TASK_MODIFY')!;
		expect(JSON.parse(taskModify.body).object.id).toBe(task.id);
		const lock = posts.find((p) => p.headers['x-drchrono-event'] === 'CLINICAL_NOTE_LOCK')!;
		expect(JSON.parse(lock.body).object).toMatchObject({ appointment: appt.id });
		expect(sb.store.collection('tasks').has(task.id)).toBe(false);
	});

	test('inactive webhooks get nothing', async () => {
		sb.configureWebhook('hook-app', { callbackUrl: rx.url, secretToken: SECRET, events: EVENTS, active: false });
		await newPatient();
		await sleep(100);
		expect(rx.posts()).toHaveLength(0);
		sb.configureWebhook('hook-app', { callbackUrl: rx.url, secretToken: SECRET, events: EVENTS, active: true });
	});

	test('non-2xx (and 3xx, not followed) is retried at +1, +3, +7 hours after the event, then given up', async () => {
		rx.postStatus = 302;
		const started = Date.now();
		await newPatient('Retry');
		const posts = await rx.waitFor(4, 6000);
		const offsets = posts.map((p) => p.at - started);
		// hourMs = 100: attempts at about 0, 100, 300 and 700 ms after the event
		expect(offsets[0]).toBeLessThan(offsets[1]);
		expect(offsets[1]).toBeGreaterThanOrEqual(90);
		expect(offsets[2]).toBeGreaterThanOrEqual(290);
		expect(offsets[3]).toBeGreaterThanOrEqual(690);
		expect(new Set(posts.map((p) => p.headers['x-drchrono-delivery'])).size).toBe(1);
		expect(rx.requests.some((r) => r.url.includes('elsewhere'))).toBe(false);
		await sleep(500);
		expect(rx.posts()).toHaveLength(4);
		const id = posts[0].headers['x-drchrono-delivery'] as string;
		const log = sb.stats().deliveries.filter((d) => d.id === id);
		expect(log.map((d) => [d.attempt, d.status])).toEqual([[1, 302], [2, 302], [3, 302], [4, 302]]);
		const record = sb.deliveries().find((d) => d.id === id)!;
		expect(record.delivered).toBe(false);
		expect(record.pendingRetries).toBe(0);
	});

	test('a failure then success stops the retries', async () => {
		rx.postStatus = 500;
		await newPatient('Flaky');
		await rx.waitFor(1);
		rx.postStatus = 204;
		await rx.waitFor(2, 2000);
		await sleep(400);
		expect(rx.posts()).toHaveLength(2);
	});

	test('redeliver sends the same body with the same X-drchrono-delivery id', async () => {
		await newPatient('Again');
		const [first] = await rx.waitFor(1);
		const id = first.headers['x-drchrono-delivery'] as string;
		const res = await call(sb, null, 'POST', '/_sandbox/webhooks/redeliver', { deliveryId: id });
		expect(res.status).toBe(200);
		expect(res.body).toMatchObject({ id, ok: true, status: 200 });
		const posts = await rx.waitFor(2);
		expect(posts[1].headers['x-drchrono-delivery']).toBe(id);
		expect(posts[1].body).toBe(first.body);
		expect((await call(sb, null, 'POST', '/_sandbox/webhooks/redeliver', { deliveryId: 'nope' })).status).toBe(404);
	});

	test('ping posts X-drchrono-event: PING', async () => {
		const attempt = await sb.ping('hook-app');
		expect(attempt).toMatchObject({ event: 'PING', status: 200, ok: true, attempt: 1 });
		const [post] = await rx.waitFor(1);
		expect(post.headers['x-drchrono-event']).toBe('PING');
		expect(post.headers['x-drchrono-signature']).toBe(SECRET);
		const deliveries = (await call(sb, null, 'GET', '/_sandbox/deliveries')).body;
		expect(deliveries.some((d: { event: string }) => d.event === 'PING')).toBe(true);
	});
});

test('signatureMode hmac signs the raw body; flagModifyEvent may use the docs spelling', async () => {
	const hmacSb = await startSandbox({ quiet: true, patients: 3, signatureMode: 'hmac', flagModifyEvent: 'PATIENT_FLAG_CMODIFY' });
	const r = await startReceiver(SECRET);
	try {
		// subscribed with the help article's spelling; delivered with the docs' spelling
		hmacSb.configureWebhook('sandbox-client-id', { callbackUrl: r.url, secretToken: SECRET, events: ['PATIENT_CREATE', 'PATIENT_FLAG_MODIFY'] });
		expect((await hmacSb.verifyWebhook('sandbox-client-id')).verified).toBe(true);
		const t = hmacSb.issueToken().access_token;
		const flagType = hmacSb.store.collection('patient_flag_types').all()[0].id;
		const created = await call(hmacSb, t, 'POST', '/api/patients', {
			gender: 'Male', doctor: hmacSb.store.meta.primaryDoctorId, patient_flags_attached: [{ flag_type: flagType, flag_text: 'a' }],
		});
		const flag = created.body.patient_flags_attached[0];
		await call(hmacSb, t, 'PATCH', `/api/patients/${created.body.id}`, { patient_flags_attached: [{ id: flag.id, flag_text: 'b' }] });
		const posts = await r.waitFor(2);
		for (const p of posts) {
			expect(p.headers['x-drchrono-signature']).toBe(createHmac('sha256', SECRET).update(p.body).digest('hex'));
		}
		expect(posts.map((p) => p.headers['x-drchrono-event']).sort()).toEqual(['PATIENT_CREATE', 'PATIENT_FLAG_CMODIFY']);
	} finally {
		await hmacSb.close();
		await r.close();
	}
});

test('close() stops pending retries', async () => {
	const s = await startSandbox({ quiet: true, patients: 2, hourMs: 200, deliverUnverified: true });
	const r = await startReceiver(SECRET);
	try {
		r.postStatus = 500;
		s.configureWebhook('sandbox-client-id', { callbackUrl: r.url, secretToken: SECRET, events: ['PATIENT_CREATE'] });
		await call(s, s.issueToken().access_token, 'POST', '/api/patients', { gender: 'Male', doctor: s.store.meta.primaryDoctorId });
		await r.waitFor(1);
		await s.close();
		await sleep(300);
		expect(r.posts()).toHaveLength(1);
	} finally {
		await r.close();
	}
});
