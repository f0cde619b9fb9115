import type { ICredentialTestFunctions, ICredentialsDecrypted } from 'n8n-workflow';

import { DrChronoTrigger } from '../../nodes/DrChrono/DrChronoTrigger.node';
import { HOW_TO_MAKE_A_SECRET, estimateSecretBits } from '../../nodes/DrChrono/trigger/secretStrength';
import { VERIFY_ANSWERS_PER_WINDOW } from '../../nodes/DrChrono/trigger/verifyBudget';
import { captureLogs } from '../harness/webhook';
import { SECRET, delivery, hmacHex, startTrigger } from './helpers';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

const credentialTest = new DrChronoTrigger().methods.credentialTest.drChronoWebhookSecretTest;
const testCredential = async (secretToken: string, previousSecretToken?: string) =>
	await credentialTest.call({} as ICredentialTestFunctions, {
		data: { secretToken, previousSecretToken },
	} as unknown as ICredentialsDecrypted);

/** Secrets people choose: the ones that fell to offline guessing in under a second, and their kin. */
const HUMAN_SECRETS = [
	'drchrono-webhook-2025',
	'Clinic_secret2026!',
	'aaaaaaaaaaaaaaaa',
	'a',
	'   ',
	'a'.repeat(64),
	'0123456789abcdefghijklmnopqrstuvwxyz',
	'my-clinic-drchrono-webhook-secret-2026',
	'MyClinicDrChronoWebhookSecret2026!!',
	'drchrono-webhook-2025drchrono-webhook-2025',
	'correct horse battery staple and some more words',
	'abcdefghijklmnopqrstuvwxyzabcdefghijklmnop',
];

/** What the package itself prints: a secret copied from one of its own texts is public. */
const OWN_TEXTS = [
	HOW_TO_MAKE_A_SECRET,
	'openssl rand -hex 32',
	'X-drchrono-signature does not match the secret token',
	'This DrChrono Trigger cannot check requests: the secret token of its credential is not usable. The n8n log says why.',
	'http://localhost:5678/webhook-test/6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/drchrono',
	'https://n8n.example.org/webhook/6f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b/drchrono',
];

describe('secret strength: the credential test', () => {
	test.each(HUMAN_SECRETS)('refuses the hand-made secret %j, saying how to make one', async (secret) => {
		const result = await testCredential(secret);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/openssl rand -hex 32|space/);
	});

	test.each(OWN_TEXTS)('refuses a secret copied from the package\'s own texts or URLs: %j', async (secret) => {
		expect((await testCredential(secret)).status).toBe('Error');
	});

	test('accepts generated secrets: 1,000 of openssl rand -hex 16 / -hex 32 / -base64 24', async () => {
		const { randomBytes } = await import('node:crypto');
		for (let i = 0; i < 1000; i++) {
			const secret = [randomBytes(16).toString('hex'), randomBytes(32).toString('hex'), randomBytes(24).toString('base64')][i % 3];
			expect({ secret, bits: estimateSecretBits(secret), ...(await testCredential(secret)) }).toMatchObject({ status: 'OK' });
		}
	});

	test('judges the Previous Secret Token the same way', async () => {
		expect((await testCredential(SECRET, 'drchrono-webhook-2025')).status).toBe('Error');
		const both = await testCredential(SECRET, 'c2f1e0d9b8a7968574635241302f1e0d9c8b7a69');
		expect(both.status).toBe('OK');
		expect(both.message).toMatch(/Clear the Previous Secret Token/);
	});
});

describe('secret strength at run time: an existing workflow with a weak secret stops and says why', () => {
	test.each(['a', 'drchrono-webhook-2025', 'aaaaaaaaaaaaaaaa'])('activation with %j fails with the reason', async (secret) => {
		await expect(startTrigger({ secret })).rejects.toThrow(/openssl rand -hex 32/);
	});

	test.each([
		['one character', 'a', {}],
		['three spaces, body HMAC option on', '   ', { acceptBodyHmac: true }],
		['a human-chosen secret', 'Clinic_secret2026!', {}],
	])('%s: Verify and deliveries get 500, no HMAC, no execution, and the log says why', async (_name, weak, options) => {
		const trigger = await startTrigger({ options });
		trigger.credentials.set('drChronoWebhookApi', { secretToken: weak });
		const verify = await trigger.request({ method: 'GET', path: `${trigger.url()}?msg=abc123` });
		expect(verify.response.status).toBe(500);
		expect(JSON.stringify(verify.response.json)).not.toMatch(/[0-9a-f]{64}/);
		// The answer tells a stranger nothing about the secret (not its length, not why).
		expect(JSON.stringify(verify.response.json)).not.toMatch(/characters|guessable/);
		const body = JSON.stringify({ object: { id: 1 } });
		for (const signature of [weak, hmacHex(weak, body)]) {
			const { response, execution } = await trigger.request(delivery('PATIENT_CREATE', { id: 1 }, { signature, body }));
			expect(response.status).toBe(500);
			expect(execution).toBeUndefined();
		}
		expect(logs.entries.filter((e) => e.level === 'error' && /answers nothing until its credential is fixed/.test(e.message))).toHaveLength(1);
	});
});

