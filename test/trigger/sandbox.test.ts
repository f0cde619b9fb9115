/**
 * End to end against the DrChrono sandbox: the sandbox sends its real Verify handshake and real
 * deliveries over HTTP to the trigger, served by the webhook harness on a local port (the bridge:
 * each HTTP request becomes one call of the node's webhook through n8n-core), and Fetch Current
 * Object calls the sandbox's API through the package's transport and n8n's OAuth2 request path.
 */
import { startSandbox, type Sandbox, type WebhookConfig } from '../sandbox';
import { forgetAllSeen } from '../../nodes/DrChrono/shared/seenMemory';
import { resetQuotaGuards } from '../../nodes/DrChrono/quota';
import { captureLogs, type WebhookHarness } from '../harness/webhook';
import { SECRET, oauthCredential, startTrigger, type TriggerSetup } from './helpers';

const CLIENT_ID = 'sandbox-client-id';

let sandbox: Sandbox;
let token: string;
let trigger: WebhookHarness | undefined;
let logs: ReturnType<typeof captureLogs>;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
	const res = await fetch(`${sandbox.url}${path}`, {
		method,
		redirect: 'manual',
		headers: {
			Authorization: `Bearer ${token}`,
			...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
		},
		body: body !== undefined ? JSON.stringify(body) : undefined,
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
	const until = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** Lets anything still in flight land, to prove that nothing more happens. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 150));

/** The attempts the sandbox made for an event, newest last. */
function attempts(event: string) {
	return sandbox.stats().deliveries.filter((d) => d.event === event);
}

/** A trigger on a real port, configured in the sandbox as the app's webhook, verified. */
async function connect(setup: TriggerSetup, webhook: Partial<WebhookConfig> = {}): Promise<WebhookHarness> {
	trigger = await startTrigger({ listen: true, oauth: oauthCredential(sandbox.url, token), ...setup });
	sandbox.configureWebhook(CLIENT_ID, {
		callbackUrl: trigger.url(),
		secretToken: SECRET,
		events: ['PATIENT_CREATE', 'PATIENT_MODIFY', 'PATIENT_FLAG_CREATE', 'PATIENT_FLAG_MODIFY'],
		...webhook,
	});
	if (webhook.verified === undefined) {
		const verification = await sandbox.verifyWebhook(CLIENT_ID);
		expect(verification).toMatchObject({ verified: true, status: 200 });
	}
	return trigger;
}

async function createPatient(extra: Record<string, unknown> = {}): Promise<{ id: number; [key: string]: unknown }> {
	const created = await api('POST', '/api/patients', {
		doctor: sandbox.store.meta.primaryDoctorId,
		gender: 'Female',
		first_name: 'Grace',
		last_name: `Hopper${Math.random().toString(36).slice(2, 8)}`,
		date_of_birth: '1906-12-09',
		...extra,
	});
	expect(created.status).toBe(201);
	return created.body;
}

beforeEach(async () => {
	logs = captureLogs();
	forgetAllSeen();
	resetQuotaGuards();
	sandbox = await startSandbox({ quiet: true, patients: 5 });
	token = sandbox.issueToken(CLIENT_ID).access_token;
});

afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
	await sandbox.close();
	logs.restore();
});

