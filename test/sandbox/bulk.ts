/**
 * DrChrono's asynchronous bulk lists (reference/drchrono-api.md "Bulk (async) lists", support
 * article S7, OpenAPI `/api/*_list`):
 *
 *   POST /api/<x>_list?<filters>&page=N&page_size=≤1000&order_by=id|updated_at
 *     -> 201 {status: "In progress", uuid, description}
 *   GET  /api/<x>_list?uuid=…
 *     -> 200 {status: "In progress", uuid} until the job is done, then
 *        200 {status: "Complete", pagination: {count, pages, page_size, page}, uuid, results}
 *     -> 404 {"detail": "Invalid uuid specified"} once the one-hour cache has expired
 *
 * Each POST is one job for one page: S7 says "To paginate to the next page you will need to make
 * another POST request using the query parameter page=". The page is cut when the job is created
 * (its filters, order and page number are fixed then) and is served after `jobDelayMs`.
 * Quota and faults are the ApiHandler's: every POST and every GET here counts as a call.
 *
 * Scopes: a bulk list is a read, whatever its method. DrChrono's OpenAPI lists only
 * `patients:read` on `POST /api/patients_list`, so both methods need the area's read scope here.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

import { BEHAVIOURS } from './behaviours';
import { HttpError, readBody, sendJson } from './http';
import { buildPredicate, isVerbose } from './listing';
import { RESOURCE_BY_PATH, type ResourceSpec } from './resources';
import { serialize } from './serialize';
import type { ApiObject } from './store';
import type { SandboxClock } from './types';

/** The bulk endpoints DrChrono documents, and the collection each one reads. */
export const BULK_ENDPOINTS: Readonly<Record<string, { collection: string; maxPageSize: number; orderBy: readonly string[]; defaultOrder: string }>> = {
	// The OpenAPI names scheduled_time (the default) and updated_at for appointments; S7 names id.
	appointments_list: { collection: 'appointments', maxPageSize: 1000, orderBy: ['id', 'updated_at', 'scheduled_time'], defaultOrder: 'scheduled_time' },
	patients_list: { collection: 'patients', maxPageSize: 1000, orderBy: ['id', 'updated_at'], defaultOrder: 'id' },
	line_items_list: { collection: 'line_items', maxPageSize: 1000, orderBy: ['id', 'updated_at'], defaultOrder: 'id' },
	transactions_list: { collection: 'transactions', maxPageSize: 1000, orderBy: ['id', 'updated_at'], defaultOrder: 'id' },
	eligibility_checks_list: { collection: 'eligibility_checks', maxPageSize: 1000, orderBy: ['id', 'updated_at'], defaultOrder: 'id' },
	clinical_notes_list: { collection: 'clinical_notes', maxPageSize: 1000, orderBy: ['id', 'updated_at'], defaultOrder: 'id' },
	// S1: clinical_note_field_values_list allows a page_size up to 20,000.
	clinical_note_field_values_list: { collection: 'clinical_note_field_values', maxPageSize: 20_000, orderBy: ['id', 'updated_at'], defaultOrder: 'id' },
	// prescription_messages_list: DrChrono has it; the sandbox has no prescription messages (404).
};

/** Live settings of the bulk endpoints (Sandbox.bulk, POST /_sandbox/bulk). */
export interface BulkConfig {
	/** How long a job stays "In progress" after its POST. Default 0 (done at the first poll). */
	jobDelayMs: number;
	/** How long a job's uuid answers; DrChrono caches results one hour. */
	cacheMs: number;
	/** The next N polls of an existing job find its uuid expired (a test lever: the hour passing). */
	expireNextPolls: number;
	/** The next N polls are answered 503 (a test lever; counted as calls, as DrChrono would). */
	failNextPolls: number;
	/** The next N POSTs create their job, then are answered 503: the client cannot know the job exists. */
	failNextSubmits: number;
	/**
	 * When set, every POST is refused with this status before any job exists, as DrChrono does for
	 * an app without bulk access (403) or a stand-in without the endpoints (404, 405, 501).
	 */
	refuseSubmits?: number;
	/** Called as a job is created, before its page is cut (tests change records mid-export here). */
	beforeSubmit?: (endpoint: string, page: number) => void;
}

interface Job {
	uuid: string;
	clientId: string;
	endpoint: string;
	createdAt: number;
	readyAt: number;
	pagination: { count: number; pages: number; page_size: number; page: number };
	results: unknown[];
}

export class BulkJobs {
	readonly config: BulkConfig;
	private readonly jobs = new Map<string, Job>();
	/** Jobs created and polls answered, by endpoint (for tests that count them). */
	readonly counts = { submitted: 0, polled: 0, expired: 0 };

	constructor(
		private readonly clock: SandboxClock,
		config: Partial<BulkConfig> = {},
	) {
		this.config = { jobDelayMs: 0, cacheMs: 3_600_000, expireNextPolls: 0, failNextPolls: 0, failNextSubmits: 0, ...config };
	}

	static isBulkPath(resourceName: string | undefined, segments: number): boolean {
		return segments === 1 && resourceName !== undefined && resourceName.endsWith('_list') && resourceName in BULK_ENDPOINTS;
	}

