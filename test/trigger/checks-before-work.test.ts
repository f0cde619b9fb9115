/**
 * A stranger's request costs the trigger as little as possible: the signature decides before the
 * body is read (default mode), and before it is parsed (body HMAC option). Replays of one signed
 * body cost nothing shared, and no key of a delivery can change the output item's prototype.
 */
import { gzipSync } from 'node:zlib';

import type { IWebhookFunctions } from 'n8n-workflow';

import { receiveDelivery } from '../../nodes/DrChrono/trigger';
import { captureLogs } from '../harness/webhook';
import { SECRET, delivery, hmacHex, oauthCredential, startTrigger } from './helpers';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

/** The webhook context n8n hands a node, reduced to what a delivery uses; records reads of the body. */
function contextFor(headers: Record<string, string>, options: Record<string, unknown> = {}) {
	const reads: string[] = [];
	let status = 0;
	const req = {
		headers,
		rawBody: undefined as Buffer | undefined,
		readRawBody: async () => {
			reads.push('readRawBody');
			req.rawBody = gzipSync(Buffer.alloc(16 * 1024 * 1024, ' '));
		},
	};
	const res = {
		status: (code: number) => ((status = code), res),
		json: () => res,
		setHeader: () => res,
	};
	const context = {
		getHeaderData: () => headers,
		getCredentials: async () => ({ secretToken: SECRET }),
		getNodeParameter: (name: string, fallback: unknown) => (name === 'options' ? options : fallback),
		getRequestObject: () => req,
		getResponseObject: () => res,
		getBodyData: () => {
			reads.push('getBodyData');
			return {};
		},
		getNode: () => ({ id: 'n1', name: 'DrChrono Trigger', credentials: {} }),
		getWorkflow: () => ({ id: 'wf-1' }),
		getMode: () => 'webhook',
		logger: { warn: () => undefined, error: () => undefined },
	} as unknown as IWebhookFunctions;
	return { context, reads, status: () => status };
}

describe('checks before work', () => {
	test('default mode: a forged signature is refused before the body is read (a gzip bomb is never inflated)', async () => {
		const { context, reads, status } = contextFor({
			'x-drchrono-event': 'PATIENT_CREATE',
			'x-drchrono-signature': 'not-the-secret',
			'content-encoding': 'gzip',
			'content-type': 'application/octet-stream',
		});
		await receiveDelivery.call(context);
		expect(status()).toBe(401);
		expect(reads).toEqual([]);
	});

	test('default mode: no signature at all, the same', async () => {
		const { context, reads, status } = contextFor({ 'x-drchrono-event': 'PATIENT_CREATE' });
		await receiveDelivery.call(context);
		expect(status()).toBe(401);
		expect(reads).toEqual([]);
	});

	test('body HMAC option: an unsigned body is never parsed (4 MB of "[" costs one hash)', async () => {
		const trigger = await startTrigger({ options: { acceptBodyHmac: true } });
		const body = Buffer.alloc(4 * 1024 * 1024, '[');
		const parse = jest.spyOn(JSON, 'parse');
		try {
			const { response, execution } = await trigger.request(
				delivery('PATIENT_CREATE', {}, { body: body as unknown as string, signature: hmacHex(SECRET, 'another body'), contentType: 'application/octet-stream' }),
			);
			expect(response.status).toBe(401);
			expect(execution).toBeUndefined();
			expect(parse.mock.calls.filter(([text]) => typeof text === 'string' && text.length >= body.length)).toHaveLength(0);
		} finally {
			parse.mockRestore();
		}
	});

	test('body HMAC option: a signed body still must be a JSON object (the rule Verify relies on)', async () => {
		const trigger = await startTrigger({ options: { acceptBodyHmac: true } });
		for (const body of ['[1]', 'x', '"{"']) {
			const { response } = await trigger.request(delivery('PATIENT_CREATE', {}, { body, signature: hmacHex(SECRET, body), contentType: 'application/octet-stream' }));
			expect(response.status).toBe(401);
		}
	});
});

