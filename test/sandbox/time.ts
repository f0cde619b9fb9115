/** DrChrono date and time formats: timestamps are ISO 8601 without a timezone ("2021-02-14T13:40:39"). */

export const DAY_MS = 86_400_000;

// Captured once: global lookups are slow under jest's vm sandbox and these run per record.
const { floor } = Math;
const toStr = String;
const parseMs = Date.parse;

// Date.prototype.toISOString costs microseconds; seeding formats hundreds of thousands of
// timestamps, so day strings are cached and the time of day is built by hand.
const dayCache = new Map<number, string>();

export function isoDate(ms: number): string {
	const day = floor(ms / DAY_MS);
	let text = dayCache.get(day);
	if (text === undefined) {
		text = new Date(day * DAY_MS).toISOString().slice(0, 10);
		if (dayCache.size > 100_000) dayCache.clear();
		dayCache.set(day, text);
	}
	return text;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : toStr(n));

export function isoTimestamp(ms: number): string {
	const t = floor(ms / 1000) * 1000 - floor(ms / DAY_MS) * DAY_MS; // ms into the UTC day
	const s = floor(t / 1000);
	return `${isoDate(ms)}T${pad2(floor(s / 3600))}:${pad2(floor(s / 60) % 60)}:${pad2(s % 60)}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses YYYY-MM-DD to ms at UTC midnight, or null. */
export function parseDate(value: string): number | null {
	const m = DATE_RE.exec(value);
	if (!m) return null;
	const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
	return isoDate(ms) === value ? ms : null;
}

/**
 * Normalises an accepted datetime to DrChrono's "YYYY-MM-DDTHH:MM:SS" (no timezone), or null.
 * An offset, if given, is dropped: DrChrono treats times as practice-local wall-clock times.
 */
export function normaliseDatetime(value: string): string | null {
	const m = DATETIME_RE.exec(value);
	if (!m) return null;
	const [, y, mo, d, h, mi, s] = m;
	if (parseDate(`${y}-${mo}-${d}`) === null || +h > 23 || +mi > 59 || +(s ?? '0') > 59) return null;
	return `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}`;
}

/** Lower bound for `since`-style filters: a date means its midnight, a timestamp is taken as is. */
export function sinceBound(value: string): string | null {
	if (parseDate(value) !== null) return `${value}T00:00:00`;
	return normaliseDatetime(value);
}

/** ms of a "YYYY-MM-DDTHH:MM:SS" wall-clock timestamp read as UTC. */
export function timestampMs(value: string): number {
	return parseMs(`${value}Z`);
}
