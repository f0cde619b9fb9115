/**
 * "Have I seen this before?" memories of the triggers: one per trigger and purpose (used iframe
 * tokens, delivery bodies), each bounded on its own so that one trigger's traffic never pushes
 * another trigger's entries out.
 *
 * The interface is the one thing callers use: with the credential's Quota Sharing set to the
 * store (queue mode), triggerMemory() (store/memory.ts) hands them the store's memory instead.
 */

export interface SeenMemory {
	/**
	 * Records `key` for `ttlMs` and says whether it was new (not recorded, or its time was up). A
	 * key recorded here is refused as "seen" until its time is up, whatever else is recorded.
	 */
	firstSeen(key: string, ttlMs: number): boolean | Promise<boolean>;
	/** Forgets `key`, so it is new again (a claim given back when its work did not start). */
	forget(key: string): void | Promise<void>;
}

/**
 * Process memory with a capacity. When full, expired entries go first, then the oldest; the
 * capacity is chosen so that the oldest is past its time in any traffic the trigger can really get.
 */
export class BoundedSeenMemory implements SeenMemory {
	// A Map iterates in insertion order, so the first entry is the oldest.
	private readonly until = new Map<string, number>();

	constructor(
		readonly capacity: number,
		private readonly now: () => number = () => Date.now(),
	) {}

	firstSeen(key: string, ttlMs: number): boolean {
		const now = this.now();
		const expiry = this.until.get(key);
		if (expiry !== undefined && expiry > now) return false;
		this.until.delete(key);
		if (this.until.size >= this.capacity) {
			for (const [old, time] of this.until) if (time <= now) this.until.delete(old);
		}
		while (this.until.size >= this.capacity) this.until.delete(this.until.keys().next().value as string);
		this.until.set(key, now + ttlMs);
		return true;
	}

	forget(key: string): void {
		this.until.delete(key);
	}

	get size(): number {
		return this.until.size;
	}
}

const memories = new Map<string, BoundedSeenMemory>();


/**
 * The memory of one trigger for one purpose (`scope` names both, e.g. `iframe-tokens:<workflow>:<node>`).
 * Scopes come from the workflows' own ids, never from a request, so their number stays that of the
 * triggers.
 */
export function seenMemory(scope: string, capacity: number): BoundedSeenMemory {
	let memory = memories.get(scope);
	if (!memory) {
		memory = new BoundedSeenMemory(capacity);
		memories.set(scope, memory);
	}
	return memory;
}

/** Forgets every memory; for tests (a freshly started n8n). */
export function forgetAllSeen(): void {
	memories.clear();
}
