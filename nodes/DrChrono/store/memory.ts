import { createHash, randomUUID } from 'node:crypto';
import { sleep } from 'n8n-workflow';

import { seenMemory } from '../shared/seenMemory';
import type { SeenMemory } from '../shared/seenMemory';
import { LuaScript, RedisHttpClient } from './client';
import type { HttpHelper, StoreSettings } from './client';

/**
 * The memories the triggers and the action node keep in the credential's Redis-over-HTTP store
 * (Quota Sharing: All n8n processes), so they hold across every n8n process of a queue-mode
 * install: the DrChrono Trigger's delivery ids and replayed bodies, the Iframe Trigger's used
 * tokens, and the Add Flag turn per patient.
 *
 * Every key starts with KEY_PREFIX and every key expires on its own (SET ... PX), so the store
 * never grows without bound and an operator can find the package's keys with one SCAN.
 *
 * A store that cannot be used (unreachable, slower than the client's timeout, answering errors)
 * never stops a delivery or an item: the process falls back to its own memory, which it also fills
 * while the store answers, and says so in n8n's log at most once a minute per store.
 */
export const KEY_PREFIX = 'n8n-nodes-drchrono:';

/** How often the log says that a store cannot be used for the memories. */
export const MEMORY_NOTICE_MS = 60_000;

/** The store and what the n8n context that uses it lends: n8n's HTTP helper and log. */
export interface StoreUse {
	settings: StoreSettings;
	http: HttpHelper;
	warn?: (message: string) => void;
}

const lastNotice = new Map<string, number>();

function noteFault(use: StoreUse, purpose: string, error: unknown): void {
	const now = Date.now();
	if (now - (lastNotice.get(use.settings.url) ?? -Infinity) < MEMORY_NOTICE_MS) return;
	lastNotice.set(use.settings.url, now);
	const problem = error instanceof Error ? error.message : String(error);
	use.warn?.(
		`DrChrono: the shared store at ${use.settings.url} cannot be used for ${purpose} (${problem}). This n8n process uses its own memory until the store answers again, so a repeat that reaches another process meanwhile is not recognised there.`,
	);
}

/** Forgets when each store last warned; for tests. */
export function forgetStoreNotices(): void {
	lastNotice.clear();
}

/** A key part that came from outside (a delivery id, a token signature): hashed when long or unusual. */
function keyPart(value: string): string {
	return /^[A-Za-z0-9_.:|-]{1,100}$/.test(value) ? value : createHash('sha256').update(value).digest('hex');
}

const clientFor = (use: StoreUse) => new RedisHttpClient(use.settings, () => use.http);

/**
 * A SeenMemory kept in the store for every process, with the process's own memory as a mirror and
 * a fallback. `scope` names the trigger and purpose (from workflow and node ids, never from a request).
 */
export class StoreSeenMemory implements SeenMemory {
	private readonly client: RedisHttpClient;

	constructor(
		private readonly scope: string,
		private readonly local: SeenMemory,
		private readonly use: StoreUse,
		private readonly purpose: string,
	) {
		this.client = clientFor(use);
	}

	private key(key: string): string {
		return `${KEY_PREFIX}seen:${this.scope}:${keyPart(key)}`;
	}

	async firstSeen(key: string, ttlMs: number): Promise<boolean> {
		try {
			if (ttlMs <= 0) {
				// A probe records nothing: only whether the key is still held.
				return (await this.client.command(['EXISTS', this.key(key)])) !== 1;
			}
			const first = (await this.client.command(['SET', this.key(key), '1', 'NX', 'PX', Math.ceil(ttlMs)])) === 'OK';
			// The mirror: what this process learnt stays known here if the store goes away.
			await this.local.firstSeen(key, ttlMs);
			return first;
		} catch (error) {
			noteFault(this.use, this.purpose, error);
			return await this.local.firstSeen(key, ttlMs);
		}
	}

	async forget(key: string): Promise<void> {
		await this.local.forget(key);
		try {
			await this.client.command(['DEL', this.key(key)]);
		} catch (error) {
			noteFault(this.use, this.purpose, error);
		}
	}
}

/**
 * The memory of one trigger for one purpose: in the credential's shared store when it has one
 * (queue mode: every n8n process sees the same keys), with this process's memory as its mirror and
 * fallback; otherwise this process's memory alone.
 */
export function triggerMemory(scope: string, capacity: number, purpose: string, store: StoreUse | undefined): SeenMemory {
	const local = seenMemory(scope, capacity);
	return store ? new StoreSeenMemory(scope, local, store, purpose) : local;
}

/** Deletes the lock only if this holder still holds it (another may hold it after an expiry). */
const RELEASE_SCRIPT = new LuaScript(
	"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
);
/** Extends the lock only if this holder still holds it. */
const RENEW_SCRIPT = new LuaScript(
	"if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0",
);

export interface TurnTimes {
	/** The lock expires this long after its last renewal: a process that dies holds it no longer. */
	holdMs: number;
	/** The holder renews it this often while its task runs. */
	renewMs: number;
	/** How long to wait for the turn before giving up with an error. */
	waitMs: number;
	/** Pause between two tries to take the turn. */
	pollMs: number;
}

export const TURN_TIMES: TurnTimes = { holdMs: 30_000, renewMs: 10_000, waitMs: 10 * 60_000, pollMs: 150 };

/** Tries to take the turn until it is free ('held') or `waitMs` has passed ('busy'). */
async function takeTurn(client: RedisHttpClient, key: string, token: string, times: TurnTimes): Promise<'held' | 'busy'> {
	const started = Date.now();
	for (;;) {
		if ((await client.command(['SET', key, token, 'NX', 'PX', times.holdMs])) === 'OK') return 'held';
		if (Date.now() - started >= times.waitMs) return 'busy';
		await sleep(times.pollMs);
	}
}

/**
 * Runs `task` while holding the turn `name` in the store, so that n8n processes sharing the store
 * take turns (a lock with an owner token, an expiry, renewal while the task runs, and release by the
 * owner only). When the turn stays taken for `times.waitMs`, throws what `busy` makes of the wait.
 * When the store cannot be used the task runs without the shared turn: the caller's own
 * per-process turn and its checks still apply, and the log says so.
 */
export async function inStoreTurn<T>(
	use: StoreUse,
	name: string,
	task: () => Promise<T>,
	busy: (waitedMs: number) => Error,
	times: TurnTimes = TURN_TIMES,
): Promise<T> {
	const client = clientFor(use);
	const key = `${KEY_PREFIX}turn:${keyPart(name)}`;
	const token = randomUUID();
	const started = Date.now();
	const taken = await takeTurn(client, key, token, times).catch((error: unknown) => {
		noteFault(use, 'taking turns', error);
		return 'no store' as const;
	});
	if (taken === 'busy') throw busy(Date.now() - started);
	if (taken === 'no store') return await task();
	let done = false;
	void (async () => {
		// n8n's sleep, not a timer: timers are not allowed in community nodes.
		for (;;) {
			await sleep(times.renewMs);
			if (done) return;
			await client.evalScript(RENEW_SCRIPT, [key], [token, times.holdMs]).catch((error: unknown) => noteFault(use, 'taking turns', error));
		}
	})();
	try {
		return await task();
	} finally {
		done = true;
		await client.evalScript(RELEASE_SCRIPT, [key], [token]).catch((error: unknown) => noteFault(use, 'taking turns', error));
	}
}
