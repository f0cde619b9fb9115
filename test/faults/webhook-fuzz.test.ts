import { createHmac } from 'node:crypto';

import { request } from 'undici';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DrChronoTrigger } from '../../nodes/DrChrono/DrChronoTrigger.node';
import { captureLogs, createWebhookHarness } from '../harness/webhook';
import type { WebhookHarness, WebhookRequest } from '../harness/webhook';

/**
 * Webhook fuzzing: well over 1,000 generated bad requests against the DrChrono Trigger's webhook,
 * through the webhook harness (n8n-core's WebhookContext and n8n's body parsing and answering
 * rules), first in process, then the same set over a real HTTP port. Every one must start no
 * execution, crash nothing (no error thrown by webhook(), no 500) and get its documented answer:
 *
 *   missing / forged / truncated signature            401
 *   unknown or unchosen event, replayed delivery id     200, ignored
 *   PING (Emit Pings off)                               200, Pong
 *   no X-drchrono-event header                          400
 *   body not a JSON object (valid signature)            400
 *   body sent as JSON that does not parse               422 (n8n's body parser, before the node)
 *   GET without msg (or an empty or repeated one)       400
 *   PUT / PATCH / DELETE                                404 (n8n: no webhook for that method)
 *
 * The patient data in the bodies carries a marker that must never show up in the logs.
 */

const TRIGGER_TYPE = 'n8n-nodes-drchrono.drChronoTrigger';
const SECRET = 'fuzz-secret-token-7f3a9c1e5b2d8f4a';
const CHOSEN = ['PATIENT_CREATE', 'APPOINTMENT_CREATE'];
const PHI_MARKER = 'PHI-MARKER-Lovelace-1815';

const hmac = (secret: string, message: string | Buffer) => createHmac('sha256', secret).update(message).digest('hex');

/** mulberry32: a small seeded PRNG, so the generated set is the same on every run. */
function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface FuzzCase {
	kind: string;
	request: WebhookRequest;
	status: number;
	/** What the JSON answer's message must match, when the node answers itself. */
	message?: RegExp;
}

