import type { IDataObject, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { systemClock } from '../quota';
import { TRANSIENT_STATUSES } from './apiErrors';
import { drChronoApiRequest } from './request';
import type { DrChronoClient } from './client';
import type { DrChronoRequestOptions } from './types';

/**
 * DrChrono's asynchronous bulk lists (docs/drchrono-node.md, Get Many; test/conformance/drchrono-openapi.yml; support
 * article S7, https://support.drchrono.com/home/api-bulk-endpoints):
 *
 *   POST /api/<x>_list?<filters>&page=N&page_size=≤1000&order_by=id  -> 201 {status: "In progress", uuid}
 *   GET  /api/<x>_list?uuid=…  -> {status: "In progress"} … then {status: "Complete", pagination, results}
 *
 * Each page is its own job. S7: "To paginate to the next page you will need to make another POST
 * request using the query parameter page=integer"; the GET takes only the uuid (OpenAPI). So a page
 * costs one POST and at least one GET, and pages are cut by offset in whatever state the practice
 * was when that page's job ran. Two consequences shape this module:
 * - Jobs for the next pages are submitted while the current one is read, so their waiting overlaps
 *   (fewer polls, less wall time) instead of adding up.
 * - Pages of different jobs only tile when the matching records did not change in between. The
 *   job's `pagination.count` shows a change; then the two pages at the seam are read again from one
 *   fresh pair of jobs, and records are told apart by id, so none is output twice or skipped.
 */

/** Backoff between polls of one job: 1 s, 2 s, 4 s … capped. */
export const FIRST_POLL_DELAY_MS = 1000;
export const MAX_POLL_DELAY_MS = 30_000;
/**
 * Jobs kept submitted ahead of the page being read: enough that DrChrono prepares ten pages while
 * one is read, few enough that a wait for quota cannot leave many results to expire unread.
 */
export const JOBS_AHEAD = 10;
/** Seams re-read before the export gives up on a practice whose records keep changing. */
const MAX_RESYNCS = 3;

export interface BulkListOptions
	extends Omit<DrChronoRequestOptions, 'url' | 'body' | 'multipart' | 'binary'> {
	/** Stop after this many rows; undefined = all. */
	limit?: number;
	/** The largest page one job answers (1,000; 20,000 for clinical note field values). */
	maxPageSize: number;
	/** `order_by`: `id`, so records are told apart and ordered across pages. */
	orderBy: string;
	/** A job still "In progress" this long after its POST fails the export. */
	timeoutMs: number;
	/** Poll backoff; defaults 1 s doubling to 30 s. */
	firstPollDelayMs?: number;
	maxPollDelayMs?: number;
}

interface Job {
	page: number;
	uuid: string;
	submittedAt: number;
	nextPollAt: number;
	delay: number;
	polls: number;
	/** Re-submitted once already after its uuid expired. */
	resubmitted: boolean;
}

interface Pagination {
	count: number;
	pages: number;
	page_size?: number;
	page?: number;
}

interface PageResult {
	pagination: Pagination;
	results: IDataObject[];
}

const label = (path: string) => path.replace(/^\/api\//, '');

export async function drChronoBulkList(
	this: DrChronoClient,
	path: string,
	options: BulkListOptions,
): Promise<IDataObject[]> {
	const { limit, maxPageSize, orderBy, timeoutMs, firstPollDelayMs, maxPollDelayMs, ...requestOptions } = options;
	const node = this.getNode();
	// Stop (n8n's cancel signal): no poll or submit is sent afterwards.
	const { itemIndex, signal } = this;
	const pageSize = limit !== undefined ? Math.max(1, Math.min(maxPageSize, limit)) : maxPageSize;
	const firstDelay = firstPollDelayMs ?? FIRST_POLL_DELAY_MS;
	const maxDelay = maxPollDelayMs ?? MAX_POLL_DELAY_MS;
	const baseQs: IDataObject = { ...(options.qs ?? {}), page_size: pageSize, order_by: orderBy };

	const stopped = () =>
		new NodeOperationError(node, `Stopped while waiting for DrChrono's bulk export (${label(path)})`, { itemIndex });
	const checkStop = () => {
		if (signal?.aborted) throw stopped();
	};
	const pause = async (ms: number) => {
		checkStop();
		if (ms <= 0) return;
		// The guard's sleep wakes the moment Stop aborts the signal, on either n8n line.
		await systemClock.sleep(ms, signal);
		checkStop();
	};

	/**
	 * POSTs the job for one page. The POST only starts a read-only export: it writes nothing in the
	 * practice, so after a 502/503/504 or a dropped connection it is sent once more. The first job,
	 * if DrChrono made it, is never read and expires in an hour; the cost is one call.
	 */
	const submit = async (page: number, resubmitted = false): Promise<Job> => {
		checkStop();
		const send = () => attempt(drChronoApiRequest.call(this, 'POST', path, { ...requestOptions, qs: { ...baseQs, page } }));
		let outcome = await send();
		if (outcome.failed && isTransient(outcome.error)) {
			await pause(firstDelay);
			outcome = await send();
		}
		if (outcome.failed) {
			const error = asNodeError(node, outcome.error, itemIndex);
			if (error instanceof NodeApiError && REFUSING_STATUSES.has(Number(error.httpCode))) unavailable(error);
			throw error;
		}
		const uuid = typeof outcome.answer?.uuid === 'string' ? outcome.answer.uuid : '';
		if (!uuid) {
			throw unavailable(
				new NodeOperationError(node, `DrChrono did not start the bulk export (${label(path)}): its answer has no uuid`, {
					itemIndex,
					description: 'Set Method to Standard Pages to read this list without the bulk endpoint.',
				}),
			);
		}
		const now = Date.now();
		return { page, uuid, submittedAt: now, nextPollAt: now + firstDelay, delay: firstDelay, polls: 0, resubmitted };
	};

	/** Polls one job until it is Complete; an expired uuid re-submits that page once. */
	const collect = async (first: Job): Promise<PageResult> => {
		let job = first;
		for (;;) {
			await pause(job.nextPollAt - Date.now());
			const outcome = await attempt(drChronoApiRequest.call(this, 'GET', path, { ...requestOptions, qs: { uuid: job.uuid } }));
			if (outcome.failed && !isInvalidUuid(outcome.error)) throw asNodeError(node, outcome.error, itemIndex);
			job.polls++;
			const answer = outcome.failed ? undefined : outcome.answer;
			if (answer === undefined || isInvalidUuidBody(answer)) {
				if (job.resubmitted) {
					throw new NodeOperationError(node, `DrChrono's bulk export of page ${job.page} (${label(path)}) expired twice before it could be read`, {
						itemIndex,
						description:
							'DrChrono keeps a bulk result one hour and answered "Invalid uuid specified". Nothing was output for this item. Run it again, or set Method to Standard Pages.',
					});
				}
				job = await submit(job.page, true);
				continue;
			}
			const status = String(answer.status ?? '');
			if (status === 'Complete') return toPageResult(answer, job.page);
			if (status !== 'In progress') {
				throw unavailable(
					new NodeOperationError(node, `DrChrono's bulk export of page ${job.page} (${label(path)}) answered status "${status}"`, {
						itemIndex,
						description: 'Expected "In progress" or "Complete". Set Method to Standard Pages to read this list without the bulk endpoint.',
					}),
				);
			}
			const now = Date.now();
			const deadline = job.submittedAt + timeoutMs;
			if (now >= deadline) {
				throw new NodeOperationError(
					node,
					`DrChrono's bulk export did not finish in time: page ${job.page} (${label(path)}) was still "In progress" after ${Math.round((now - job.submittedAt) / 1000)} s and ${job.polls} polls`,
					{
						itemIndex,
						description:
							'Raise Bulk Job Timeout (Seconds), lower the number of records (filters, Limit), or set Method to Standard Pages. Nothing was output for this item.',
					},
				);
			}
			job.delay = Math.min(job.delay * 2, maxDelay);
			job.nextPollAt = Math.min(now + job.delay, deadline);
		}
	};

	const toPageResult = (answer: IDataObject, page: number): PageResult => {
		const pagination = (answer.pagination ?? {}) as Pagination;
		const results = answer.results;
		if (!Array.isArray(results) || !Number.isFinite(Number(pagination.count)) || !Number.isFinite(Number(pagination.pages))) {
			throw new NodeOperationError(node, `DrChrono's bulk export of page ${page} (${label(path)}) came back without results or pagination`, {
				itemIndex,
				description: 'Set Method to Standard Pages to read this list without the bulk endpoint.',
			});
		}
		return { pagination: { count: Number(pagination.count), pages: Number(pagination.pages) }, results: results as IDataObject[] };
	};

	const rows: IDataObject[] = [];
	const seen = new Set<unknown>();
	const full = () => limit !== undefined && rows.length >= limit;
	/** Outputs rows not output before (told apart by id), in id order, up to the limit. */
	const emit = (candidates: IDataObject[], sort: boolean) => {
		const fresh = candidates.filter((row) => row.id === undefined || row.id === null || !seen.has(row.id));
		if (sort) fresh.sort((a, b) => compareIds(a.id, b.id));
		for (const row of fresh) {
			if (full()) return;
			if (row.id !== undefined && row.id !== null) seen.add(row.id);
			rows.push(row);
		}
	};

	const firstPage = await collect(await submit(1));
	emit(firstPage.results, false);
	let count = firstPage.pagination.count;
	let pages = firstPage.pagination.pages;
	const lastPage = () => (limit !== undefined ? Math.min(pages, Math.ceil(limit / pageSize)) : pages);

	const ahead: Job[] = [];
	let nextToSubmit = 2;
	let resyncs = 0;
	for (let page = 2; page <= lastPage() && !full(); page++) {
		while (ahead.length < JOBS_AHEAD && nextToSubmit <= lastPage()) ahead.push(await submit(nextToSubmit++));
		const job = ahead.shift() as Job;
		let result = await collect(job);
		let sort = false;
		let candidates = result.results;
		while (result.pagination.count !== count) {
			// The matching records changed between the jobs of page-1 and page, so the offsets moved:
			// read both pages again from jobs submitted together, and output what was not yet output.
			if (resyncs >= MAX_RESYNCS) {
				throw new NodeOperationError(node, `The ${label(path)} records kept changing during the bulk export (${count} then ${result.pagination.count} matching)`, {
					itemIndex,
					description:
						'Pages of a bulk export are cut by position, so records added or removed meanwhile would shift them. Run it again at a quieter time, narrow the filters, or set Method to Standard Pages.',
				});
			}
			resyncs++;
			const [previousJob, currentJob] = [await submit(page - 1), await submit(page)];
			const previous = await collect(previousJob);
			result = await collect(currentJob);
			candidates = [...previous.results, ...result.results];
			sort = true;
			// Equal counts: the pair came from one state of the practice, and the loop ends.
			count = previous.pagination.count;
		}
		count = result.pagination.count;
		pages = result.pagination.pages;
		emit(candidates, sort);
	}
	return rows;
}

type Outcome = { failed: false; answer: IDataObject } | { failed: true; error: unknown };

/** A request's answer or its error, so the caller can decide on the error before passing it on. */
async function attempt(request: Promise<IDataObject>): Promise<Outcome> {
	return await request.then(
		(answer): Outcome => ({ failed: false, answer }),
		(error: unknown): Outcome => ({ failed: true, error }),
	);
}

/** The transport's errors are already n8n errors that say what to fix; anything else is wrapped. */
/** A refused bulk POST: the app has no bulk access, or the endpoint is not there (a stand-in). */
const REFUSING_STATUSES = new Set([403, 404, 405, 501]);
const unavailableErrors = new WeakSet<Error>();

function unavailable<E extends Error>(error: E): E {
	unavailableErrors.add(error);
	return error;
}

/**
 * True for a failure that says bulk export is not available here (the POST refused with 403, 404,
 * 405 or 501, no job started, or the job itself failed), as opposed to quota, timeouts or a stop:
 * on these Get Many's Automatic reads the same list through standard pages instead.
 */
export function isBulkUnavailable(error: unknown): boolean {
	return error instanceof Error && unavailableErrors.has(error);
}

function asNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

function compareIds(a: unknown, b: unknown): number {
	const x = Number(a);
	const y = Number(b);
	if (Number.isFinite(x) && Number.isFinite(y)) return x - y;
	return String(a).localeCompare(String(b));
}

/** DrChrono's answer for an unknown or expired uuid: `{"detail": "Invalid uuid specified"}` (S7), a 404 per the OpenAPI. */
function isInvalidUuidBody(body: unknown): boolean {
	return typeof body === 'object' && body !== null && /invalid uuid/i.test(String((body as IDataObject).detail ?? ''));
}

function isInvalidUuid(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	const status = Number(error.httpCode);
	return status >= 400 && status < 500 && /invalid uuid/i.test(error.message);
}

function isTransient(error: unknown): boolean {
	if (!(error instanceof NodeApiError)) return false;
	if (error.httpCode && TRANSIENT_STATUSES.has(Number(error.httpCode))) return true;
	return !error.httpCode && /could not reach drchrono/i.test(error.message);
}
