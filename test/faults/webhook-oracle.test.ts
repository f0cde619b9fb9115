/**
 * Attacks that use the triggers' own answers. The Verify handshake answers
 * hex(HMAC-SHA256(secret, msg)) for any msg anyone sends: a secret-keyed function computed on
 * demand, i.e. an oracle. No answer it (or anything else the package serves) gives may ever be
 * accepted as a delivery signature or an iframe token. Each attack here first asks the trigger,
 * then uses what it answered; every attempt must end without an execution.
 */
import { createHmac } from 'node:crypto';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { DrChronoIframeTrigger } from '../../nodes/DrChrono/DrChronoIframeTrigger.node';
import { DrChronoTrigger } from '../../nodes/DrChrono/DrChronoTrigger.node';
import { DRCHRONO_EVENTS } from '../../nodes/DrChrono/trigger';
import { verifyBudget } from '../../nodes/DrChrono/trigger/verifyBudget';
import { createWebhookHarness, type WebhookHarness } from '../harness/webhook';
import { IFRAME_TRIGGER_TYPE, IDS, iframeQuery, oauthCredential, pageLoad, signJwt } from '../iframe/helpers';

const TRIGGER_TYPE = 'n8n-nodes-drchrono.drChronoTrigger';
const SECRET = 'oracle-test-secret-token-0123456789abcdef';
const WORKFLOW_ID = 'oracle-workflow';

/** Every event name the trigger knows (aliases too), and a name it does not. */
const EVENT_NAMES = [...DRCHRONO_EVENTS.flatMap((e) => [e.name, ...(e.aliases ?? [])]), 'PING', 'SOMETHING_NEW'];

function trigger(mode: 'production' | 'test', acceptBodyHmac: boolean): WebhookHarness {
	const credentials: Record<string, ICredentialDataDecryptedObject> = { drChronoWebhookApi: { secretToken: SECRET } };
	return createWebhookHarness({
		nodeTypes: { [TRIGGER_TYPE]: new DrChronoTrigger() },
		node: {
			type: TRIGGER_TYPE,
			name: 'DrChrono Trigger',
			parameters: { events: ['*'], fetchCurrentObject: false, options: { acceptBodyHmac, emitPings: true } },
			credentials: { drChronoWebhookApi: { id: 'webhook-cred', name: 'DrChrono Webhook' } },
		},
		credentials,
		mode,
		workflowId: WORKFLOW_ID,
		// Counted, not run: what matters is whether n8n would start one.
		runExecutions: false,
	});
}

interface Urls {
	production: WebhookHarness;
	test: WebhookHarness;
}

async function activeTriggers(acceptBodyHmac: boolean): Promise<Urls> {
	const production = trigger('production', acceptBodyHmac);
	const test = trigger('test', acceptBodyHmac);
	await production.activate();
	await test.activate();
	return { production, test };
}

const executions = (urls: Urls) => urls.production.executions.length + urls.test.executions.length;

/**
 * Step 1: ask the handshake to sign `msg`; the answer, if it gave one. Verify gives a few answers a
 * minute per trigger; the attacker here is taken to wait as long as it takes (the budget is
 * forgotten before each question), so these attacks test what the answers allow, not the budget.
 */
async function askHandshake(harness: WebhookHarness, msg: string): Promise<{ status: number; answer?: string }> {
	verifyBudget.reset();
	const url = new URL(harness.url('setup'));
	url.searchParams.set('msg', msg);
	const { response, execution } = await harness.request({ method: 'GET', path: url.toString() });
	expect(execution).toBeUndefined();
	const answer = (response.json as { secret_token?: unknown } | undefined)?.secret_token;
	return { status: response.status, answer: typeof answer === 'string' ? answer : undefined };
}

/** Step 2: deliver `body` with `signature`. */
async function deliver(harness: WebhookHarness, event: string, body: string | Buffer, signature: string | string[], deliveryId: string) {
	return harness.request({
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			'x-drchrono-event': event,
			'x-drchrono-signature': signature,
			'x-drchrono-delivery': deliveryId,
		},
		body,
	});
}

function deliveryBody(event: string, n: number): string {
	return JSON.stringify({
		receiver: { id: 1, name: 'n8n', events: [event] },
		practice_group_id: 77,
		object: { id: 900000 + n, first_name: 'Forged', last_name: `Patient${n}` },
	});
}

const hmacHex = (secret: string, message: string | Buffer) => createHmac('sha256', secret).update(message).digest('hex');

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
	let state = seed >>> 0;
	const next = () => {
		state = (state * 1664525 + 1013904223) >>> 0;
		return state / 2 ** 32;
	};
	return {
		int: (n: number) => Math.floor(next() * n),
		pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
	};
}

