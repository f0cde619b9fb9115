import { safeEqual } from '../../nodes/DrChrono/shared/checks';
import { hmacSha256Hex, isValidSignature } from '../../nodes/DrChrono/trigger';
import { captureLogs, type WebhookHarness } from '../harness/webhook';
import { SECRET, delivery, hmacHex, startTrigger } from './helpers';

const PATIENT = { id: 100123, first_name: 'Ada', last_name: 'Lovelace', date_of_birth: '1815-12-10' };

describe('signature helpers', () => {
	test('hmacSha256Hex is the lower-case hex HMAC-SHA256', () => {
		expect(hmacSha256Hex('key', 'The quick brown fox jumps over the lazy dog')).toBe(
			'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
		);
	});

	test('safeEqual compares exactly and survives different lengths', () => {
		expect(safeEqual('abc', 'abc')).toBe(true);
		expect(safeEqual('abc', 'abd')).toBe(false);
		expect(safeEqual('abc', 'abcd')).toBe(false);
		expect(safeEqual('', 'a')).toBe(false);
	});

	test('by default isValidSignature accepts the secret itself and nothing else, not even the body HMAC', () => {
		const body = Buffer.from('{"object":{}}');
		expect(isValidSignature(SECRET, SECRET, body)).toBe(true);
		expect(isValidSignature(hmacHex(SECRET, body), SECRET, body)).toBe(false);
		expect(isValidSignature(undefined, SECRET, body)).toBe(false);
		expect(isValidSignature('', SECRET, body)).toBe(false);
		// An empty secret must never turn into "anything goes".
		expect(isValidSignature('', '', body)).toBe(false);
	});

	test('with acceptBodyHmac, the HMAC of a JSON-object body is accepted as well, nothing else', () => {
		const on = { acceptBodyHmac: true };
		const body = Buffer.from('{"object":{}}');
		expect(isValidSignature(SECRET, SECRET, body, on)).toBe(true);
		expect(isValidSignature(hmacHex(SECRET, body), SECRET, body, on)).toBe(true);
		expect(isValidSignature(hmacHex(SECRET, body).toUpperCase(), SECRET, body, on)).toBe(true);
		expect(isValidSignature(hmacHex(SECRET, 'other body'), SECRET, body, on)).toBe(false);
		expect(isValidSignature(hmacHex('wrong secret', body), SECRET, body, on)).toBe(false);
		expect(isValidSignature(hmacHex('', body), '', body, on)).toBe(false);
		// Only JSON objects: these are what the handshake might sign, so their HMAC proves nothing.
		for (const other of ['', 'abc', '"text"', '42', '[1]', 'null', '{not json']) {
			const raw = Buffer.from(other);
			expect(isValidSignature(hmacHex(SECRET, raw), SECRET, raw, on)).toBe(false);
		}
	});
});

describe('delivery signature, through the webhook', () => {
	let trigger: WebhookHarness;
	let logs: ReturnType<typeof captureLogs>;

	beforeEach(async () => {
		logs = captureLogs();
		trigger = await startTrigger({ events: ['*'] });
	});

	afterEach(() => logs.restore());

	test('the secret token itself in X-drchrono-signature starts one execution', async () => {
		const { response, execution } = await trigger.request(delivery('PATIENT_CREATE', PATIENT));
		expect(response.status).toBe(200);
		expect(execution?.items[0][0].json).toMatchObject({ event: 'PATIENT_CREATE', object: PATIENT });
		expect(execution?.run?.status).toBe('success');
		expect(trigger.executions).toHaveLength(1);
	});

	test('a hex HMAC-SHA256 of the raw body gets 401 by default', async () => {
		const body = JSON.stringify({ receiver: { id: 7 }, object: PATIENT });
		const { response } = await trigger.request(delivery('PATIENT_MODIFY', PATIENT, { body, signature: hmacHex(SECRET, body) }));
		expect(response.status).toBe(401);
		expect(trigger.executions).toHaveLength(0);
	});

	test('with Also Accept Body HMAC Signature, the HMAC of the raw body is accepted', async () => {
		const lenient = await startTrigger({ options: { acceptBodyHmac: true } });
		const body = JSON.stringify({ receiver: { id: 7 }, object: PATIENT });
		const request = delivery('PATIENT_MODIFY', PATIENT, { body, signature: hmacHex(SECRET, body) });
		const { response, execution } = await lenient.request(request);
		expect(response.status).toBe(200);
		expect(execution?.items[0][0].json).toMatchObject({ event: 'PATIENT_MODIFY', object: PATIENT, receiver: { id: 7 } });
	});

	test.each([
		['a forged signature of the same length', 'x'.repeat(SECRET.length)],
		['a wrong, shorter signature', 'short'],
		['a wrong, longer signature', `${SECRET}-and-more`],
		['the secret of another webhook', 'another-secret-token-0123456789ab'],
		['an HMAC of the body under another secret', hmacHex('another-secret', '{}')],
	])('%s gets 401 and no execution', async (_label, signature) => {
		const { response, execution, result } = await trigger.request(delivery('PATIENT_CREATE', PATIENT, { signature }));
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ message: 'X-drchrono-signature does not match the secret token' });
		expect(execution).toBeUndefined();
		expect(result).toEqual({ noWebhookResponse: true });
		expect(trigger.executions).toHaveLength(0);
	});

	test('a missing signature gets 401 and no execution', async () => {
		const { response } = await trigger.request(delivery('PATIENT_CREATE', PATIENT, { signature: null }));
		expect(response.status).toBe(401);
		expect(trigger.executions).toHaveLength(0);
	});

	test('the HMAC must be of the body as received, not of a re-serialisation', async () => {
		const lenient = await startTrigger({ options: { acceptBodyHmac: true } });
		const body = `{ "object": ${JSON.stringify(PATIENT)} }`;
		const signature = hmacHex(SECRET, JSON.stringify(JSON.parse(body)));
		const { response } = await lenient.request(delivery('PATIENT_CREATE', PATIENT, { body, signature }));
		expect(response.status).toBe(401);
	});

	test('a refused delivery is logged without anything from its body', async () => {
		await trigger.request(delivery('PATIENT_CREATE', PATIENT, { signature: 'forged' }));
		const logged = JSON.stringify(logs.entries);
		expect(logs.entries.some((e) => e.level === 'warn' && /refused a request \(401\)/.test(e.message))).toBe(true);
		for (const value of Object.values(PATIENT)) expect(logged).not.toContain(String(value));
		expect(logged).not.toContain(SECRET);
	});

	test('Include Headers adds the headers with the signature (the secret) redacted', async () => {
		const withHeaders = await startTrigger({ options: { includeHeaders: true } });
		const { execution } = await withHeaders.request(delivery('PATIENT_CREATE', PATIENT, { deliveryId: 'd-headers' }));
		const headers = execution?.items[0][0].json.headers as Record<string, string>;
		expect(headers['x-drchrono-event']).toBe('PATIENT_CREATE');
		expect(headers['x-drchrono-delivery']).toBe('d-headers');
		expect(headers['x-drchrono-signature']).toBe('[redacted]');
		expect(JSON.stringify(execution?.items)).not.toContain(SECRET);
	});

	test('without Include Headers the output has no headers', async () => {
		const { execution } = await trigger.request(delivery('PATIENT_CREATE', PATIENT));
		expect(execution?.items[0][0].json).not.toHaveProperty('headers');
	});
});
