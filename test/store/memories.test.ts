/**
 * The memories that must hold across n8n processes in queue mode, kept in the credential's store:
 * the DrChrono Trigger's delivery memory, the Iframe Trigger's used tokens (both through
 * StoreSeenMemory) and the Add Flag turn per patient (inStoreTurn). "Another process" is another
 * memory or client on the same real Redis with an empty memory of its own.
 */
import { BoundedSeenMemory, forgetAllSeen } from '../../nodes/DrChrono/shared/seenMemory';
import { KEY_PREFIX, StoreSeenMemory, forgetStoreNotices, inStoreTurn } from '../../nodes/DrChrono/store';
import type { StoreUse, TurnTimes } from '../../nodes/DrChrono/store';
import { httpHelper, sleepMs, startStore } from './helpers';
import type { StoreFixture } from './helpers';
import { RespClient } from './resp';

jest.setTimeout(60_000);

let store: StoreFixture;
let direct: RespClient;
/** Redis itself, to look at what the package left in it. */
const redis = async (command: string[]) => await direct.send(command);
beforeAll(async () => {
	store = await startStore();
	direct = new RespClient(store.redis.port);
});
afterAll(async () => {
	direct?.close();
	await store?.close();
});
beforeEach(() => forgetStoreNotices());

let scopes = 0;
const freshScope = () => `test-${process.pid}-${Date.now()}-${++scopes}`;

/** One n8n process's view: its own memory, the shared store, and what it logs. */
function processOf(scope: string, warnings: string[] = []) {
	const use: StoreUse = { settings: { url: store.server.url, token: store.server.token }, http: httpHelper, warn: (m) => warnings.push(m) };
	const local = new BoundedSeenMemory(100);
	return { memory: new StoreSeenMemory(scope, local, use, 'repeated deliveries'), local, use, warnings };
}

describe('StoreSeenMemory', () => {
	it('a key recorded by one process is seen by another, and expires on its own', async () => {
		const scope = freshScope();
		const a = processOf(scope);
		const b = processOf(scope);
		expect(await a.memory.firstSeen('delivery-1', 400)).toBe(true);
		expect(await b.memory.firstSeen('delivery-1', 400)).toBe(false);
		expect(await a.memory.firstSeen('delivery-1', 400)).toBe(false);
		// Another scope (another trigger) keeps its own keys.
		expect(await processOf(freshScope()).memory.firstSeen('delivery-1', 400)).toBe(true);
		await sleepMs(500);
		expect(await b.memory.firstSeen('delivery-1', 400)).toBe(true);
	});

	it('every key carries the prefix and an expiry in Redis', async () => {
		const scope = freshScope();
		await processOf(scope).memory.firstSeen('d-ttl', 60_000);
		const keys = (await redis(['KEYS', `${KEY_PREFIX}seen:${scope}:*`])) as string[];
		expect(keys).toEqual([`${KEY_PREFIX}seen:${scope}:d-ttl`]);
		const ttl = (await redis(['PTTL', keys[0]])) as number;
		expect(ttl).toBeGreaterThan(55_000);
		expect(ttl).toBeLessThanOrEqual(60_000);
	});

	it('a key from outside (long or unusual) is stored hashed, and still recognised', async () => {
		const scope = freshScope();
		const odd = `id with spaces\nand a newline ${'x'.repeat(300)}`;
		expect(await processOf(scope).memory.firstSeen(odd, 60_000)).toBe(true);
		expect(await processOf(scope).memory.firstSeen(odd, 60_000)).toBe(false);
		const keys = (await redis(['KEYS', `${KEY_PREFIX}seen:${scope}:*`])) as string[];
		expect(keys).toHaveLength(1);
		expect(keys[0]).toMatch(new RegExp(`^${KEY_PREFIX}seen:${scope}:[0-9a-f]{64}$`));
	});

	it('a probe (time 0) records nothing; forget makes a key new again for every process', async () => {
		const scope = freshScope();
		const a = processOf(scope);
		const b = processOf(scope);
		expect(await a.memory.firstSeen('probe', 0)).toBe(true);
		expect(await b.memory.firstSeen('probe', 60_000)).toBe(true);
		expect(await a.memory.firstSeen('probe', 0)).toBe(false);
		await b.memory.forget('probe');
		expect(await a.memory.firstSeen('probe', 60_000)).toBe(true);
	});

	it('with the store away: falls back to the process memory, which remembers what it learnt, and warns once a minute', async () => {
		const scope = freshScope();
		const warnings: string[] = [];
		const a = processOf(scope, warnings);
		expect(await a.memory.firstSeen('before', 60_000)).toBe(true);
		await store.server.stop();
		try {
			expect(await a.memory.firstSeen('before', 60_000)).toBe(false); // the mirror
			expect(await a.memory.firstSeen('during', 60_000)).toBe(true);
			expect(await a.memory.firstSeen('during', 60_000)).toBe(false);
			await a.memory.forget('during');
		} finally {
			await store.server.restart();
		}
		expect(warnings).toHaveLength(1);
		expect(warnings[0]).toMatch(/shared store at http:\/\/127\.0\.0\.1:\d+ cannot be used for repeated deliveries .*uses its own memory/);
		// Back: the store answers again (a key recorded during the outage is not in it).
		expect(await processOf(scope).memory.firstSeen('during', 60_000)).toBe(true);
	});
});

