/**
 * The poll cursor: which record versions have been emitted, so each is emitted exactly once.
 *
 * DrChrono timestamps have one-second resolution and no time zone, `since` is inclusive, and the
 * order of a list is not its change order. Two kinds of list:
 *
 * - Records with a change time (`updated_at`, `timestamp`, `created_at`): the cursor is the latest
 *   change time seen plus the keys (`id@time`) of every version seen in a short look-back window
 *   before it. A poll asks for everything changed since `cursor - look-back` and emits what it has
 *   not seen. That covers records that share the cursor's second, records saved during the
 *   previous poll, and a server that reads `since` as a date.
 * - Records without one (clinical notes: DrChrono's OpenAPI gives them no time field): the list
 *   still says what changed since a time, so the next `since` is bounded by when the poll started
 *   (read as the earliest practice clock anywhere, see SAFE_CLOCK_MS), and a version is the
 *   record's content (`id#hash`): a note changed again after it was emitted lists with other
 *   content and is emitted again. `seen` holds the versions the last complete read listed, so it
 *   is bounded by what changed in that window.
 *
 * A read that spans several pages may take a while (quota waits, or a catch-up over several
 * polls). A record changed meanwhile on a page already read gets a change time after the read
 * started, which is no earlier than the newest time seen minus how long the read took; so the
 * cursor moves to that, never past it.
 */
import type { IDataObject } from 'n8n-workflow';

/**
 * How far before the cursor a poll looks again for versions it may have missed: a record that
 * DrChrono stamps at time T but commits a moment later. Kept short, because everything changed in
 * this window is read again by every poll, and an idle poll must fit on one page (one call).
 */
export const LOOKBACK_MS = 5_000;

/**
 * DrChrono timestamps are practice wall-clock time with no zone. Zones run from UTC-12 to UTC+14,
 * so a practice's clock is never behind UTC now - 12 h: UTC now - 13 h is a `since` that covers
 * "now" in every practice. The first poll reads from there; lists without a change time read
 * from there on every poll.
 */
export const SAFE_CLOCK_MS = 13 * 3_600_000;

/** A list read that did not finish in one poll (the poll's time or the quota ran out). */
export interface WalkState {
	/** The `since` the read started with. */
	since: string;
	/** The page to read again first (the last one read: a record removed meanwhile shifts rows back). */
	url: string;
	/** When the read started, epoch ms. */
	startedAt: number;
	/** Newest change time read so far (lists with a change time). */
	high?: string;
	/** Versions read so far (lists without a change time). */
	read?: string[];
}

export interface CursorState {
	/** Bumped when the shape changes; an unknown version starts over from now. */
	v: 1;
	/** Event and filters the cursor belongs to: another selection starts over. */
	scope: string;
	/** Latest change time seen (timed lists), or the next read's lower bound (untimed), `YYYY-MM-DDTHH:MM:SS`. */
	cursor: string;
	/** Timed: `id@time` of each version seen at or after `cursor - LOOKBACK_MS`. Untimed: `id#hash` of the last read. */
	seen: string[];
	/** A read under way across polls. */
	walk?: WalkState;
}

const TIMESTAMP_RE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/;

/** A DrChrono date or timestamp as "YYYY-MM-DDTHH:MM:SS" (offset and fraction dropped), or undefined. */
export function normaliseTime(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const m = TIMESTAMP_RE.exec(value);
	if (!m) return undefined;
	return `${m[1]}T${m[2] ?? '00'}:${m[3] ?? '00'}:${m[4] ?? '00'}`;
}

/** Wall-clock arithmetic on DrChrono timestamps: they carry no zone, so they are read as UTC. */
export function shiftTime(time: string, ms: number): string {
	return new Date(Date.parse(`${time}Z`) + ms).toISOString().slice(0, 19);
}

export function utcTimestamp(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19);
}

/** A `since` that is no later than the practice's clock at `ms`, wherever the practice is. */
export function safeSince(ms: number): string {
	return utcTimestamp(ms - SAFE_CLOCK_MS);
}