function generateCases(seed: number, replayIds: string[]): FuzzCase[] {
	const random = prng(seed);
	const int = (n: number) => Math.floor(random() * n);
	const pick = <T>(xs: readonly T[]) => xs[int(xs.length)];
	const token = (length: number) => {
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.';
		let s = '';
		for (let i = 0; i < length; i++) s += alphabet[int(alphabet.length)];
		return s;
	};
	let seq = 0;
	const deliveryId = () => `fuzz-${seed}-${++seq}`;
	const patientBody = () =>
		JSON.stringify({
			receiver: { id: 1, name: 'n8n', events: CHOSEN },
			object: { id: 100000 + int(1e6), first_name: 'Ada', last_name: PHI_MARKER, date_of_birth: '1815-12-10' },
		});
	const post = (headers: Record<string, string>, body: string | Buffer, contentType: string | null = 'application/json'): WebhookRequest => ({
		method: 'POST',
		headers: {
			...(contentType === null ? {} : { 'content-type': contentType }),
			'x-drchrono-event': pick(CHOSEN),
			'x-drchrono-delivery': deliveryId(),
			...headers,
		},
		body,
	});
	const BAD_SIGNATURE = /does not match the secret token/;
	const cases: FuzzCase[] = [];
	const add = (n: number, make: () => FuzzCase) => {
		for (let i = 0; i < n; i++) cases.push(make());
	};

	// Signatures.
	add(100, () => ({ kind: 'no signature', request: post({}, patientBody()), status: 401, message: BAD_SIGNATURE }));
	add(10, () => ({ kind: 'empty signature', request: post({ 'x-drchrono-signature': '' }, patientBody()), status: 401, message: BAD_SIGNATURE }));
	add(120, () => ({
		kind: 'forged signature',
		request: post({ 'x-drchrono-signature': token(1 + int(100)) }, patientBody()),
		status: 401,
		message: BAD_SIGNATURE,
	}));
	add(60, () => ({
		kind: 'forged, same length as the secret',
		request: post({ 'x-drchrono-signature': token(SECRET.length) }, patientBody()),
		status: 401,
		message: BAD_SIGNATURE,
	}));
	add(40, () => {
		const i = int(SECRET.length);
		const flipped = SECRET.slice(0, i) + (SECRET[i] === 'x' ? 'y' : 'x') + SECRET.slice(i + 1);
		return { kind: 'secret with one character changed', request: post({ 'x-drchrono-signature': flipped }, patientBody()), status: 401, message: BAD_SIGNATURE };
	});
	add(40, () => {
		const body = patientBody();
		return { kind: 'HMAC under another secret', request: post({ 'x-drchrono-signature': hmac(`${SECRET}-old`, body) }, body), status: 401, message: BAD_SIGNATURE };
	});
	add(40, () => ({
		kind: 'HMAC of another body',
		request: post({ 'x-drchrono-signature': hmac(SECRET, patientBody()) }, patientBody()),
		status: 401,
		message: BAD_SIGNATURE,
	}));
	add(60, () => ({
		kind: 'truncated secret',
		request: post({ 'x-drchrono-signature': SECRET.slice(0, 1 + int(SECRET.length - 1)) }, patientBody()),
		status: 401,
		message: BAD_SIGNATURE,
	}));
	add(60, () => {
		const body = patientBody();
		return { kind: 'truncated HMAC', request: post({ 'x-drchrono-signature': hmac(SECRET, body).slice(0, 1 + int(63)) }, body), status: 401, message: BAD_SIGNATURE };
	});
	add(20, () => ({
		kind: 'secret with extra characters',
		request: post({ 'x-drchrono-signature': SECRET + token(1 + int(8)) }, patientBody()),
		status: 401,
		message: BAD_SIGNATURE,
	}));
	add(30, () => ({
		kind: 'forged signature, body not JSON',
		request: post({ 'x-drchrono-signature': token(40) }, token(200), 'text/plain'),
		status: 401,
		message: BAD_SIGNATURE,
	}));

	// Methods n8n has no webhook for on this path.
	add(60, () => ({
		kind: 'wrong method',
		request: { ...post({ 'x-drchrono-signature': SECRET }, patientBody()), method: pick(['PUT', 'PATCH', 'DELETE']) },
		status: 404,
	}));

	// Bodies that are not a JSON object, correctly signed.
	add(60, () => ({
		kind: 'text body, not JSON',
		request: post({ 'x-drchrono-signature': SECRET }, `not json ${token(1 + int(300))}`, 'text/plain'),
		status: 400,
		message: /not a DrChrono delivery/,
	}));
	add(30, () => ({
		kind: 'no content type, not JSON',
		request: post({ 'x-drchrono-signature': SECRET }, `<xml>${token(50)}</xml>`, null),
		status: 400,
		message: /not a DrChrono delivery/,
	}));
	add(50, () => ({
		kind: 'JSON, not an object',
		request: post({ 'x-drchrono-signature': SECRET }, pick(['[]', '[1,2,3]', '42', '"patient"', 'null', 'true', '[{"object":{}}]'])),
		status: 400,
		message: /not a DrChrono delivery/,
	}));
	add(60, () => {
		const body = patientBody();
		return {
			kind: 'malformed JSON',
			request: post({ 'x-drchrono-signature': SECRET }, body.slice(0, 1 + int(body.length - 2))),
			status: 422,
		};
	});

	// Huge bodies (1-6 MB).
	add(4, () => ({
		kind: 'huge body, forged signature',
		request: post({ 'x-drchrono-signature': token(SECRET.length) }, Buffer.alloc((1 + int(6)) * 1024 * 1024, 'a'), 'text/plain'),
		status: 401,
		message: BAD_SIGNATURE,
	}));
	add(4, () => ({
		kind: 'huge body, not JSON',
		request: post({ 'x-drchrono-signature': SECRET }, Buffer.alloc((1 + int(6)) * 1024 * 1024, '{'), 'text/plain'),
		status: 400,
		message: /not a DrChrono delivery/,
	}));

	// Events.
	// (No leading or trailing blanks: an HTTP server strips them, which would make a chosen event.)
	const UNKNOWN = ['PATIENT_EXPLODE', 'patient_create', 'Patient_Create', 'PATIENT-CREATE', 'PATIENT_CREATED', 'APPOINTMENT', '*', 'ALL', 'null', 'TASK_CREATE', 'PATIENT_MODIFY', 'LAB_ORDER_DELETE', 'PATIENT_FLAG_CMODIFY'];
	add(120, () => ({
		kind: 'unchosen or unknown event',
		request: post({ 'x-drchrono-signature': SECRET, 'x-drchrono-event': int(3) === 0 ? token(1 + int(30)) : pick(UNKNOWN) }, patientBody()),
		status: 200,
		message: /is not selected in the trigger; ignored/,
	}));
	add(30, () => {
		const request = post({ 'x-drchrono-signature': SECRET }, patientBody());
		delete (request.headers as Record<string, string>)['x-drchrono-event'];
		return { kind: 'no event header', request, status: 400, message: /X-drchrono-event header is missing/ };
	});
	add(30, () => ({
		kind: 'ping',
		request: post({ 'x-drchrono-signature': SECRET, 'x-drchrono-event': 'PING' }, '{}'),
		status: 200,
		message: /^Pong$/,
	}));
	add(100, () => ({
		kind: 'replayed delivery id',
		request: post({ 'x-drchrono-signature': SECRET, 'x-drchrono-delivery': pick(replayIds) }, patientBody()),
		status: 200,
		message: /was already received; ignored/,
	}));

	// The handshake URL without a usable msg.
	add(20, () => ({ kind: 'GET without msg', request: { method: 'GET', query: {} }, status: 400, message: /verifies it with GET \?msg=/ }));
	add(10, () => ({ kind: 'GET with empty msg', request: { method: 'GET', query: { msg: '' } }, status: 400, message: /verifies it with GET \?msg=/ }));
	add(20, () => ({
		kind: 'GET with repeated msg',
		request: { method: 'GET', query: { msg: [token(8), token(8)] } },
		status: 400,
		message: /verifies it with GET \?msg=/,
	}));
	add(20, () => ({
		kind: 'GET with other parameters only',
		request: { method: 'GET', query: { message: token(10), secret_token: token(10) } },
		status: 400,
		message: /verifies it with GET \?msg=/,
	}));

	return cases;
}

