/**
 * One poll: list what changed since the cursor (all pages), pick the versions not emitted yet, and
 * move the cursor only once every page has been read. A poll that fails throws before touching
 * the cursor, so the next poll asks for the same window again and nothing is lost.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { AcquirePolicy } from '../quota';
import { resources } from '../resources';
import { APPOINTMENT_MAX_RANGE_DAYS } from '../resources/appointment';
import { simplifyRecord } from '../resources/simplify';
import { DEFAULT_TIMEOUT_MS, DrChronoClient } from '../transport';
import { pollCost } from './cost';
import type { CursorState } from './cursor';
import {
	LOOKBACK_MS,
	baselineCursor,
	changeTime,
	normaliseTime,
	readCursor,
	safeSince,
	selectChanges,
	shiftTime,
	sinceFor,
	writeCursor,
} from './cursor';
import { readSince } from './pages';
import { LOST_STATE_MESSAGE, firstPollOfActivation, unsavedReason, wasActiveBefore } from './state';
import type { PollEvent } from './events';
import { POLL_EVENT_BY_VALUE } from './events';

/** "Fetch test event": the most recent record within the first of these windows that has one. */
const TEST_EVENT_WINDOWS_DAYS = [1, 7, 30, 365];
const DAY_MS = 86_400_000;

function eventOf(ctx: IPollFunctions): PollEvent {
	const value = ctx.getNodeParameter('event') as string;
	const event = POLL_EVENT_BY_VALUE.get(value);
	if (!event) throw new NodeOperationError(ctx.getNode(), `Unknown event "${value}"`, { description: 'Choose an Event in the node.' });
	return event;
}

