/**
 * Generated attacks on every check the triggers and the paths make, seeded with the attacks found
 * from outside (guessable secrets, the Verify oracle, gzip bombs, replays of a captured body,
 * prototype keys, hostile token headers, dot segments in every encoding) and built from the
 * system's own answers: Verify answers, error texts, the trigger's URLs. Over 1,000 in all, each
 * with its documented outcome; none starts an execution it should not, none puts what a stranger
 * sent into the log.
 */
import { createHmac } from 'node:crypto';
import { gzipSync } from 'node:zlib';

import type { IDataObject } from 'n8n-workflow';

import { checkApiPath } from '../../nodes/DrChrono/actions/customApiCall';
import { pathIdProblem } from '../../nodes/DrChrono/shared/pathIds';
import { HOW_TO_MAKE_A_SECRET } from '../../nodes/DrChrono/trigger/secretStrength';
import { VERIFY_ANSWERS_PER_WINDOW, verifyBudget } from '../../nodes/DrChrono/trigger/verifyBudget';
import { captureLogs, type WebhookHarness } from '../harness/webhook';
import { drchronoClaims, iframeQuery, pageLoad, signJwt, startIframeTrigger } from '../iframe/helpers';
import { SECRET, startTrigger } from '../trigger/helpers';

const hmac = (secret: string, message: string | Buffer) => createHmac('sha256', secret).update(message).digest('hex');

/** mulberry32: the same attacks on every run. */
function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (n: number) => Math.floor(next() * n);
	return { int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)] };
}
const random = prng(20261204);

/** A trigger on every event; each workflow id is another trigger, with its own memories. */
const trigger = (options: IDataObject, workflowId: string) => startTrigger({ options, workflowId });

const EVENTS = ['PATIENT_CREATE', 'PATIENT_MODIFY', 'APPOINTMENT_MODIFY', 'TASK_MODIFY', 'LAB_ORDER_MODIFY', 'PATIENT_FLAG_CREATE', 'LINE_ITEM_MODIFY'];
const post = (signature: string, body: string | Buffer, extra: Record<string, string> = {}) => ({
	method: 'POST',
	headers: {
		'content-type': 'application/json',
		'x-drchrono-event': random.pick(EVENTS),
		'x-drchrono-delivery': `attack-${random.int(1e9)}`,
		'x-drchrono-signature': signature,
		...extra,
	},
	body,
});
const patientBody = (n: number) => JSON.stringify({ receiver: { id: 1 }, object: { id: 100000 + n, first_name: 'Ada', last_name: `Attack${n}` } });

/** Human-chosen secrets and their kin: what offline guessing finds first. */
function guessedSecrets(n: number): string[] {
	const seeds = ['drchrono-webhook-2025', 'Clinic_secret2026!', 'aaaaaaaaaaaaaaaa', 'drchrono', 'webhook-secret', 'n8n-drchrono', 'secret', 'password123'];
	const out: string[] = [];
	for (let i = 0; i < n; i++) {
		const seed = random.pick(seeds);
		const year = 2020 + random.int(8);
		out.push(random.pick([seed, seed.toUpperCase(), `${seed}${year}`, `${seed}-${year}!`, seed.replace(/-/g, '_'), `${seed}${seed}`]));
	}
	return out;
}

let logs: ReturnType<typeof captureLogs>;
beforeAll(() => (logs = captureLogs()));
afterAll(() => logs.restore());

const counted: Record<string, number> = {};
const count = (kind: string, n = 1) => (counted[kind] = (counted[kind] ?? 0) + n);

describe('generated attacks on the DrChrono Trigger (default mode)', () => {
	let target: WebhookHarness;
	beforeAll(async () => {
		target = await trigger({}, 'wf-attacks');
	});

	test('guessed secrets as the signature: 401, no execution', async () => {
		for (const guess of guessedSecrets(200)) {
			const { response, execution } = await target.request(post(guess, patientBody(1)));
			expect([response.status, execution]).toEqual([401, undefined]);
			count('guessed secret');
		}
	});

	test('the trigger\'s own answers as the signature (Verify answers, error texts, its URLs): 401', async () => {
		const answers: string[] = [];
		for (let i = 0; i < VERIFY_ANSWERS_PER_WINDOW; i++) {
			const msg = i === 0 ? patientBody(1).replace(/[{}[\]]/g, '') : `msg-${i}`;
			const { response } = await target.request({ method: 'GET', path: `${target.url()}?msg=${encodeURIComponent(msg)}` });
			answers.push((response.json as { secret_token: string }).secret_token);
		}
		const refused = await target.request(post('x', patientBody(2)));
		const texts = [
			...answers,
			...answers.map((a) => a.toUpperCase()),
			...answers.map((a) => Buffer.from(a, 'hex').toString('base64')),
			(refused.response.json as { message: string }).message,
			HOW_TO_MAKE_A_SECRET,
			target.url(),
			target.url().replace('/webhook/', '/webhook-test/'),
			'Delivery accepted',
			'Pong',
		];
		for (let i = 0; i < 200; i++) {
			const { response, execution } = await target.request(post(random.pick(texts), patientBody(i)));
			expect([response.status, execution]).toEqual([401, undefined]);
			count('own answer as signature');
		}
	});

	test('gzip bodies (16 KB that would inflate to 16 MB) with a forged signature: 401', async () => {
		const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024, ' '));
		for (let i = 0; i < 100; i++) {
			const { response, execution } = await target.request(
				post(random.pick(guessedSecrets(1)), bomb, { 'content-encoding': 'gzip', 'content-type': 'application/octet-stream' }),
			);
			expect([response.status, execution]).toEqual([401, undefined]);
			count('gzip body, forged');
		}
	});

	test('a Verify flood: at most the budget answered per window, the rest 429', async () => {
		verifyBudget.reset();
		let answered = 0;
		for (let i = 0; i < 200; i++) {
			const { response } = await target.request({ method: 'GET', path: `${target.url()}?msg=flood${random.int(1e9)}` });
			expect([200, 429]).toContain(response.status);
			if (response.status === 200) answered++;
			count('Verify flood');
		}
		expect(answered).toBe(VERIFY_ANSWERS_PER_WINDOW);
		// The flood left one line per kind in the log, not 200.
		expect(logs.entries.filter((e) => /refused Verify requests over/.test(e.message))).toHaveLength(1);
	});
});

