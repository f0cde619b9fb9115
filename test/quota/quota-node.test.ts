/**
 * The node's side of the quota guard: the Quota > Get Status operation, and the short default wait
 * when an AI Agent calls the node as a tool.
 */
import { setMaxListeners } from 'node:events';

import { DrChrono } from '../../nodes/DrChrono/DrChrono.node';
import { TOOL_MAX_WAIT_MS, quotaPolicyFromOptions, runsAsTool } from '../../nodes/DrChrono/actions/options';
import { getQuotaGuard, resetQuotaGuards } from '../../nodes/DrChrono/quota';
import { connectionFromCredentials } from '../../nodes/DrChrono/transport/connection';
import { DRCHRONO_TYPE, runDrChrono, sandboxCredential, sandboxCredentials } from '../harness/drchrono';
import { runNode } from '../harness/execute';
import type { RunResult } from '../harness/execute';
import { json, runAsTool, startNodeSandbox, TOOL_TYPE, totalCalls } from '../node/helpers';
import type { Sandbox } from '../sandbox';
import { FakeClock, HOUR, T0 } from '../unit/fake-clock';
import { ManualClock, settle } from '../unit/manual-clock';

/** The type n8n gives the node when an AI Agent uses it as a tool. */

const FAIL = { onExhausted: 'fail', maxWaitMs: 0 } as const;

/** Spends `calls` of the app's budget in this process, as earlier executions would have. */
async function spend(sandbox: Sandbox, calls: number, overrides = {}): Promise<void> {
	const connection = connectionFromCredentials(sandboxCredential(sandbox, overrides));
	const guard = getQuotaGuard(connection.appKey, connection);
	for (let i = 0; i < calls; i++) (await guard.acquire(FAIL))();
}

async function runAs(type: string, sandbox: Sandbox, parameters: Record<string, unknown>, overrides = {}): Promise<RunResult> {
	return await runNode(
		{ [type]: new DrChrono() },
		{ type, parameters: parameters as never, credentials: { drChronoOAuth2Api: { id: '1', name: 'DrChrono Sandbox' } } },
		{ credentials: sandboxCredentials(sandbox, overrides) },
	);
}

describe('Quota > Get Status', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startNodeSandbox();
	});
	afterAll(async () => {
		resetQuotaGuards();
		await sandbox.close();
	});

	it('shows quota, used, remaining, waiting and the reset, and costs no API call', async () => {
		const clock = new FakeClock(T0);
		resetQuotaGuards(clock);
		const credential = { quotaPerHour: 500, quotaReserve: 20 };
		await spend(sandbox, 30, credential);
		const before = totalCalls(sandbox);

		const result = await runDrChrono(
			{ resource: 'quota', operation: 'getStatus' },
			{ credentials: sandboxCredentials(sandbox, credential), keepQuota: true },
		);
		expect(result.error).toBeUndefined();
		expect(totalCalls(sandbox)).toBe(before);
		expect(json(result)).toEqual({
			quota: 500,
			reserve: 20,
			limit: 480,
			used: 30,
			remaining: 450,
			waiting: 0,
			maxWaiting: 1000,
			state: 'normal',
			windowStart: '2026-11-28T14:00:00.000Z',
			resetsAt: '2026-11-28T15:00:00.000Z',
			resetsIn: '12 min',
			resetsInSeconds: 720,
			blockedUntil: null,
			blockedFor: null,
			maxCallsPerSecond: 0,
			rateLimitedResponses: 0,
			seenBy: 'this n8n process',
		});
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('shows a block after a 429 and when it ends', async () => {
		resetQuotaGuards(new FakeClock(T0));
		const connection = connectionFromCredentials(sandboxCredential(sandbox));
		getQuotaGuard(connection.appKey, connection).reportRateLimited();
		const result = await runDrChrono(
			{ resource: 'quota', operation: 'getStatus' },
			{ credentials: sandboxCredentials(sandbox), keepQuota: true },
		);
		expect(json(result)).toMatchObject({
			state: 'exhausted',
			remaining: 0,
			blockedUntil: '2026-11-28T15:00:00.000Z',
			blockedFor: '12 min',
		});
	});
});