describe('rotation: the Previous Secret Token', () => {
	const NEW = 'b6d0e4f8a2c6e0b4d8f2a6c0e4b8d2f6a0c4e8b2d6f0a4c8';

	test('deliveries signed with either secret are accepted; Verify answers with the current one only', async () => {
		const trigger = await startTrigger();
		trigger.credentials.set('drChronoWebhookApi', { secretToken: NEW, previousSecretToken: SECRET });
		const old = await trigger.request(delivery('PATIENT_CREATE', { id: 1 }, { signature: SECRET }));
		const fresh = await trigger.request(delivery('PATIENT_CREATE', { id: 2 }, { signature: NEW }));
		expect([old.response.status, fresh.response.status]).toEqual([200, 200]);
		expect(trigger.executions).toHaveLength(2);
		const verify = await trigger.request({ method: 'GET', path: `${trigger.url()}?msg=m1` });
		expect(verify.response.json).toEqual({ secret_token: hmacHex(NEW, 'm1') });
	});

	test('with the body HMAC option, an HMAC under the previous secret is accepted too', async () => {
		const trigger = await startTrigger({ options: { acceptBodyHmac: true } });
		trigger.credentials.set('drChronoWebhookApi', { secretToken: NEW, previousSecretToken: SECRET });
		const body = JSON.stringify({ object: { id: 7, first_name: 'A' } });
		const { response } = await trigger.request(delivery('PATIENT_CREATE', {}, { body, signature: hmacHex(SECRET, body) }));
		expect(response.status).toBe(200);
	});

	test('once cleared, the previous secret is refused', async () => {
		const trigger = await startTrigger();
		trigger.credentials.set('drChronoWebhookApi', { secretToken: NEW, previousSecretToken: '' });
		const { response, execution } = await trigger.request(delivery('PATIENT_CREATE', { id: 1 }, { signature: SECRET }));
		expect(response.status).toBe(401);
		expect(execution).toBeUndefined();
	});
});

describe('Verify, bounded and visible', () => {
	test(`${VERIFY_ANSWERS_PER_WINDOW} answers a minute per trigger, then 429 with Retry-After; both URLs share the budget`, async () => {
		const production = await startTrigger({ workflowId: 'wf-verify' });
		const test = await startTrigger({ workflowId: 'wf-verify', mode: 'test' });
		const statuses: number[] = [];
		for (let i = 0; i < 20; i++) {
			const target = i % 2 === 0 ? production : test;
			const { response } = await target.request({ method: 'GET', path: `${target.url()}?msg=guess${i}` });
			statuses.push(response.status);
			if (response.status === 429) {
				expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
				expect(response.json).not.toHaveProperty('secret_token');
			}
		}
		expect(statuses.filter((s) => s === 200)).toHaveLength(VERIFY_ANSWERS_PER_WINDOW);
		expect(statuses.slice(VERIFY_ANSWERS_PER_WINDOW).every((s) => s === 429)).toBe(true);
		// Another trigger has its own budget.
		const other = await startTrigger({ workflowId: 'wf-other' });
		expect((await other.request({ method: 'GET', path: `${other.url()}?msg=x` })).response.status).toBe(200);
	});

	test('each answer goes through the throttled log: one line a minute, with the msg length, never the msg', async () => {
		const trigger = await startTrigger();
		for (let i = 0; i < 3; i++) await trigger.request({ method: 'GET', path: `${trigger.url()}?msg=secretish-msg-${i}` });
		const lines = logs.entries.filter((e) => /answered a Verify request/.test(e.message));
		expect(lines).toHaveLength(1);
		expect(lines[0].message).toMatch(/msg of 15 characters/);
		expect(logs.entries.some((e) => e.message.includes('secretish'))).toBe(false);
	});
});
