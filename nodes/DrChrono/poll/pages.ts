/**
 * Reads a `since` list page by page within one poll's means: at most MAX_PAGES_PER_POLL calls and
 * the poll's time. A list longer than that (a weekend of changes after n8n was down) is read over
 * several polls: the read stops at a page boundary and says where to resume, and the records of
 * the pages read are emitted now. A quota refusal after the first page stops the read the same way.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { DrChronoClient } from '../transport';
import { drChronoApiRequest, pageRows } from '../transport';
import type { PollEvent } from './events';

/** Calls one poll may spend on a long list: 2,500 records (200 appointments), well within the hourly quota. */
export const MAX_PAGES_PER_POLL = 10;

export interface PageReadOptions {
	qs: IDataObject;
	since: string;
	/** Continue a read at this page instead of starting one. */
	resumeUrl?: string;
	/** Stop before starting a page after this time, epoch ms (undefined: read to the end). */
	deadline?: number;
	/** True when an error is the quota running out (the read stops; the poll is not failed). */
	isQuotaStop: (error: unknown) => boolean;
}

export interface PageRead {
	rows: IDataObject[];
	/** Where the next poll resumes; undefined when the list was read to its end. */
	resumeUrl?: string;
	pages: number;
}

export async function readSince(client: DrChronoClient, event: PollEvent, o: PageReadOptions): Promise<PageRead> {
	const rows: IDataObject[] = [];
	const visited = new Set<string>();
	let url = o.resumeUrl;
	let pages = 0;
	for (;;) {
		let page: IDataObject;
		try {
			page = await drChronoApiRequest.call(client, 'GET', url ?? event.path, {
				qs: url ? undefined : { ...o.qs, [event.sinceParam]: o.since, page_size: event.pageSize },
				url,
				scope: event.scope,
			});
		} catch (error) {
			// Keep what was read; the next poll asks for this page again.
			if (pages > 0 && url && o.isQuotaStop(error)) return { rows, resumeUrl: url, pages };
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(client.getNode(), error as Error);
		}
		pages++;
		rows.push(...pageRows(page));
		const next = Array.isArray(page) ? null : ((page.next as string | null | undefined) ?? null);
		if (!next) return { rows, pages };
		// http/https and drchrono.com/app.drchrono.com spell the same page (see transport/urls.ts).
		const key = next.replace(/^https?:\/\/(app\.)?/i, '');
		if (visited.has(key)) {
			throw new NodeOperationError(client.getNode(), `DrChrono's list ${event.path} links back to a page already read: ${next}`, {
				description: 'The poll stopped instead of reading the same pages again; the next poll tries again.',
			});
		}
		visited.add(key);
		if (o.deadline !== undefined && (pages >= MAX_PAGES_PER_POLL || Date.now() > o.deadline)) return { rows, resumeUrl: next, pages };
		url = next;
	}
}
