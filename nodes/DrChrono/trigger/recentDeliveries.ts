/**
 * The delivery ids each trigger node has recently accepted, so a delivery that arrives again (the
 * "redeliver" button in DrChrono, or a retry of a delivery whose answer got lost) starts no second
 * execution.
 *
 * Kept in process memory, not in the workflow's static data: n8n persists static data only after a
 * production execution finishes, so two deliveries close together would both miss the id the first
 * one wrote, and n8n's docs warn that static data is unreliable under high-frequency executions.
 * The price is that the memory is per n8n process and is lost on restart; a repeat after that runs
 * again, which DrChrono's at-least-once deliveries require workflows to tolerate anyway.
 */

export const RECENT_DELIVERIES_PER_NODE = 1000;

class BoundedIdSet {
	// A Set iterates in insertion order, so the first entry is always the oldest.
	private readonly ids = new Set<string>();

	constructor(private readonly capacity: number) {}

	has(id: string): boolean {
		return this.ids.has(id);
	}

	add(id: string): void {
		this.ids.add(id);
		while (this.ids.size > this.capacity) {
			const oldest = this.ids.values().next().value as string;
			this.ids.delete(oldest);
		}
	}

	delete(id: string): void {
		this.ids.delete(id);
	}

	get size(): number {
		return this.ids.size;
	}
}

const byNode = new Map<string, BoundedIdSet>();

function setFor(nodeKey: string): BoundedIdSet {
	let set = byNode.get(nodeKey);
	if (!set) {
		set = new BoundedIdSet(RECENT_DELIVERIES_PER_NODE);
		byNode.set(nodeKey, set);
	}
	return set;
}

/**
 * Records `deliveryId` for the node and reports whether it was new. Claiming before any awaited
 * work means a repeat arriving while the first copy is still being handled is already a duplicate.
 */
export function claimDelivery(nodeKey: string, deliveryId: string): boolean {
	const set = setFor(nodeKey);
	if (set.has(deliveryId)) return false;
	set.add(deliveryId);
	return true;
}

/** Gives a claimed id back when its delivery failed before an execution started, so a retry runs. */
export function releaseDelivery(nodeKey: string, deliveryId: string): void {
	byNode.get(nodeKey)?.delete(deliveryId);
}

/** How many ids the node currently remembers (for tests and diagnostics). */
export function rememberedDeliveries(nodeKey: string): number {
	return byNode.get(nodeKey)?.size ?? 0;
}

/** Forgets everything; for tests. */
export function forgetAllDeliveries(): void {
	byNode.clear();
}
