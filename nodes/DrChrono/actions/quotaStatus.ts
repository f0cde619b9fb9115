import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { SharedQuotaGuard, formatDuration } from '../quota';
import type { QuotaSnapshot, SharingStatus } from '../quota';
import type { ItemCall } from './call';

const iso = (ms: number) => new Date(ms).toISOString();

/** The budget as a workflow sees it: plain fields to branch on (an IF on `remaining`, `state`). */
export function quotaStatus(snapshot: QuotaSnapshot, sharing?: SharingStatus): IDataObject {
	const blocked = snapshot.blockedUntil > snapshot.at;
	return {
		quota: snapshot.quota,
		reserve: snapshot.reserve,
		limit: snapshot.limit,
		used: snapshot.used,
		remaining: snapshot.remaining,
		waiting: snapshot.queued,
		maxWaiting: snapshot.maxQueue,
		state: snapshot.state,
		windowStart: iso(snapshot.windowStart),
		resetsAt: iso(snapshot.resetsAt),
		resetsIn: formatDuration(snapshot.resetsAt - snapshot.at),
		resetsInSeconds: Math.max(0, Math.ceil((snapshot.resetsAt - snapshot.at) / 1000)),
		blockedUntil: blocked ? iso(snapshot.blockedUntil) : null,
		blockedFor: blocked ? formatDuration(snapshot.blockedUntil - snapshot.at) : null,
		maxCallsPerSecond: snapshot.perSecond,
		rateLimitedResponses: snapshot.rateLimited,
		seenBy: sharing?.seenBy ?? 'this n8n process',
		...(sharing
			? {
					store: sharing.store,
					storeProblem: sharing.storeProblem,
					storeUnreachableSince: sharing.storeUnreachableSince === null ? null : iso(sharing.storeUnreachableSince),
				}
			: {}),
	};
}

/**
 * Quota > Get Status: costs no DrChrono call. With a shared quota it reads the store's count (one
 * store round trip) and says whether the store answers.
 */
export async function getQuotaStatus(call: ItemCall): Promise<INodeExecutionData[]> {
	const { guard } = call.client;
	if (guard instanceof SharedQuotaGuard) {
		await guard.refresh();
		return call.output(quotaStatus(guard.snapshot(), guard.sharingStatus()));
	}
	return call.output(quotaStatus(guard.snapshot()));
}
