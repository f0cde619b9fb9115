import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { systemClock } from '../quota';
import { pageSizeCap } from '../resources/pageSizes';
import type { ResourceSpec } from '../resources/types';
import { drChronoBulkList, isBulkUnavailable } from '../transport/bulk';
import type { ResourceCall } from './call';

/** Get Many's Method: how a list is read where DrChrono has a bulk `*_list` endpoint. */
export type ListMethod = 'auto' | 'standard' | 'bulk';

export const DEFAULT_BULK_TIMEOUT_SECONDS = 600;

/**
 * Calls a bulk read of `records` costs at best: a POST and a GET per page of up to 1,000, plus one
 * more GET while the first job is still running.
 */
export function bulkCallEstimate(spec: ResourceSpec, records: number): number {
	const pages = Math.max(1, Math.ceil(records / (spec.bulk?.maxPageSize ?? 1)));
	return 2 * pages + 1;
}

/**
 * What Automatic picks: for Return All, the first ordinary page and then bulk if DrChrono has more
 * (the size is unknown up front, and a list that fits in one page must not start a bulk export);
 * for a Limit, bulk only when it costs fewer calls than the ordinary pages it replaces.
 * Appointments page at 20, so a Limit above 60 goes bulk; other lists page at 250 (50 with
 * Verbose), so above 750 (150).
 */
export function chooseListMethod(
	spec: ResourceSpec,
	method: ListMethod,
	limit: number | undefined,
	verbose: boolean,
): 'standard' | 'bulk' | 'firstPageThenBulk' {
	if (!spec.bulk || method === 'standard') return 'standard';
	if (method === 'bulk') return 'bulk';
	if (limit === undefined) return 'firstPageThenBulk';
	const standardCalls = Math.ceil(limit / pageSizeCap(spec, verbose));
	return bulkCallEstimate(spec, limit) < standardCalls ? 'bulk' : 'standard';
}

/** Get Many's Method and Bulk Job Timeout, on resources with a bulk endpoint. */
export function listMethodProperties(spec: ResourceSpec): INodeProperties[] {
	if (!spec.bulk || !spec.operations.includes('getAll')) return [];
	const pageSize = pageSizeCap(spec, false);
	const show = { resource: [spec.value], operation: ['getAll'] };
	return [
		{
			displayName: 'Method',
			name: 'listMethod',
			type: 'options',
			default: 'auto',
			displayOptions: { show },
			options: [
				{
					name: 'Automatic',
					value: 'auto',
					description:
						'Return All reads one ordinary page and, if DrChrono has more, the whole list by bulk export; a Limit uses bulk export when ordinary pages would cost more calls',
				},
				{
					name: 'Standard Pages',
					value: 'standard',
					description: `Ordinary pages of up to ${pageSize} records, read at once`,
				},
				{
					name: 'Bulk Export',
					value: 'bulk',
					description: `DrChrono's asynchronous ${spec.bulk.path.replace(/^\/api\//, '')}: pages of up to ${spec.bulk.maxPageSize.toLocaleString('en-US')}, prepared by DrChrono and polled until ready`,
				},
			],
			description:
				'How to read the list. A bulk export costs about two calls per 1,000 records instead of one per ordinary page, but DrChrono prepares it first, so it takes a few seconds more.',
		},
		{
			displayName: 'Bulk Job Timeout (Seconds)',
			name: 'bulkTimeout',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3000 },
			default: DEFAULT_BULK_TIMEOUT_SECONDS,
			displayOptions: { show: { ...show, listMethod: ['auto', 'bulk'] } },
			description:
				'How long one page of a bulk export may stay "In progress" at DrChrono before the item fails. Polls back off from 1 s to 30 s and each costs a call.',
		},
	];
}

/** Reads a list through the bulk endpoint with the item's client; the rows are those of Standard Pages. */
export async function bulkListRows(call: ResourceCall, qs: IDataObject, limit: number | undefined): Promise<IDataObject[]> {
	const bulk = call.spec.bulk as NonNullable<ResourceSpec['bulk']>;
	const seconds = Number(call.param('bulkTimeout', DEFAULT_BULK_TIMEOUT_SECONDS));
	return await drChronoBulkList.call(call.client, bulk.path, {
		qs,
		limit,
		maxPageSize: bulk.maxPageSize,
		orderBy: bulk.orderBy,
		timeoutMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_BULK_TIMEOUT_SECONDS) * 1000,
		scope: call.scope('read'),
	});
}

/** How long Automatic remembers that an app's bulk export was refused, and reads standard pages instead. */
export const BULK_REFUSAL_MEMORY_MS = 3_600_000;

/** Per app (API URL and Client ID): until when its bulk export counts as refused. */
const bulkRefusedUntil = new Map<string, number>();

/** True while a refusal of this app's bulk export is remembered: Automatic then goes straight to standard pages. */
export function bulkRecentlyRefused(call: ResourceCall): boolean {
	const key = call.client.connection.appKey;
	const until = bulkRefusedUntil.get(key);
	if (until === undefined) return false;
	if (until > systemClock.now()) return true;
	bulkRefusedUntil.delete(key);
	return false;
}

/**
 * Automatic's bulk read with a safety net: when DrChrono refuses the bulk POST (403, 404, 405, 501)
 * or the job fails, the same request is read through standard pages (the same records), the refusal
 * is logged once and remembered for this app for an hour. Bulk Export chosen explicitly never comes
 * here: it fails with DrChrono's answer.
 */
export async function bulkOrStandardPages(
	call: ResourceCall,
	bulk: () => Promise<IDataObject[]>,
	standard: () => Promise<IDataObject[]>,
): Promise<IDataObject[]> {
	// Any other failure (quota, timeout, Stop) stays the item's error: only refusals fall back.
	const refusal = await bulk().then(
		(rows) => ({ rows, error: undefined }),
		(error: unknown) => {
			if (isBulkUnavailable(error)) return { rows: undefined, error: error as Error };
			return Promise.reject(error);
		},
	);
	if (refusal.rows) return refusal.rows;
	bulkRefusedUntil.set(call.client.connection.appKey, systemClock.now() + BULK_REFUSAL_MEMORY_MS);
	call.context.logger.warn(
		`DrChrono's bulk export ${call.spec.bulk?.path ?? ''} is not available to this app (${refusal.error.message}): Get Many's Automatic reads standard pages instead, for this app for the next hour`,
	);
	return await standard();
}