/** The list's query without the change bound; checked before any call. */
function queryOf(ctx: IPollFunctions, event: PollEvent, options: IDataObject): IDataObject {
	const filters = (ctx.getNodeParameter('filters', {}) ?? {}) as IDataObject;
	const qs: IDataObject = {};
	for (const f of event.filters) {
		const value = filters[f.param ?? f.key];
		if (value === undefined || value === '' || value === 0 || value === null) continue;
		qs[f.key] = value;
	}
	if (event.scheduledRange && (options.scheduledFrom || options.scheduledTo)) {
		const from = normaliseTime(options.scheduledFrom)?.slice(0, 10);
		const to = normaliseTime(options.scheduledTo)?.slice(0, 10);
		if (!from || !to) {
			throw new NodeOperationError(ctx.getNode(), 'Set both Scheduled From and Scheduled To, or neither', {
				description: 'DrChrono filters appointments by a date range with both ends.',
			});
		}
		const days = (Date.parse(to) - Date.parse(from)) / DAY_MS;
		if (days < 0 || days > APPOINTMENT_MAX_RANGE_DAYS) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Scheduled From to Scheduled To must span 0 to ${APPOINTMENT_MAX_RANGE_DAYS} days, not ${days}`,
				{ description: `DrChrono refuses appointment date ranges longer than ${APPOINTMENT_MAX_RANGE_DAYS} days.` },
			);
		}
		qs.date_range = `${from}/${to}`;
	}
	return qs;
}

function simplifier(event: PollEvent, options: IDataObject): (row: IDataObject) => IDataObject {
	const spec = options.simplify === true ? resources.find((r) => r.value === event.simplifyFrom) : undefined;
	if (!spec?.simplify?.length) return (row) => row;
	return (row) => simplifyRecord(spec, row);
}

function outputEvent(event: PollEvent, record: IDataObject): string {
	if (event.kind === 'created') return event.event;
	const created = normaliseTime(record.created_at);
	const updated = normaliseTime(record.updated_at);
	const stem = event.event.replace(/\.updated$/, '');
	return created !== undefined && created === updated ? `${stem}.created` : event.event;
}

/** True when the app's quota guard has no slot left now: the poll is skipped, not failed. */
function quotaSpent(client: DrChronoClient): boolean {
	const snapshot = client.guard.snapshot();
	return snapshot.remaining === 0 || snapshot.blockedUntil > Date.now();
}

/** How long one poll may take: until shortly before the next poll, and within n8n 2's poll budget. */
function pollTimeMs(ctx: IPollFunctions): number {
	const pollTimes = ctx.getNodeParameter('pollTimes', {}) as IDataObject;
	let ms = Math.max(0, pollCost(pollTimes).minGapMs - 5_000);
	const budget = (ctx as { getPollBudgetMs?: () => number }).getPollBudgetMs?.();
	if (typeof budget === 'number' && budget > 0) ms = Math.min(ms, budget);
	return ms;
}

/** Wait for quota only while the next poll is still ahead. */
function quotaPolicy(ctx: IPollFunctions): AcquirePolicy {
	return { onExhausted: 'fail', maxWaitMs: pollTimeMs(ctx) };
}

function toItems(event: PollEvent, options: IDataObject, records: IDataObject[], polledAt: string): INodeExecutionData[][] {
	const simplify = simplifier(event, options);
	return [records.map((record) => ({ json: { ...simplify(record), event: outputEvent(event, record), polledAt } }))];
}

/** "Fetch test event" in the editor: the latest record, so fields can be mapped; the cursor stays. */
async function testEvent(
	client: DrChronoClient,
	event: PollEvent,
	qs: IDataObject,
	options: IDataObject,
): Promise<INodeExecutionData[][] | null> {
	const polledAt = new Date().toISOString();
	for (const days of TEST_EVENT_WINDOWS_DAYS) {
		const { rows } = await readSince(client, event, { qs, since: safeSince(Date.now() - days * DAY_MS), isQuotaStop: () => false });
		let latest: IDataObject | undefined;
		let latestTime = '';
		for (const row of rows) {
			const time = changeTime(row, event.timeFields) ?? '';
			if (latest === undefined || time > latestTime) {
				latest = row;
				latestTime = time;
			}
		}
		if (latest) return toItems(event, options, [latest], polledAt);
	}
	return null;
}

export async function pollDrChrono(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const event = eventOf(this);
	const options = (this.getNodeParameter('options', {}) ?? {}) as IDataObject;
	const qs = queryOf(this, event, options);
	// One client for the poll: the credential read once, quota waits bounded by the next poll.
	const client = await DrChronoClient.connect(this, { quota: quotaPolicy(this), timeoutMs: DEFAULT_TIMEOUT_MS, retry: true });

	if (this.getMode() === 'manual') return await testEvent(client, event, qs, options);

	// The cursor belongs to this event and these filters; another selection starts over.
	const scope = JSON.stringify([event.value, Object.keys(qs).sort().map((k) => [k, qs[k]])]);
	const stored = this.getWorkflowStaticData('node');
	const firstPoll = firstPollOfActivation(this);
	if (firstPoll) {
		const reason = unsavedReason(this);
		if (reason) this.logger.warn(`DrChrono Poll Trigger: ${reason}`);
	}
	let state: CursorState | undefined = readCursor(stored, scope);
	if (state && firstPoll && this.getActivationMode() === 'activate' && options.onReactivation === 'startFromNow') {
		this.logger.info(`DrChrono Poll Trigger: activated again; emitting changes from now on, as On Reactivation says (${event.name})`);
		state = undefined;
	}
	const polledAt = new Date().toISOString();
	const startedAt = Date.now();

	try {
		if (!state) {
			const startFrom = normaliseTime(options.startFrom);
			if (startFrom === undefined) {
				if (firstPoll && stored.cursor === undefined && wasActiveBefore(this)) {
					this.logger.warn(`DrChrono Poll Trigger: ${LOST_STATE_MESSAGE} (${event.name})`);
				}
				// Everything changed "now" in any practice is after this: mark it all as seen.
				const start = safeSince(startedAt);
				const { rows } = await readSince(client, event, { qs, since: start, isQuotaStop: () => false });
				writeCursor(stored, baselineCursor(scope, start, rows, event, { startedAt, now: Date.now() }));
				this.logger.info(`DrChrono Poll Trigger: first poll; emitting changes from now on (${event.name})`);
				return null;
			}
			// Emit from Start From on: a cursor one look-back after it reads from exactly there.
			state = { v: 1, scope, cursor: shiftTime(startFrom, LOOKBACK_MS), seen: [] };
		}

		const read = await readSince(client, event, {
			qs,
			since: sinceFor(state),
			resumeUrl: state.walk?.url,
			deadline: startedAt + pollTimeMs(this) / 2,
			isQuotaStop: () => quotaSpent(client),
		});
		const { emit, next } = selectChanges(state, read.rows, event, {
			resumeUrl: read.resumeUrl,
			startedAt: state.walk?.startedAt ?? startedAt,
			now: Date.now(),
		});
		writeCursor(stored, next);
		if (read.resumeUrl) {
			this.logger.info(
				`DrChrono Poll Trigger: catching up (${event.name}): ${read.pages} pages read, ${emit.length} changes emitted; the next poll reads on`,
			);
		}
		if (emit.length === 0) return null;
		return toItems(
			event,
			options,
			emit.map((e) => e.record),
			polledAt,
		);
	} catch (error) {
		if (quotaSpent(client)) {
			this.logger.warn(
				`DrChrono Poll Trigger: poll skipped, no quota slot before the next poll; the next poll catches up. ${(error as Error).message}`,
			);
			return null;
		}
		// The transport's errors already say what to fix; anything else is wrapped for n8n.
		throw error instanceof NodeApiError || error instanceof NodeOperationError
			? error
			: new NodeOperationError(this.getNode(), error as Error);
	}
}
