/**
 * What one trigger remembers cannot be pushed out by another; a token lives at most one drift;
 * what strangers send never reaches n8n's log, and a flood leaves one line a minute with its count.
 */
import { MAX_REMEMBERED_TOKENS, admitToken, usedTokenMemory } from '../../nodes/DrChrono/iframe/usedTokens';
import { RefusalLog, type Scheduler } from '../../nodes/DrChrono/shared/refusalLog';
import { captureLogs } from '../harness/webhook';
import { drchronoClaims, iframeQuery, nowSeconds, oauthCredential, pageLoad, signJwt, startIframeTrigger } from './helpers';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => {
	logs.restore();
	jest.restoreAllMocks();
});

describe('the used-token memory is per trigger', () => {
	test(`another trigger's ${MAX_REMEMBERED_TOKENS + 1} tokens do not push this trigger's used token out`, async () => {
		const mine = await startIframeTrigger({ workflowId: 'wf-mine' });
		const query = iframeQuery(drchronoClaims());
		expect((await pageLoad(mine, 'patient', query)).execution).toBeDefined();

		// A second trigger (the user's own, with its own app secret) uses more tokens than any memory holds.
		const theirs = usedTokenMemory('wf-theirs:trigger-under-test');
		const now = nowSeconds();
		for (let i = 0; i <= MAX_REMEMBERED_TOKENS; i++) {
			await admitToken(theirs, { signature: `sig-${i}`, iatSeconds: now, nowSeconds: now, driftSeconds: 60, once: true });
		}
		const again = await pageLoad(mine, 'patient', query);
		expect(again.response.status).toBe(403);
		expect(again.execution).toBeUndefined();
	});

	test('a trigger that fills its own memory forgets only its own oldest tokens', async () => {
		const memory = usedTokenMemory('wf-full:node');
		const now = nowSeconds();
		const use = (signature: string) => admitToken(memory, { signature, iatSeconds: now, nowSeconds: now, driftSeconds: 60, once: true });
		expect(await use('first')).toBe('accepted');
		expect(await use('first')).toBe('reused');
		expect(await admitToken(usedTokenMemory('wf-other:node'), { signature: 'first', iatSeconds: now, nowSeconds: now, driftSeconds: 60, once: true })).toBe('accepted');
	});
});

describe("a token's life is one drift", () => {
	test('a token dated one drift ahead (accepted) is refused one drift after its first use, not two', async () => {
		const trigger = await startIframeTrigger({ options: { acceptTokenOnce: false } });
		const start = Date.now();
		const claims = drchronoClaims(-60);
		const query = iframeQuery(claims);
		expect((await pageLoad(trigger, 'patient', query)).execution).toBeDefined();
		jest.spyOn(Date, 'now').mockReturnValue(start + 30_000);
		expect((await pageLoad(trigger, 'patient', query)).execution).toBeDefined();
		jest.spyOn(Date, 'now').mockReturnValue(start + 62_000);
		const late = await pageLoad(trigger, 'patient', query);
		expect(late.response.status).toBe(403);
		expect(late.execution).toBeUndefined();
	});
});

describe('refusal logs hold fixed text and lengths only', () => {
	test('an alg of 2.5 KB with bidi and zero-width characters leaves none of it in the log', async () => {
		const trigger = await startIframeTrigger();
		const alg = `\u202e\u200bHS256${'x'.repeat(2500)}\u2066evil`;
		const token = signJwt(drchronoClaims(), { header: { typ: 'JWT', alg } });
		const { response } = await pageLoad(trigger, 'patient', iframeQuery(drchronoClaims(), token));
		expect(response.status).toBe(403);
		const lines = logs.entries.filter((e) => /refused/.test(e.message));
		expect(lines).toHaveLength(1);
		expect(lines[0].message).toMatch(/\(algorithm; token of \d+ characters\)/);
		expect(lines[0].message.length).toBeLessThan(200);
		expect(lines[0].message).not.toMatch(/[\u200b\u202e\u2066]|xxx|evil/);
	});

	test('the missing client secret and an option typo are each one line, however many requests come', async () => {
		const noSecret = await startIframeTrigger({ workflowId: 'wf-a', credential: oauthCredential({ clientSecret: '' }) });
		const typo = await startIframeTrigger({ workflowId: 'wf-b', options: { additionalFrameAncestors: 'drchrono.com' } });
		for (let i = 0; i < 50; i++) {
			await pageLoad(noSecret, 'patient', iframeQuery(drchronoClaims()));
			await pageLoad(typo, 'patient', iframeQuery(drchronoClaims(0, { n: i })));
		}
		expect(logs.entries.filter((e) => /no Client Secret/.test(e.message))).toHaveLength(1);
		expect(logs.entries.filter((e) => /Additional Frame Ancestors ignores/.test(e.message))).toHaveLength(1);
	});
});

describe("a burst's count is written when the minute ends", () => {
	test('without a later refusal to carry it', () => {
		let now = 0;
		const pending: Array<{ at: number; run: () => void; signal: AbortSignal }> = [];
		const schedule: Scheduler = (ms, signal, run) => pending.push({ at: now + ms, run, signal });
		const log = new RefusalLog(60_000, () => now, schedule);
		const lines: string[] = [];
		const logger = { warn: (line: string) => lines.push(line) };
		for (let i = 0; i < 100; i++) {
			now = i * 100;
			log.warn(logger, 'trigger-1', 'refused a request (401)');
		}
		expect(lines).toEqual(['refused a request (401)']);
		now = 60_000;
		for (const job of pending.splice(0)) if (!job.signal.aborted && job.at <= now) job.run();
		expect(lines).toEqual(['refused a request (401)', 'refused a request (401) (and 99 more since the previous such line, not logged one by one)']);
		// A flood that goes on: still one line per minute.
		for (let i = 0; i < 100; i++) {
			now = 60_000 + i * 100;
			log.warn(logger, 'trigger-1', 'refused a request (401)');
		}
		expect(lines).toHaveLength(2);
	});

	test('with n8n\'s own timer (a short interval here)', async () => {
		const log = new RefusalLog(50);
		const lines: string[] = [];
		const logger = { warn: (line: string) => lines.push(line) };
		for (let i = 0; i < 10; i++) log.warn(logger, 'trigger-2', 'refused');
		expect(lines).toHaveLength(1);
		await new Promise((resolve) => setTimeout(resolve, 120));
		expect(lines).toEqual(['refused', 'refused (and 9 more since the previous such line, not logged one by one)']);
		log.reset();
	});
});