/** The record's change time: the first of `fields` that holds a date or timestamp. */
export function changeTime(record: IDataObject, fields: readonly string[]): string | undefined {
	for (const field of fields) {
		const t = normaliseTime(record[field]);
		if (t !== undefined) return t;
	}
	return undefined;
}

export function versionKey(record: IDataObject, time: string): string {
	return `${String(record.id)}@${time}`;
}

/** JSON with sorted keys, so the same content always gives the same text. */
function stableJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const o = value as Record<string, unknown>;
		return `{${Object.keys(o)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** 53-bit string hash (cyrb53): a version's identity, not a secret. */
function hash53(text: string): string {
	let h1 = 0xdeadbeef;
	let h2 = 0x41c6ce57;
	for (let i = 0; i < text.length; i++) {
		const ch = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2654435761);
		h2 = Math.imul(h2 ^ ch, 1597334677);
	}
	h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
	return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

/** A version of a record without a change time: its identity and what the list says it holds. */
export function contentKey(record: IDataObject, idField: string): string {
	return `${String(record[idField] ?? record.id)}#${hash53(stableJson(record))}`;
}

/** The `since` value a poll sends: the look-back window before the cursor. */
export function sinceFor(state: CursorState): string {
	return state.walk?.since ?? shiftTime(state.cursor, -LOOKBACK_MS);
}

export interface Selection {
	/** Records to emit, in change-time order (ties by id). */
	emit: Array<{ record: IDataObject; time: string }>;
	/** The cursor after these records were emitted. */
	next: CursorState;
}

/** Where a read of the list stands after this poll's pages. */
export interface ReadProgress {
	/** The page to resume from when the read is not complete; undefined when it is. */
	resumeUrl?: string;
	/** When the read started (this poll's start, or the walk's), epoch ms. */
	startedAt: number;
	/** Now, epoch ms. */
	now: number;
}

/**
 * Picks the versions in `rows` (this poll's pages) that were not emitted before and computes the
 * cursor that follows. Pure: the caller stores `next` only once the poll succeeded. `timeFields`
 * empty: the list's records carry no change time (see the file comment).
 */
export function selectChanges(
	state: CursorState,
	rows: IDataObject[],
	list: ListShape,
	progress: ReadProgress,
): Selection {
	return list.timeFields.length > 0 ? selectTimed(state, rows, list, progress) : selectUntimed(state, rows, list.idField, progress);
}

/** What the cursor needs to know of a list's records (PollEvent has both). */
export interface ListShape {
	/** Change-time fields, first present wins; empty when the records carry none. */
	timeFields: readonly string[];
	/** The field that identifies a record. */
	idField: string;
}