describe('a full queue for the quota', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startNodeSandbox();
	});
	afterAll(async () => {
		resetQuotaGuards();
		await sandbox.close();
	});

	it('says that too many calls wait at once, not to raise Max Wait, and sends nothing', async () => {
		resetQuotaGuards(new ManualClock(T0));
		const credential = { quotaPerHour: 1 };
		await spend(sandbox, 1, credential);
		const connection = connectionFromCredentials(sandboxCredential(sandbox, credential));
		const guard = getQuotaGuard(connection.appKey, connection);
		// Earlier executions of other workflows, all waiting for the reset.
		const others = new AbortController();
		setMaxListeners(0, others.signal);
		const waiting = Array.from({ length: guard.maxQueue }, () =>
			guard.acquire({ onExhausted: 'wait', maxWaitMs: 10_000 * HOUR, signal: others.signal }).catch(() => undefined),
		);
		await settle();
		const before = totalCalls(sandbox);

		const result = await runDrChrono(
			{ resource: 'doctor', operation: 'getAll', limit: 1 },
			{ credentials: sandboxCredentials(sandbox, credential), keepQuota: true },
		);
		others.abort();
		await Promise.all(waiting);

		expect(result.error?.message).toMatch(/^1000 calls are already waiting for this DrChrono app's quota/);
		const description = String((result.error as { description?: string }).description);
		expect(description).not.toMatch(/Max Wait/);
		expect(description).toMatch(/at the same time/);
		expect(totalCalls(sandbox)).toBe(before);
	});
});

describe('as an AI Agent tool', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startNodeSandbox();
	});
	afterAll(async () => {
		resetQuotaGuards();
		await sandbox.close();
	});

	it('knows it runs as a tool from its node type or from n8n 2.x context', () => {
		const node = (type: string) => ({ getNode: () => ({ type }) as never });
		expect(runsAsTool(node(TOOL_TYPE))).toBe(true);
		expect(runsAsTool(node('CUSTOM.drChronoTool'))).toBe(true);
		expect(runsAsTool(node(DRCHRONO_TYPE))).toBe(false);
		expect(runsAsTool({ ...node(DRCHRONO_TYPE), isToolExecution: () => true })).toBe(true);
	});

	it('waits at most 30 s by default; what the user sets still wins', () => {
		expect(quotaPolicyFromOptions({}, true)).toEqual({ onExhausted: 'wait', maxWaitMs: TOOL_MAX_WAIT_MS });
		expect(quotaPolicyFromOptions({}, false)).toEqual({ onExhausted: 'wait', maxWaitMs: HOUR });
		expect(quotaPolicyFromOptions({ maxWaitMinutes: 10 }, true)).toEqual({ onExhausted: 'wait', maxWaitMs: 10 * 60_000 });
		expect(quotaPolicyFromOptions({ onQuotaExhausted: 'fail' }, true).onExhausted).toBe('fail');
	});

	it('answers the agent at once when the quota resets in 12 min, instead of blocking it', async () => {
		const clock = new FakeClock(T0);
		resetQuotaGuards(clock);
		const credential = { quotaPerHour: 5 };
		await spend(sandbox, 5, credential);
		const before = totalCalls(sandbox);

		const result = await runAsTool(sandbox, { resource: 'doctor', operation: 'getAll', limit: 1 }, credential);
		// A tool answers the agent's model with the error instead of failing the agent's run.
		expect(result.items[0].json.error).toBe(
			'DrChrono hourly quota of 5 calls used up; it resets at 15:00 UTC (in 12 min), later than the maximum wait of 30 s',
		);
		expect(clock.now()).toBe(T0);
		expect(totalCalls(sandbox)).toBe(before);
	});

	it('the same node outside an agent waits for the reset as before', async () => {
		const clock = new FakeClock(T0);
		resetQuotaGuards(clock);
		const credential = { quotaPerHour: 5 };
		await spend(sandbox, 5, credential);
		const result = await runAs(DRCHRONO_TYPE, sandbox, { resource: 'doctor', operation: 'getAll', limit: 1 }, credential);
		expect(result.error).toBeUndefined();
		expect(clock.now()).toBe(Date.UTC(2026, 10, 28, 15));
	});

	it('tells the user so on the tool variant only', () => {
		const notice = new DrChrono().description.properties.find((p) => p.name === 'toolQuotaNotice');
		expect(notice).toMatchObject({ type: 'notice', displayOptions: { show: { '@tool': [true] } } });
		expect(notice?.displayName).toContain('waits at most 30 seconds');
	});
});