describe('inStoreTurn', () => {
	const fast: TurnTimes = { holdMs: 600, renewMs: 200, waitMs: 5_000, pollMs: 20 };
	const use = (warnings: string[] = []): StoreUse => ({ settings: { url: store.server.url, token: store.server.token }, http: httpHelper, warn: (m) => warnings.push(m) });
	const busy = (waitedMs: number) => new Error(`busy after ${waitedMs} ms`);

	it('tasks of several processes on one name never overlap; other names run alongside', async () => {
		const name = freshScope();
		let inside = 0;
		let most = 0;
		const order: string[] = [];
		const task = (label: string) => async () => {
			inside++;
			most = Math.max(most, inside);
			order.push(`${label} in`);
			await sleepMs(100);
			order.push(`${label} out`);
			inside--;
			return label;
		};
		const results = await Promise.all(['p1', 'p2', 'p3', 'p4'].map(async (p) => await inStoreTurn(use(), name, task(p), busy, fast)));
		expect(results.sort()).toEqual(['p1', 'p2', 'p3', 'p4']);
		expect(most).toBe(1);
		for (let i = 0; i < order.length; i += 2) expect(order[i].split(' ')[0]).toBe(order[i + 1].split(' ')[0]);

		// Another name is not held up by a long task.
		const long = inStoreTurn(use(), name, async () => await sleepMs(800), busy, fast);
		const t0 = Date.now();
		await inStoreTurn(use(), freshScope(), async () => undefined, busy, fast);
		expect(Date.now() - t0).toBeLessThan(700);
		await long;
	});

	it('the holder renews the turn while its task runs longer than the hold time', async () => {
		const name = freshScope();
		let secondStarted = 0;
		const t0 = Date.now();
		const first = inStoreTurn(use(), name, async () => await sleepMs(1_500), busy, fast);
		await sleepMs(50);
		await inStoreTurn(use(), name, async () => {
			secondStarted = Date.now() - t0;
		}, busy, fast);
		await first;
		expect(secondStarted).toBeGreaterThanOrEqual(1_450);
	});

	it('a turn left by a process that died is free after the hold time', async () => {
		const name = freshScope();
		// What a dead holder leaves: the key with its expiry, and nobody to release or renew it.
		await redis(['SET', `${KEY_PREFIX}turn:${name}`, 'dead-process', 'PX', '500']);
		const t0 = Date.now();
		await inStoreTurn(use(), name, async () => undefined, busy, fast);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
		expect(Date.now() - t0).toBeLessThan(2_000);
	});

	it('waiting longer than the wait time throws what the caller makes of it, and the holder keeps the turn', async () => {
		const name = freshScope();
		const holding = inStoreTurn(use(), name, async () => await sleepMs(1_200), busy, fast);
		await sleepMs(50);
		await expect(inStoreTurn(use(), name, async () => 'ran', busy, { ...fast, waitMs: 300 })).rejects.toThrow(/^busy after \d+ ms$/);
		await holding;
		expect(await redis(['EXISTS', `${KEY_PREFIX}turn:${name}`])).toBe(0); // released by its owner
	});

	it('with the store away the task still runs (the caller keeps its own turn), and the log says so', async () => {
		const warnings: string[] = [];
		await store.server.stop();
		try {
			expect(await inStoreTurn(use(warnings), freshScope(), async () => 'ran', busy, fast)).toBe('ran');
		} finally {
			await store.server.restart();
		}
		expect(warnings.join('\n')).toMatch(/cannot be used for taking turns/);
	});
});

afterEach(() => forgetAllSeen());