/**
 * The msg an attacker asks Verify to sign, made from the body they want delivered: the body itself,
 * and the variants a refused msg invites (whitespace, other encodings, the braces escaped or dropped,
 * the body wrapped or cut, URL-encoding games).
 */
const MSG_VARIANTS: Record<string, (body: string) => string> = {
	exact: (b) => b,
	'leading space': (b) => ` ${b}`,
	'trailing newline': (b) => `${b}\n`,
	'CRLF around': (b) => `\r\n${b}\r\n`,
	'BOM first': (b) => `\uFEFF${b}`,
	'NUL first': (b) => `\u0000${b}`,
	'wrapped in an array': (b) => `[${b}]`,
	'braces as \\u escapes': (b) => b.replace(/\{/g, '\\u007b').replace(/\}/g, '\\u007d'),
	'braces as fullwidth': (b) => b.replace(/\{/g, '\uFF5B').replace(/\}/g, '\uFF5D'),
	'braces dropped': (b) => b.replace(/[{}[\]]/g, ''),
	'first brace dropped': (b) => b.slice(1),
	'percent-encoded twice': (b) => encodeURIComponent(b),
	'base64 of the body': (b) => Buffer.from(b).toString('base64'),
	'base64url of the body': (b) => Buffer.from(b).toString('base64url'),
	'hex of the body': (b) => Buffer.from(b).toString('hex'),
	'latin1 re-read': (b) => Buffer.from(b, 'utf8').toString('latin1'),
	'UTF-16 bytes as text': (b) => Buffer.from(b, 'utf16le').toString('latin1'),
	'long padding': (b) => `${b}${' '.repeat(600)}`,
	'JWT-shaped': (b) => `${Buffer.from(b).toString('base64url')}.${Buffer.from('x').toString('base64url')}`,
};

/** How the answer is put in X-drchrono-signature. */
const SIGNATURE_FORMS: Record<string, (answer: string) => string | string[]> = {
	'as is': (a) => a,
	'upper case': (a) => a.toUpperCase(),
	'with spaces': (a) => ` ${a} `,
	'sha256= prefix': (a) => `sha256=${a}`,
	'the whole JSON answer': (a) => JSON.stringify({ secret_token: a }),
	'base64 of the digest': (a) => Buffer.from(a, 'hex').toString('base64'),
	'twice, as two headers': (a) => [a, a],
};

/** What is delivered, given the body wanted and the msg that was signed. */
const DELIVERED_BODIES: Record<string, (body: string, msg: string) => string | Buffer> = {
	'the body wanted': (b) => b,
	'the msg that was signed': (_b, m) => m,
	'the msg as UTF-16': (_b, m) => Buffer.from(m, 'utf16le'),
	'the msg as latin1 bytes': (_b, m) => Buffer.from(m, 'latin1'),
	'the body with a trailing newline': (b) => `${b}\n`,
	'the body wrapped in an array': (b) => `[${b}]`,
};

describe('the two-step oracle attack: ask Verify to sign the body, then deliver it with that answer', () => {
	test.each([false, true])(
		'Also Accept Body HMAC = %s: for every event on both URLs, the handshake refuses and the delivery gets 401; no execution',
		async (acceptBodyHmac) => {
			const urls = await activeTriggers(acceptBodyHmac);
			let n = 0;
			for (const event of EVENT_NAMES) {
				for (const target of [urls.production, urls.test]) {
					const body = deliveryBody(event, ++n);
					const step1 = await askHandshake(target, body);
					expect(step1.status).toBe(400);
					expect(step1.answer).toBeUndefined();
					// The attacker sends the best they have: the answer for the body minus its braces.
					const nearest = await askHandshake(target, MSG_VARIANTS['braces dropped'](body));
					expect(nearest.status).toBe(200);
					const step2 = await deliver(target, event, body, nearest.answer as string, `forged-${n}`);
					expect(step2.response.status).toBe(401);
					expect(step2.execution).toBeUndefined();
				}
			}
			expect(executions(urls)).toBe(0);
		},
	);

	test('with the option off, even the exact HMAC of the body (what the old handshake answered) gets 401', async () => {
		const urls = await activeTriggers(false);
		let n = 0;
		for (const event of EVENT_NAMES) {
			const body = deliveryBody(event, ++n);
			const { response } = await deliver(urls.production, event, body, hmacHex(SECRET, body), `exact-${n}`);
			expect(response.status).toBe(401);
		}
		expect(executions(urls)).toBe(0);
	});
});