/** The case as a path with query string, for the HTTP pass. */
function pathWithQuery(harness: WebhookHarness, request: WebhookRequest): string {
	const url = new URL(harness.url());
	for (const [key, value] of Object.entries(request.query ?? {})) {
		for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, v);
	}
	return `${url.pathname}${url.search}`;
}

describe('fault suite: webhook fuzzing of the DrChrono Trigger', () => {
	let harness: WebhookHarness;
	let logs: ReturnType<typeof captureLogs>;
	const replayIds = ['replay-1', 'replay-2', 'replay-3', 'replay-4', 'replay-5'];
	let cases: FuzzCase[];

	beforeAll(async () => {
		logs = captureLogs();
		const credentials: Record<string, ICredentialDataDecryptedObject> = { drChronoWebhookApi: { secretToken: SECRET } };
		harness = createWebhookHarness({
			nodeTypes: { [TRIGGER_TYPE]: new DrChronoTrigger() },
			node: {
				type: TRIGGER_TYPE,
				name: 'DrChrono Trigger',
				parameters: { events: CHOSEN, fetchCurrentObject: false, options: {} },
				credentials: { drChronoWebhookApi: { id: 'webhook-cred', name: 'DrChrono Webhook' } },
			},
			credentials,
			// The node's answer is what is fuzzed; executions are counted, not run.
			runExecutions: false,
		});
		await harness.listen();
		await harness.activate();

		cases = generateCases(20261128, replayIds);
	});

	afterAll(async () => {
		logs.restore();
		await harness.close();
	});

	// Five genuine deliveries, whose ids the cases replay. Before each test: every test starts with the
	// trigger's memories empty (test/setup), as a freshly started n8n would.
	beforeEach(async () => {
		for (const id of replayIds) {
			const { response, execution } = await harness.request({
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'x-drchrono-event': 'PATIENT_CREATE',
					'x-drchrono-signature': SECRET,
					'x-drchrono-delivery': id,
				},
				body: { receiver: { id: 1 }, object: { id: 1, last_name: PHI_MARKER } },
			});
			expect(response.status).toBe(200);
			expect(execution).toBeDefined();
		}
	});

	it('generates at least 1,000 bad requests of every kind', () => {
		expect(cases.length).toBeGreaterThanOrEqual(1000);
		const kinds = new Set(cases.map((c) => c.kind));
		expect(kinds.size).toBeGreaterThanOrEqual(20);
	});

	it('in process: each gets its documented status, no execution, no crash', async () => {
		const before = harness.executions.length;
		const mismatches: string[] = [];
		for (const c of cases) {
			const { response, execution, error } = await harness.request(c.request);
			const message = (response.json as { message?: string } | undefined)?.message ?? '';
			if (response.status !== c.status || execution || error || (c.message && !c.message.test(message))) {
				mismatches.push(`${c.kind}: got ${response.status} ${JSON.stringify(message).slice(0, 120)}${execution ? ' + execution' : ''}${error ? ` + threw ${error.message}` : ''}; wanted ${c.status}`);
			}
		}
		expect(mismatches.slice(0, 20)).toEqual([]);
		expect(harness.executions).toHaveLength(before);
	});

	it('over HTTP: the same answers, the server keeps serving', async () => {
		const base = new URL(harness.url()).origin;
		const before = harness.executions.length;
		const mismatches: string[] = [];
		const send = async (c: FuzzCase) => {
			const headers: Record<string, string> = {};
			for (const [k, v] of Object.entries(c.request.headers ?? {})) if (typeof v === 'string') headers[k] = v;
			const raw = c.request.body;
			const body = raw === undefined ? undefined : typeof raw === 'string' || Buffer.isBuffer(raw) ? raw : JSON.stringify(raw);
			const res = await request(`${base}${pathWithQuery(harness, c.request)}`, { method: c.request.method as 'GET', headers, body });
			const text = await res.body.text();
			if (res.statusCode !== c.status) mismatches.push(`${c.kind}: got ${res.statusCode} ${text.slice(0, 120)}; wanted ${c.status}`);
		};
		// Eight at a time, as a burst of traffic would come.
		let next = 0;
		await Promise.all(
			Array.from({ length: 8 }, async () => {
				while (next < cases.length) await send(cases[next++]);
			}),
		);
		expect(mismatches.slice(0, 20)).toEqual([]);
		expect(harness.executions.length - before).toBe(0);
		// Still alive: a genuine handshake is answered.
		const msg = 'still-alive';
		const res = await request(`${base}${new URL(harness.url()).pathname}?msg=${msg}`);
		expect(res.statusCode).toBe(200);
		expect(await res.body.json()).toEqual({ secret_token: hmac(SECRET, msg) });
	});

	it('logs nothing from the bodies (patient data)', () => {
		const leaked = logs.entries.filter((e) => `${e.message} ${JSON.stringify(e.meta ?? '')}`.includes(PHI_MARKER));
		expect(leaked).toEqual([]);
		// The refusals are logged, without the data.
		expect(logs.entries.some((e) => /refused a request/.test(e.message))).toBe(true);
	});
});