function selectTimed(state: CursorState, rows: IDataObject[], list: ListShape, progress: ReadProgress): Selection {
	const lower = sinceFor(state);
	const seen = new Set(state.seen);
	const emit: Selection['emit'] = [];
	let high = state.walk?.high ?? state.cursor;
	const observed: Array<{ key: string; time: string }> = [];
	// Rows that lack the list's change time (a null `updated_at`) are known by their content, as
	// on lists without one, and kept while the list shows them.
	const contentKeys = new Set<string>();
	for (const record of rows) {
		const time = changeTime(record, list.timeFields);
		if (time === undefined) {
			const key = contentKey(record, list.idField);
			contentKeys.add(key);
			if (seen.has(key)) continue;
			seen.add(key);
			emit.push({ record, time: lower });
			continue;
		}
		if (time < lower) continue; // older than the window this cursor covers: seen long ago
		const key = versionKey(record, time);
		observed.push({ key, time });
		if (time > high) high = time;
		if (seen.has(key)) continue;
		seen.add(key);
		emit.push({ record, time });
	}
	emit.sort((a, b) => (a.time === b.time ? compareIds(a.record.id, b.record.id) : a.time < b.time ? -1 : 1));

	const all = new Map<string, string>();
	for (const key of state.seen) if (!isContentKey(key)) all.set(key, timeOfKey(key));
	for (const { key, time } of observed) all.set(key, time);
	if (progress.resumeUrl) {
		// Mid-read: the cursor stays; every version of this read is kept until it completes.
		const walk: WalkState = { since: lower, url: progress.resumeUrl, startedAt: progress.startedAt, high };
		const keys = [...all.keys(), ...state.seen.filter(isContentKey), ...contentKeys];
		return { emit, next: { v: 1, scope: state.scope, cursor: state.cursor, seen: [...new Set(keys)].sort(), walk } };
	}
	// Never past the newest time seen minus how long the read took (see the file comment).
	const tookMs = Math.max(0, progress.now - progress.startedAt);
	const bounded = tookMs >= 1_000 ? shiftTime(high, -Math.ceil(tookMs / 1_000) * 1_000) : high;
	const cursor = bounded > state.cursor ? bounded : state.cursor;
	const keepFrom = shiftTime(cursor, -LOOKBACK_MS);
	const kept = [...all].filter(([, time]) => time >= keepFrom).map(([key]) => key);
	// Content keys: those this read listed (and, ending a read over several polls, its earlier pages').
	const listed = state.walk ? [...state.seen.filter(isContentKey), ...contentKeys] : [...contentKeys];
	return { emit, next: { v: 1, scope: state.scope, cursor, seen: [...new Set([...kept, ...listed])].sort() } };
}

function selectUntimed(state: CursorState, rows: IDataObject[], idField: string, progress: ReadProgress): Selection {
	const seen = new Set(state.seen);
	const read = new Set(state.walk?.read ?? []);
	const emit: Selection['emit'] = [];
	const lower = sinceFor(state);
	for (const record of rows) {
		const key = contentKey(record, idField);
		read.add(key);
		if (seen.has(key)) continue;
		seen.add(key);
		emit.push({ record, time: lower });
	}
	if (progress.resumeUrl) {
		const walk: WalkState = { since: lower, url: progress.resumeUrl, startedAt: progress.startedAt, read: [...read].sort() };
		return { emit, next: { v: 1, scope: state.scope, cursor: state.cursor, seen: [...seen].sort(), walk } };
	}
	// The next read starts where this one began (as the practice's clock may read it); what this
	// read listed is what the next one can list again unchanged.
	const next = safeSince(progress.startedAt);
	const cursor = shiftTime(next > lower ? next : lower, LOOKBACK_MS);
	return { emit, next: { v: 1, scope: state.scope, cursor, seen: [...read].sort() } };
}

/** A cursor that has seen `rows` (a baseline read from `start`): nothing in them will be emitted. */
export function baselineCursor(
	scope: string,
	start: string,
	rows: IDataObject[],
	list: ListShape,
	progress: ReadProgress,
): CursorState {
	return selectChanges({ v: 1, scope, cursor: shiftTime(start, LOOKBACK_MS), seen: [] }, rows, list, progress).next;
}

function isContentKey(key: string): boolean {
	return !key.includes('@');
}

function timeOfKey(key: string): string {
	return key.slice(key.lastIndexOf('@') + 1);
}

function compareIds(a: unknown, b: unknown): number {
	const na = Number(a);
	const nb = Number(b);
	if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
	return String(a).localeCompare(String(b));
}

/** The stored cursor if it belongs to this event and filters, else undefined. */
export function readCursor(stored: IDataObject, scope: string): CursorState | undefined {
	const c = stored.cursor as Partial<CursorState> | undefined;
	if (!c || c.v !== 1 || c.scope !== scope || typeof c.cursor !== 'string' || !Array.isArray(c.seen)) return undefined;
	return c as CursorState;
}

/** Writes the cursor into n8n's static data object in place (n8n saves that object, not a copy). */
export function writeCursor(stored: IDataObject, state: CursorState): void {
	stored.cursor = state as unknown as IDataObject;
}
