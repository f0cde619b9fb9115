import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { formatDuration } from '../quota';
import type { QuotaSnapshot } from '../quota';
import type { ItemCall } from './call';

const iso = (ms: number) => new Date(ms).toISOString();

/** The budget as a workflow sees it: plain fields to branch on (an IF on `remaining`, `state`). */
export function quotaStatus(snapshot: QuotaSnapshot): IDataObject {
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
		seenBy: 'this n8n process',
	};
}

/** Quota > Get Status: reads the client's quota guard only, so it costs no API call. */
export async function getQuotaStatus(call: ItemCall): Promise<INodeExecutionData[]> {
	return call.output(quotaStatus(call.client.guard.snapshot()));
}
