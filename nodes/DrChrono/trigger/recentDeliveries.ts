import { seenMemory } from '../shared/seenMemory';
import type { BoundedSeenMemory, SeenMemory } from '../shared/seenMemory';
import { triggerMemory } from '../store';
import type { StoreUse } from '../store';

/**
 * The delivery ids each trigger node has recently accepted, so a delivery that arrives again (the
 * "redeliver" button in DrChrono, or a retry of a delivery whose answer got lost) starts no second
 * execution.
 *
 * Not in the workflow's static data: n8n persists static data only after a production execution
 * finishes, so two deliveries close together would both miss the id the first one wrote, and n8n's
 * docs warn that static data is unreliable under high-frequency executions. Instead:
 * - by default in this n8n process's memory, the last RECENT_DELIVERIES_PER_NODE ids per node; a
 *   restart forgets, and with several webhook processes (queue mode) each remembers its own;
 * - with the DrChrono Account's Quota Sharing set to the store, in the store for every process
 *   (SET NX with an expiry of DELIVERY_MEMORY_MS), this process's memory mirroring it.
 * A repeat that is not recognised runs again, which DrChrono's at-least-once deliveries require
 * workflows to tolerate anyway.
 */

export const RECENT_DELIVERIES_PER_NODE = 1000;

/**
 * How long a delivery id is remembered: DrChrono's last automatic retry comes 7 hours after the
 * first try; a week also covers a Redeliver pressed days later.
 */
export const DELIVERY_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;

const scopeOf = (nodeKey: string) => `deliveries:${nodeKey}`;

/** The node's delivery memory: the store's when `store` is given, this process's otherwise. */
export function deliveryMemory(nodeKey: string, store?: StoreUse): SeenMemory {
	return triggerMemory(scopeOf(nodeKey), RECENT_DELIVERIES_PER_NODE, 'repeated deliveries', store);
}

/** This process's memory of the node (for tests and diagnostics). */
export function localDeliveryMemory(nodeKey: string): BoundedSeenMemory {
	return seenMemory(scopeOf(nodeKey), RECENT_DELIVERIES_PER_NODE);
}
