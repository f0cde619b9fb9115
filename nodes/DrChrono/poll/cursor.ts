/**
 * The poll cursor: which record versions have been emitted, so each is emitted exactly once.
 *
 * DrChrono timestamps have one-second resolution and no time zone, `since` is inclusive, and the
 * order of a list is not its change order. So the cursor is the latest change time seen plus the
 * keys (`id@time`) of every version seen in a short look-back window before it: a poll asks for
 * everything changed since `cursor - look-back`, and emits what it has not seen. That covers
 * records that share the cursor's second, records saved during the previous poll (same second, or
 * committed by DrChrono a moment after their timestamp), and a server that reads `since` as a date.
 */
import type { IDataObject } from 'n8n-workflow';

/**
 * How far before the cursor a poll looks again for versions it may have missed: a record that
 * DrChrono stamps at time T but commits a moment later. Kept short, because everything changed in
 * this window is read again by every poll, and an idle poll must fit on one page (one call).
 */
export const LOOKBACK_MS = 5_000;

export interface CursorState {
	/** Bumped when the shape changes; an unknown version starts over from now. */
	v: 1;
	/** Event and filters the cursor belongs to: another selection starts over. */
	scope: string;
	/** Latest change time seen, DrChrono's `YYYY-MM-DDTHH:MM:SS`. */
	cursor: string;
	/** `id@time` of each version seen with a time at or after `cursor - LOOKBACK_MS`. */
	seen: string[];
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

/** The record's change time: the first of `fields` that holds a date or timestamp. */
export function changeTime(record: IDataObject, fields: string[]): string | undefined {
	for (const field of fields) {
		const t = normaliseTime(record[field]);
		if (t !== undefined) return t;
	}
	return undefined;
}

export function versionKey(record: IDataObject, time: string): string {
	return `${String(record.id)}@${time}`;
}

/** The `since` value a poll sends: the look-back window before the cursor. */
export function sinceFor(state: CursorState): string {
	return shiftTime(state.cursor, -LOOKBACK_MS);
}

export interface Selection {
	/** Records to emit, in change-time order (ties by id). */
	emit: Array<{ record: IDataObject; time: string }>;
	/** The cursor after these records were emitted. */
	next: CursorState;
}

/**
 * Picks the versions in `rows` (one poll's list, all pages) that were not emitted before and
 * computes the cursor that follows. Pure: the caller stores `next` only once the poll succeeded.
 * A row without a change time counts as changed at the cursor (DrChrono listed it as changed).
 */
export function selectChanges(state: CursorState, rows: IDataObject[], fields: string[]): Selection {
	const lower = sinceFor(state);
	const seen = new Set(state.seen);
	const emit: Selection['emit'] = [];
	let cursor = state.cursor;
	const observed: Array<{ key: string; time: string }> = [];
	for (const record of rows) {
		const time = changeTime(record, fields) ?? state.cursor;
		if (time < lower) continue; // older than the window this cursor covers: seen long ago
		const key = versionKey(record, time);
		observed.push({ key, time });
		if (time > cursor) cursor = time;
		if (seen.has(key)) continue;
		seen.add(key);
		emit.push({ record, time });
	}
	emit.sort((a, b) => (a.time === b.time ? compareIds(a.record.id, b.record.id) : a.time < b.time ? -1 : 1));

	const keepFrom = shiftTime(cursor, -LOOKBACK_MS);
	const kept = new Set<string>();
	for (const key of state.seen) if (timeOfKey(key) >= keepFrom) kept.add(key);
	for (const { key, time } of observed) if (time >= keepFrom) kept.add(key);
	return { emit, next: { v: 1, scope: state.scope, cursor, seen: [...kept].sort() } };
}

/** A cursor that has seen `rows` (a baseline): nothing in them will be emitted. */
export function baselineCursor(scope: string, start: string, rows: IDataObject[], fields: string[]): CursorState {
	return selectChanges({ v: 1, scope, cursor: start, seen: [] }, rows, fields).next;
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