describe('DrChrono Trigger against the sandbox', () => {
	test("DrChrono's Verify handshake passes, and starts no execution", async () => {
		const t = await connect({ events: ['PATIENT_CREATE'] });
		expect(t.executions).toHaveLength(0);
		expect(t.calls.map((c) => `${c.request.method} ${c.outcome.response.status}`)).toEqual(['GET 200']);
	});

	test('Verify fails when DrChrono holds another secret token', async () => {
		trigger = await startTrigger({ listen: true });
		sandbox.configureWebhook(CLIENT_ID, { callbackUrl: trigger.url(), secretToken: 'not-the-same-secret-0123456789', events: ['PATIENT_CREATE'] });
		expect(await sandbox.verifyWebhook(CLIENT_ID)).toMatchObject({ verified: false, status: 200 });
	});

	test('a GET without msg over HTTP gets 400', async () => {
		const t = await connect({});
		const res = await fetch(t.url());
		expect(res.status).toBe(400);
	});

	test('creating a patient produces exactly one execution with the event and the patient', async () => {
		const t = await connect({ events: ['PATIENT_CREATE'] });
		const patient = await createPatient();
		await waitFor(() => t.executions.length === 1, 'the PATIENT_CREATE execution');
		await settle();
		expect(t.executions).toHaveLength(1);
		const json = t.executions[0].items[0][0].json;
		expect(json).toMatchObject({
			event: 'PATIENT_CREATE',
			deliveryId: expect.any(String),
			object: { id: patient.id, first_name: 'Grace', last_name: patient.last_name },
			receiver: { callback_url: t.url() },
		});
		expect(t.executions[0].run?.status).toBe('success');
		expect(attempts('PATIENT_CREATE')).toEqual([expect.objectContaining({ status: 200, attempt: 1 })]);
	});

	test('a delivery of an event not chosen in the trigger gets 200 and no execution', async () => {
		const t = await connect({ events: ['PATIENT_CREATE'] });
		const patient = await createPatient();
		await waitFor(() => t.executions.length === 1, 'the PATIENT_CREATE execution');
		expect((await api('PATCH', `/api/patients/${patient.id}`, { nick_name: 'Amazing Grace' })).status).toBe(204);
		await waitFor(() => attempts('PATIENT_MODIFY').length === 1, 'the PATIENT_MODIFY delivery');
		await settle();
		expect(attempts('PATIENT_MODIFY')[0].status).toBe(200);
		expect(t.executions).toHaveLength(1);
	});

	test('forged, shorter and longer signatures: 401 and no execution', async () => {
		for (const secretToken of ['x'.repeat(SECRET.length), 'short', `${SECRET}!`]) {
			const t = await connect({ events: ['PATIENT_CREATE'] }, { secretToken, verified: true });
			await createPatient();
			await waitFor(() => attempts('PATIENT_CREATE').length > 0, 'the forged delivery');
			await settle();
			expect(attempts('PATIENT_CREATE').map((a) => a.status)).toEqual([401]);
			expect(t.executions).toHaveLength(0);
			await t.close();
			// A fresh sandbox per round: the refused delivery stays scheduled for DrChrono's retries.
			await sandbox.close();
			sandbox = await startSandbox({ quiet: true, patients: 5 });
			token = sandbox.issueToken(CLIENT_ID).access_token;
		}
	});

	test('a sandbox that signs with an HMAC of the body is refused by default, accepted with the option on', async () => {
		await sandbox.close();
		sandbox = await startSandbox({ quiet: true, patients: 5, signatureMode: 'hmac' });
		token = sandbox.issueToken(CLIENT_ID).access_token;
		const strict = await connect({ events: ['PATIENT_CREATE'] });
		await createPatient();
		await waitFor(() => sandbox.stats().deliveries.some((d) => d.status === 401), 'the refused delivery');
		expect(strict.executions).toHaveLength(0);
		await strict.close();

		const t = await connect({ events: ['PATIENT_CREATE'], options: { acceptBodyHmac: true } });
		const patient = await createPatient();
		await waitFor(() => t.executions.length === 1, 'the HMAC-signed execution');
		expect(t.executions[0].items[0][0].json.object).toMatchObject({ id: patient.id });
	});

	test('a Ping gets 200 and no execution; with Emit Pings on it starts one', async () => {
		const quiet = await connect({ events: ['*'] });
		expect((await sandbox.ping(CLIENT_ID)).status).toBe(200);
		expect(quiet.executions).toHaveLength(0);
		await quiet.close();

		const loud = await connect({ events: ['PATIENT_CREATE'], options: { emitPings: true } });
		expect((await sandbox.ping(CLIENT_ID)).status).toBe(200);
		expect(loud.executions).toHaveLength(1);
		expect(loud.executions[0].items[0][0].json.event).toBe('PING');
	});

	test('a redelivery of the same delivery id starts no second execution', async () => {
		const t = await connect({ events: ['PATIENT_CREATE'] });
		await createPatient();
		await waitFor(() => t.executions.length === 1, 'the first execution');
		const deliveryId = t.executions[0].items[0][0].json.deliveryId as string;
		const again = await sandbox.redeliver(deliveryId);
		expect(again).toMatchObject({ id: deliveryId, status: 200, ok: true });
		await settle();
		expect(t.executions).toHaveLength(1);
	});

	test('Fetch Current Object returns the latest state and costs exactly one API call', async () => {
		const t = await connect({ events: ['PATIENT_CREATE'], fetchCurrentObject: true, options: { ignoreRepeatedDeliveries: false } });
		const patient = await createPatient();
		await waitFor(() => t.executions.length === 1, 'the first execution');

		// Changed in DrChrono's UI after the event (no webhook subscribed to PATIENT_MODIFY here).
		sandbox.configureWebhook(CLIENT_ID, { callbackUrl: t.url(), secretToken: SECRET, events: ['PATIENT_CREATE'], verified: true });
		const changed = await fetch(`${sandbox.url}/_sandbox/mutate`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ resource: 'patients', action: 'update', id: patient.id, data: { first_name: 'Rear Admiral Grace' } }),
		});
		expect(changed.status).toBe(200);

		const before = sandbox.stats();
		const deliveryId = t.executions[0].items[0][0].json.deliveryId as string;
		expect(await sandbox.redeliver(deliveryId)).toMatchObject({ status: 200 });
		expect(t.executions).toHaveLength(2);
		const after = sandbox.stats();

		const json = t.executions[1].items[0][0].json;
		expect(json.deliveredObject).toMatchObject({ id: patient.id, first_name: 'Grace' });
		expect(json.object).toMatchObject({ id: patient.id, first_name: 'Rear Admiral Grace' });
		expect(json.fetched).toBe(true);
		expect(json).not.toHaveProperty('fetchError');
		expect(after.calls - before.calls).toBe(1);
		expect(after.callsByPath['GET /api/patients/{id}'] - (before.callsByPath['GET /api/patients/{id}'] ?? 0)).toBe(1);
	});

	test('Fetch Current Object on a deleted object outputs the delivered one and the error', async () => {
		const t = await connect({ events: ['PATIENT_CREATE'], fetchCurrentObject: true, options: { ignoreRepeatedDeliveries: false } });
		const patient = await createPatient();
		await waitFor(() => t.executions.length === 1, 'the first execution');
		sandbox.store.collection('patients').remove(patient.id);
		await sandbox.redeliver(t.executions[0].items[0][0].json.deliveryId as string);
		const json = t.executions[1].items[0][0].json;
		expect(json.fetched).toBe(false);
		expect(json.object).toMatchObject({ id: patient.id, first_name: 'Grace' });
		expect(json.fetchError).toMatch(/404/);
		expect(json.deleted).toBe(true);
		expect(t.executions[1].run?.status).toBe('success');
	});

	test('Fetch Current Object after an API delete: the look-up answers 404 (deletes are hard), the delivery is output with deleted: true', async () => {
		const t = await connect({ events: ['PATIENT_CREATE'], fetchCurrentObject: true, options: { ignoreRepeatedDeliveries: false } });
		const patient = await createPatient();
		await waitFor(() => t.executions.length === 1, 'the first execution');
		const gone = await fetch(`${sandbox.url}/api/patients/${patient.id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
		expect(gone.status).toBe(204);
		await sandbox.redeliver(t.executions[0].items[0][0].json.deliveryId as string);
		const json = t.executions[1].items[0][0].json;
		expect(json).toMatchObject({ fetched: false, deleted: true, object: { id: patient.id, first_name: 'Grace' } });
		expect(json.fetchError).toMatch(/deleted/);
		expect(t.executions[1].run?.status).toBe('success');
	});

	test('an APPOINTMENT_DELETE delivery is output with deleted: true and no look-up; an appointment look-up reads verbose fields', async () => {
		const t = await connect({ events: ['APPOINTMENT_CREATE', 'APPOINTMENT_DELETE'], fetchCurrentObject: true }, { events: ['APPOINTMENT_CREATE', 'APPOINTMENT_DELETE'] });
		const appt = sandbox.store.collection('appointments').all()[0];
		const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
		const created = await fetch(`${sandbox.url}/api/appointments`, {
			method: 'POST',
			headers,
			body: JSON.stringify({ doctor: appt.doctor, office: appt.office, patient: appt.patient, exam_room: appt.exam_room, scheduled_time: '2031-02-03T09:00:00', duration: 30, allow_overlapping: true }),
		});
		const answer = (await created.json()) as { id: string };
		expect([created.status, typeof answer.id]).toEqual([201, 'string']);
		const id = answer.id;
		await waitFor(() => t.executions.length === 1, 'the APPOINTMENT_CREATE execution');
		const first = t.executions[0].items[0][0].json;
		expect(first).toMatchObject({ fetched: true, object: { id } });
		// status_transitions is verbose-only: the look-up asked for it.
		expect((first.object as { status_transitions: unknown[] }).status_transitions).toHaveLength(1);
		const calls = sandbox.stats().calls;
		expect((await fetch(`${sandbox.url}/api/appointments/${id}`, { method: 'DELETE', headers })).status).toBe(204);
		await waitFor(() => t.executions.length === 2, 'the APPOINTMENT_DELETE execution');
		const deleted = t.executions[1].items[0][0].json;
		expect(deleted).toMatchObject({ event: 'APPOINTMENT_DELETE', deleted: true, fetched: false, object: { id } });
		expect(deleted).not.toHaveProperty('fetchError');
		// The DELETE itself was the only call: nothing was looked up.
		expect(sandbox.stats().calls - calls).toBe(1);
	});

	test('Fetch Current Object of a patient flag reads it from its patient; both flag-modify spellings match', async () => {
		await sandbox.close();
		sandbox = await startSandbox({ quiet: true, patients: 5, flagModifyEvent: 'PATIENT_FLAG_CMODIFY' });
		token = sandbox.issueToken(CLIENT_ID).access_token;
		const t = await connect({ events: ['PATIENT_FLAG_CREATE', 'PATIENT_FLAG_MODIFY'], fetchCurrentObject: true });
		const flagType = sandbox.store.collection('patient_flag_types').all()[0];
		const patient = await createPatient({ patient_flags_attached: [{ flag_type: flagType.id, flag_text: 'Allergic to penicillin' }] });
		await waitFor(() => t.executions.length === 1, 'the PATIENT_FLAG_CREATE execution');
		const created = t.executions[0].items[0][0].json;
		expect(created.event).toBe('PATIENT_FLAG_CREATE');
		expect(created.fetched).toBe(true);
		// The delivered flag names its patient; the entry read back from the patient does not.
		expect(created.deliveredObject).toMatchObject({ patient: patient.id });
		expect(created.object).toMatchObject({ flag_text: 'Allergic to penicillin' });

		const flag = created.object as { id: number };
		const patched = await api('PATCH', `/api/patients/${patient.id}`, {
			patient_flags_attached: [{ id: flag.id, flag_type: flagType.id, flag_text: 'Allergic to penicillin and latex' }],
		});
		expect(patched.status).toBe(204);
		await waitFor(() => t.executions.length === 2, 'the PATIENT_FLAG_CMODIFY execution');
		// The sandbox sent the docs' spelling; the trigger matched it to its one flag-modify choice.
		await waitFor(() => attempts('PATIENT_FLAG_CMODIFY').length === 1, 'the PATIENT_FLAG_CMODIFY attempt');
		expect(attempts('PATIENT_FLAG_CMODIFY')[0].status).toBe(200);
		expect(t.executions[1].items[0][0].json).toMatchObject({
			event: 'PATIENT_FLAG_MODIFY',
			object: { id: flag.id, flag_text: 'Allergic to penicillin and latex' },
		});
	});
});
