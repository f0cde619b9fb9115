import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { formatDuration, getQuotaGuard } from '../quota';
import type { QuotaSnapshot } from '../quota';
import type { ResourceSpec } from '../resources/types';
import { CREDENTIAL_TYPE, connectionFromCredentials } from '../transport';

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

/** Quota > Get Status: reads the credential only, so it costs no API call. */
export async function getQuotaStatus(
	this: IExecuteFunctions,
	_spec: ResourceSpec,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const connection = connectionFromCredentials(await this.getCredentials(CREDENTIAL_TYPE, itemIndex));
	const guard = getQuotaGuard(connection.appKey, connection);
	return [{ json: quotaStatus(guard.snapshot()), pairedItem: { item: itemIndex } }];
}