describe('generated attacks on the DrChrono Trigger (body HMAC option)', () => {
	test('one captured body replayed under 200 new ids and events: one execution', async () => {
		const target = await trigger({ acceptBodyHmac: true }, 'wf-replay');
		const body = patientBody(7);
		const signature = hmac(SECRET, body);
		for (let i = 0; i < 200; i++) {
			const { response } = await target.request(post(random.pick([signature, signature.toUpperCase(), ` ${signature} `]), body));
			expect(response.status).toBe(200);
			count('replayed body');
		}
		expect(target.executions).toHaveLength(1);
	});

	test('signed bodies with prototype keys: each item keeps its prototype', async () => {
		const target = await trigger({ acceptBodyHmac: true }, 'wf-proto');
		const keys = ['__proto__', 'constructor', 'prototype'];
		for (let i = 0; i < 60; i++) {
			const key = random.pick(keys);
			const body = `{"${key}":{"polluted":${i}},"object":{"id":${i}}}`;
			const { execution } = await target.request(post(hmac(SECRET, body), body));
			const json = execution?.items[0][0].json as Record<string, unknown>;
			expect(Object.getPrototypeOf(json)).toBe(Object.prototype);
			expect(Object.getOwnPropertyDescriptor(json, key)?.value).toEqual({ polluted: i });
			expect(({} as Record<string, unknown>).polluted).toBeUndefined();
			count('prototype key');
		}
	});
});

describe('generated attacks on the DrChrono Iframe Trigger', () => {
	test('hostile token headers: 403, and the log holds fixed text and lengths only', async () => {
		const target = await startIframeTrigger({ workflowId: 'wf-iframe-attacks' });
		const hostile = ['\u202e', '\u200b', '\u2066', '\u0000', '\n', '<script>', 'HS256', 'none', '\uFEFF'];
		for (let i = 0; i < 100; i++) {
			let alg = '';
			for (let j = 0, n = 1 + random.int(40); j < n; j++) alg += random.pick(hostile);
			const token = signJwt(drchronoClaims(), { header: { typ: 'JWT', alg: random.int(4) === 0 ? alg.repeat(30) : alg } });
			const { response, execution } = await pageLoad(target, 'patient', iframeQuery(drchronoClaims(), token));
			expect([response.status, execution]).toEqual([403, undefined]);
			count('hostile token header');
		}
		for (const entry of logs.entries.filter((e) => e.message.includes('Iframe'))) {
			expect(entry.message).not.toMatch(/[\u202e\u200b\u2066\u0000\n\uFEFF]|<script>/);
			expect(entry.message.length).toBeLessThan(300);
		}
	});
});

describe('generated attacks on paths and ids', () => {
	const DOTS = ['..', '.', '%2e%2e', '%2E%2e', '.%2e', '%2e.', '%252e%252e', '\uFF0E\uFF0E', '%c0%ae%c0%ae', '%e2%80%a4%e2%80%a4', '\u2024\u2024'];
	const SEPARATORS = ['/', '%2f', '%2F', '%5c', '%5C', '\\', '%252f', ';', '%3b/'];

	test('Custom API Call: 300 paths that climb out of /api/ or hide a separator are refused', () => {
		for (let i = 0; i < 300; i++) {
			const path = `/api/${random.pick(['', 'patients/', 'patients/1/'])}${random.pick(DOTS)}${random.pick(SEPARATORS)}o/token/`;
			const checked = checkApiPath(path);
			// Only a path that DrChrono would read the same way as the check may pass, and it stays under /api/.
			if ('path' in checked) {
				expect(checked.path.startsWith('/api/')).toBe(true);
				expect(checked.path).not.toMatch(/%2f|%5c|%25|;|\.\./i);
			}
			expect(checked).toHaveProperty('refused');
			count('path');
		}
	});

	test('ids: 200 generated dot segments, encodings and separators are refused, naming the field', () => {
		for (let i = 0; i < 200; i++) {
			const id = `${random.int(2) ? String(random.int(1e6)) : ''}${random.pick([...DOTS, ...SEPARATORS, '?x=1', '#', ' ', '１'])}${random.int(2) ? String(random.int(1e6)) : ''}`;
			expect(pathIdProblem('Patient ID', id)).toMatch(/^Patient ID must be a DrChrono ID/);
			count('id');
		}
	});
});

test('over 1,000 generated attacks, of every kind', () => {
	const total = Object.values(counted).reduce((sum, n) => sum + n, 0);
	expect(Object.keys(counted).length).toBeGreaterThanOrEqual(9);
	expect(total).toBeGreaterThanOrEqual(1000);
});