describe('replays of one captured body cost nothing shared (body HMAC option)', () => {
	const EVENTS = ['PATIENT_CREATE', 'PATIENT_MODIFY', 'APPOINTMENT_MODIFY', 'TASK_MODIFY', 'LAB_ORDER_MODIFY', 'PATIENT_ALLERGY_MODIFY', 'CLINICAL_NOTE_LOCK', 'LINE_ITEM_MODIFY'];
	const patientBody = JSON.stringify({ receiver: { id: 1 }, object: { id: 100001, first_name: 'Ada', last_name: 'Lovelace' } });

	test('one body under 40 new delivery ids and 8 event names starts one execution', async () => {
		const trigger = await startTrigger({ options: { acceptBodyHmac: true } });
		const signature = hmacHex(SECRET, patientBody);
		for (let i = 0; i < 40; i++) {
			const { response } = await trigger.request(delivery(EVENTS[i % EVENTS.length], {}, { body: patientBody, signature, deliveryId: `replay-${i}` }));
			expect(response.status).toBe(200);
		}
		expect(trigger.executions).toHaveLength(1);
		expect(logs.entries.filter((e) => /already received under another delivery ID/.test(e.message))).toHaveLength(1);
	});

	test('the same body with the secret in the header (the documented form) is not affected: DrChrono may resend it', async () => {
		const trigger = await startTrigger({ options: { acceptBodyHmac: true } });
		for (let i = 0; i < 3; i++) await trigger.request(delivery('PATIENT_MODIFY', {}, { body: patientBody, deliveryId: `genuine-${i}` }));
		expect(trigger.executions).toHaveLength(3);
	});

	test('Fetch Current Object reads nothing for an event the body is not (a patient relabelled as an appointment)', async () => {
		// Port 9 (discard) answers nothing: any read attempt would show up as a connection error.
		const trigger = await startTrigger({ options: { acceptBodyHmac: true }, fetchCurrentObject: true, oauth: oauthCredential('http://127.0.0.1:9') });
		for (const [i, event] of ['APPOINTMENT_MODIFY', 'TASK_MODIFY', 'LAB_ORDER_MODIFY', 'PATIENT_FLAG_CREATE'].entries()) {
			const body = JSON.stringify({ receiver: { id: 1 }, object: { id: 100001 + i, first_name: 'Ada' } });
			const { execution } = await trigger.request(delivery(event, {}, { body, signature: hmacHex(SECRET, body) }));
			expect(execution?.items[0][0].json).toMatchObject({ fetched: false, fetchError: expect.stringMatching(/does not look like the object of/) });
		}
	});

	test('Fetch Current Object still reads the event the body is', async () => {
		const trigger = await startTrigger({ options: { acceptBodyHmac: true }, fetchCurrentObject: true, oauth: oauthCredential('http://127.0.0.1:9') });
		const { execution } = await trigger.request(delivery('PATIENT_MODIFY', {}, { body: patientBody, signature: hmacHex(SECRET, patientBody) }));
		// It tried (and found nothing listening): the shape did not stop it.
		expect(execution?.items[0][0].json.fetchError).not.toMatch(/does not look like/);
	});
});

describe('keys of a delivery are plain data in the output', () => {
	test('__proto__, constructor and prototype stay fields; the item keeps its prototype', async () => {
		const trigger = await startTrigger();
		const body = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"prototype":3,"object":{"id":1}}';
		const { execution } = await trigger.request(delivery('PATIENT_CREATE', {}, { body }));
		const json = execution?.items[0][0].json as Record<string, unknown>;
		expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
		expect(json.polluted).toBeUndefined();
		expect(Object.prototype.hasOwnProperty.call(json, '__proto__')).toBe(true);
		expect(Object.getOwnPropertyDescriptor(json, '__proto__')?.value).toEqual({ polluted: true });
		expect(json.prototype).toBe(3);
		expect(Object.getOwnPropertyDescriptor(json, 'constructor')?.value).toEqual({ prototype: { x: 1 } });
	});
});