	/** Handles POST / GET on /api/<x>_list after auth and quota; `checkScope` throws 403 when missing. */
	async handle(
		req: IncomingMessage,
		res: ServerResponse,
		url: URL,
		method: string,
		clientId: string,
		requireScope: (areas: ResourceSpec['scopes']) => void,
		collectionOf: (path: string) => { all(): ApiObject[] },
	): Promise<void> {
		const endpoint = url.pathname.replace(/^\/api\//, '').replace(/\/+$/, '');
		const bulk = BULK_ENDPOINTS[endpoint];
		const spec = RESOURCE_BY_PATH.get(bulk.collection) as ResourceSpec;
		requireScope(spec.scopes);
		this.sweep();
		if (method === 'POST') {
			await readBody(req);
			const refused = this.config.refuseSubmits;
			if (refused) throw new HttpError(refused, refused === 403 ? { detail: 'You do not have permission to perform this action.' } : { detail: 'Not found.' });
			return this.submit(res, url, endpoint, clientId, spec, () => collectionOf(spec.path).all());
		}
		if (method === 'GET') return this.poll(res, url, endpoint, clientId);
		throw new HttpError(405, { detail: `Method "${method}" not allowed.` }, { Allow: 'GET, POST' });
	}

	private submit(res: ServerResponse, url: URL, endpoint: string, clientId: string, spec: ResourceSpec, all: () => ApiObject[]): void {
		const params = url.searchParams;
		const bulk = BULK_ENDPOINTS[endpoint];
		const size = positiveInt(params, 'page_size') ?? bulk.maxPageSize;
		if (size > bulk.maxPageSize) throw new HttpError(400, { page_size: [`Ensure this value is less than or equal to ${bulk.maxPageSize}.`] });
		const page = positiveInt(params, 'page') ?? 1;
		const order = params.get('order_by') || bulk.defaultOrder;
		if (!bulk.orderBy.includes(order)) {
			throw new HttpError(400, { order_by: [`Select a valid choice. ${order} is not one of the available choices.`] });
		}
		this.config.beforeSubmit?.(endpoint, page);
		const predicate = buildPredicate(spec, params, BEHAVIOURS[spec.path]?.listFilter?.(params));
		const matching = all().filter(predicate);
		if (order !== 'id') {
			// Ties broken by id, so a page boundary is stable.
			matching.sort((a, b) => compare(a[order], b[order]) || (a.id as number) - (b.id as number));
		}
		const pages = Math.max(1, Math.ceil(matching.length / size));
		if (page > pages) throw new HttpError(400, { page: [`Value between 1 and ${pages}.`] });
		const verbose = isVerbose(params);
		const now = this.clock.now();
		const job: Job = {
			uuid: randomUUID(),
			clientId,
			endpoint,
			createdAt: now,
			readyAt: now + this.config.jobDelayMs,
			pagination: { count: matching.length, pages, page_size: size, page },
			results: matching.slice((page - 1) * size, page * size).map((o) => serialize(spec, o, verbose)),
		};
		this.jobs.set(job.uuid, job);
		this.counts.submitted++;
		if (this.config.failNextSubmits > 0) {
			this.config.failNextSubmits--;
			throw new HttpError(503, { detail: 'Service temporarily unavailable, try again later.' });
		}
		sendJson(res, 201, {
			status: 'In progress',
			uuid: job.uuid,
			description: `Call ${url.origin}/api/${endpoint}?uuid=${job.uuid} to get the list`,
		});
	}

	private poll(res: ServerResponse, url: URL, endpoint: string, clientId: string): void {
		const uuid = url.searchParams.get('uuid');
		if (!uuid) throw new HttpError(400, { uuid: ['This field is required.'] });
		this.counts.polled++;
		if (this.config.failNextPolls > 0) {
			this.config.failNextPolls--;
			throw new HttpError(503, { detail: 'Service temporarily unavailable, try again later.' });
		}
		const job = this.jobs.get(uuid);
		// A uuid of another app or another endpoint is as unknown as an expired one.
		if (!job || job.clientId !== clientId || job.endpoint !== endpoint) throw invalidUuid();
		if (this.config.expireNextPolls > 0) {
			this.config.expireNextPolls--;
			this.jobs.delete(uuid);
			this.counts.expired++;
			throw invalidUuid();
		}
		if (this.clock.now() < job.readyAt) return sendJson(res, 200, { status: 'In progress', uuid });
		sendJson(res, 200, { status: 'Complete', pagination: job.pagination, uuid, results: job.results });
	}

	/** Drops jobs older than the cache lifetime. */
	private sweep(): void {
		const now = this.clock.now();
		for (const [uuid, job] of this.jobs) {
			if (now - job.createdAt >= this.config.cacheMs) {
				this.jobs.delete(uuid);
				this.counts.expired++;
			}
		}
	}

	/** Forget every job (reseed) and zero the counters. */
	clear(): void {
		this.jobs.clear();
		this.counts.submitted = 0;
		this.counts.polled = 0;
		this.counts.expired = 0;
	}

	/** Replaces settings given (the rest stay). */
	configure(next: Partial<BulkConfig>): void {
		for (const key of ['jobDelayMs', 'cacheMs', 'expireNextPolls', 'failNextPolls', 'failNextSubmits'] as const) {
			const v = next[key];
			if (v === undefined) continue;
			if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new HttpError(400, { [key]: ['Enter a number of 0 or more.'] });
			this.config[key] = v;
		}
	}
}

/** DrChrono's answer for an unknown or expired uuid (S7); the OpenAPI gives it as a 404. */
function invalidUuid(): HttpError {
	return new HttpError(404, { detail: 'Invalid uuid specified' });
}

function positiveInt(params: URLSearchParams, name: string): number | undefined {
	const raw = params.get(name);
	if (raw === null || raw === '') return undefined;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < 1) throw new HttpError(400, { [name]: ['A valid integer of 1 or more is required.'] });
	return n;
}

function compare(a: unknown, b: unknown): number {
	const x = String(a ?? '');
	const y = String(b ?? '');
	return x < y ? -1 : x > y ? 1 : 0;
}