describe('adaptive attacks generated from the trigger\'s own answers', () => {
	test('1,200 attempts (both URLs, option on and off, every msg variant, signature form and body): 0 executions', async () => {
		const sets = [await activeTriggers(false), await activeTriggers(true)];
		const random = rng(20261201);
		const variants = Object.entries(MSG_VARIANTS);
		const forms = Object.entries(SIGNATURE_FORMS);
		const bodies = Object.entries(DELIVERED_BODIES);
		const outcomes: Record<string, number> = {};
		const count = (key: string) => (outcomes[key] = (outcomes[key] ?? 0) + 1);
		let answered = 0;
		const ATTEMPTS = 1200;
		for (let i = 0; i < ATTEMPTS; i++) {
			const urls = sets[i % 2];
			const event = random.pick(EVENT_NAMES);
			const wanted = deliveryBody(event, i);
			const [, variant] = random.pick(variants);
			const msg = variant(wanted);
			// Ask at either URL, deliver at either: the test URL's answers replayed at production too.
			const askAt = random.int(2) === 0 ? urls.production : urls.test;
			const deliverAt = random.int(4) === 0 ? urls.test : urls.production;
			const { answer } = await askHandshake(askAt, msg);
			if (answer !== undefined) answered++;
			// A refused msg leaves the attacker with an answer for another msg, or a guess.
			const signatureBase = answer ?? (await askHandshake(askAt, `guess-${i}`)).answer ?? 'x'.repeat(64);
			const [, form] = random.pick(forms);
			const [, bodyOf] = random.pick(bodies);
			const { response, execution } = await deliver(deliverAt, event, bodyOf(wanted, msg), form(signatureBase), `adaptive-${i}`);
			count(String(response.status));
			expect(execution).toBeUndefined();
		}
		expect(sets.reduce((sum, urls) => sum + executions(urls), 0)).toBe(0);
		// The oracle was live: Verify signed the msgs that could not be a delivery body.
		expect(answered).toBeGreaterThan(100);
		// Every delivery was refused; 401 for anything not signed with the secret itself.
		expect(Object.keys(outcomes).every((status) => ['400', '401', '422'].includes(status))).toBe(true);
		expect(outcomes['401']).toBeGreaterThan(ATTEMPTS / 2);
	});

	test('control: the same harness accepts DrChrono\'s Verify and the documented signature, once each', async () => {
		const urls = await activeTriggers(false);
		const msg = 'c0ffee00112233445566778899aabbcc';
		const verify = await askHandshake(urls.production, msg);
		expect(verify).toEqual({ status: 200, answer: hmacHex(SECRET, msg) });
		const body = deliveryBody('PATIENT_CREATE', 1);
		const { response, execution } = await deliver(urls.production, 'PATIENT_CREATE', body, SECRET, 'genuine-1');
		expect(response.status).toBe(200);
		expect(execution?.items[0][0].json).toMatchObject({ event: 'PATIENT_CREATE', practice_group_id: 77 });
		expect(executions(urls)).toBe(1);
	});
});

describe('the handshake as a signer of iframe tokens (one secret used for both)', () => {
	test('Verify refuses every JWT signing input, and no answer it gives opens the iframe panel', async () => {
		// The user (wrongly) made the webhook secret the app's client secret.
		const shared = SECRET;
		const urls = await activeTriggers(false);
		const iframe = createWebhookHarness({
			nodeTypes: { [IFRAME_TRIGGER_TYPE]: new DrChronoIframeTrigger() },
			node: {
				type: IFRAME_TRIGGER_TYPE,
				name: 'DrChrono Iframe',
				parameters: { responseMode: 'lastNode', options: {} },
				credentials: { drChronoOAuth2Api: { id: 'oauth-cred', name: 'DrChrono OAuth2' } },
			},
			credentials: { drChronoOAuth2Api: oauthCredential({ clientSecret: shared }) },
			runExecutions: false,
		});
		await iframe.activate();

		const claims = { ...IDS, iat: Math.floor(Date.now() / 1000) };
		const genuine = signJwt(claims, { secret: shared });
		const signingInput = genuine.split('.').slice(0, 2).join('.');
		let attempts = 0;
		for (const msg of [signingInput, `${signingInput}.`, ` ${signingInput}`, `${signingInput}\n`, signingInput.replace('.', '%2E')]) {
			const { status, answer } = await askHandshake(urls.production, msg);
			const candidates = answer ? [Buffer.from(answer, 'hex').toString('base64url'), answer] : [];
			if (msg === signingInput) expect(status).toBe(400);
			for (const signature of candidates) {
				attempts++;
				const { response, execution } = await pageLoad(iframe, 'patient', iframeQuery(claims, `${signingInput}.${signature}`));
				expect(response.status).toBe(403);
				expect(execution).toBeUndefined();
			}
		}
		expect(iframe.executions).toHaveLength(0);
		// Control: the token DrChrono would sign opens the panel.
		const { execution } = await pageLoad(iframe, 'patient', iframeQuery(claims, genuine));
		expect(execution).toBeDefined();
		expect(attempts).toBeGreaterThan(0);
	});
});
