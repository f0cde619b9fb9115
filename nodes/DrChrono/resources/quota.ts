import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { formatDuration, getQuotaGuard } from '../quota';
import type { QuotaSnapshot } from '../quota';
import { CREDENTIAL_TYPE, connectionFromCredentials } from '../transport';
import type { ResourceSpec } from './types';

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

/**
 * The DrChrono app's quota as this n8n process's guard sees it: used, remaining, waiting, the reset.
 * Reads the credential only; it costs no API call, so a workflow can check it before a large job.
 */
export const quota: ResourceSpec = {
	value: 'quota',
	name: 'Quota',
	noun: 'quota status',
	path: '',
	scope: '',
	operations: [],
	description: 'The API app’s hourly quota as this n8n sees it; costs no API call',
	custom: [
		{
			value: 'getStatus',
			name: 'Get Status',
			action: 'Get the quota status',
			description:
				'Calls used and left this hour, calls waiting and when the quota resets, as this n8n process sees it. Costs no API call.',
			access: 'read',
			properties: [],
			async execute(this: IExecuteFunctions, _spec: ResourceSpec, itemIndex: number) {
				const connection = connectionFromCredentials(await this.getCredentials(CREDENTIAL_TYPE, itemIndex));
				const guard = getQuotaGuard(connection.appKey, connection);
				return [{ json: quotaStatus(guard.snapshot()), pairedItem: { item: itemIndex } }];
			},
		},
	],
};
