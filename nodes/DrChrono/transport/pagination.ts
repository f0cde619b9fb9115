import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { drChronoApiRequest } from './request';
import type { DrChronoClient } from './client';
import type { DrChronoRequestOptions } from './types';

/** DrChrono's page-size caps: 250 normally, 50 when `verbose=true` adds the expensive fields. */
export const MAX_PAGE_SIZE = 250;
export const MAX_VERBOSE_PAGE_SIZE = 50;

interface ListPage {
	results?: IDataObject[];
	data?: IDataObject[];
	next?: string | null;
}

/** The rows of a list page: DrChrono's docs say `results`, its OpenAPI says `data`; accept both. */
export function pageRows(page: unknown): IDataObject[] {
	if (Array.isArray(page)) return page as IDataObject[];
	const p = (page ?? {}) as ListPage;
	return p.results ?? p.data ?? [];
}

export interface ListOptions extends Omit<DrChronoRequestOptions, 'url' | 'body' | 'multipart' | 'binary'> {
	/** Stop after this many rows; undefined = all. */
	limit?: number;
	/** The largest page this list answers (appointments: 20); default 250, or 50 with verbose. */
	pageSize?: number;
}

/**
 * The first page of a list at the largest page size, and whether DrChrono has more: one call. Get
 * Many's Automatic method reads this first, so a list that fits in one page never starts a bulk
 * export.
 */
export async function drChronoFirstPage(
	this: DrChronoClient,
	path: string,
	options: Omit<ListOptions, 'limit'> = {},
): Promise<{ rows: IDataObject[]; more: boolean }> {
	const { pageSize, ...requestOptions } = options;
	const qs: IDataObject = { ...(options.qs ?? {}) };
	const verbose = qs.verbose === true || qs.verbose === 'true';
	qs.page_size = pageSize ?? (verbose ? MAX_VERBOSE_PAGE_SIZE : MAX_PAGE_SIZE);
	const page = await drChronoApiRequest.call(this, 'GET', path, { ...requestOptions, qs });
	const next = Array.isArray(page) ? null : (page as ListPage).next;
	return { rows: pageRows(page), more: typeof next === 'string' && next !== '' };
}

/**
 * Walks a DrChrono list by following `next` until it is null or the limit is reached. The page size
 * is the largest DrChrono allows, or the limit when that is smaller, so no page is fetched that the
 * caller does not need: Limit 10 costs one call, Return All of 1,000 patients costs four. A `next`
 * link seen before (a page that points at itself, or a cycle) stops the walk with an error instead
 * of looping through the quota.
 */
export async function drChronoListRequest(
	this: DrChronoClient,
	path: string,
	options: ListOptions = {},
): Promise<IDataObject[]> {
	const { limit, pageSize, ...requestOptions } = options;
	const qs: IDataObject = { ...(options.qs ?? {}) };
	const verbose = qs.verbose === true || qs.verbose === 'true';
	const cap = pageSize ?? (verbose ? MAX_VERBOSE_PAGE_SIZE : MAX_PAGE_SIZE);
	qs.page_size = limit !== undefined ? Math.max(1, Math.min(cap, limit)) : cap;

	const rows: IDataObject[] = [];
	const seen = new Set<string>();
	let next: string | null | undefined;
	let first = true;
	while (first || next) {
		const page = await drChronoApiRequest.call(this, 'GET', path, {
			...requestOptions,
			qs: first ? qs : undefined,
			url: first ? undefined : (next as string),
		});
		first = false;
		for (const row of pageRows(page)) {
			if (limit !== undefined && rows.length >= limit) break;
			rows.push(row);
		}
		if (limit !== undefined && rows.length >= limit) break;
		next = Array.isArray(page) ? null : ((page as ListPage).next ?? null);
		if (next) {
			// http/https and drchrono.com/app.drchrono.com spell the same page (see urls.ts).
			const key = next.replace(/^https?:\/\/(app\.)?/i, '');
			if (seen.has(key)) {
				throw new NodeOperationError(this.getNode(), `DrChrono's list ${path} links back to a page already read: ${next}`, {
					itemIndex: this.itemIndex,
					description:
						'The walk stopped instead of reading the same pages again. The rows read so far were not output. Try again later, or narrow the list with filters.',
				});
			}
			seen.add(key);
		}
	}
	return rows;
}
