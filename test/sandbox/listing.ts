/**
 * Collection GET: the generic filters and cursor pagination.
 * The cursor is opaque to clients (base64url) and holds the last (or first) id of the page, so
 * the next page starts with a binary search in the collection's id index.
 */
import { HttpError } from './http';
import { filterPairs, type ResourceSpec } from './resources';
import type { ApiObject, Collection } from './store';
import { DAY_MS, parseDate, sinceBound } from './time';

// Captured once: filters run per record and global lookups are slow under jest's vm sandbox.
const toStr = String;

/**
 * DrChrono caps a larger page_size rather than refusing it: 250 per page, 50 with verbose=true
 * (API docs, "Responses"). Appointments cap lower (resources.ts `pageSize`): the docs say 20, the
 * OpenAPI 25 with verbose; the sandbox takes the smaller, so nothing passes here that could need
 * more calls against DrChrono.
 */
export const PAGE_SIZE_MAX = 250;
export const VERBOSE_PAGE_SIZE_MAX = 50;

export interface ListPage {
	previous: string | null;
	results: ApiObject[];
	next: string | null;
}

type Predicate = (o: ApiObject) => boolean;

interface Cursor {
	after?: number;
	before?: number;
}

export function encodeCursor(c: Cursor): string {
	return Buffer.from(c.after !== undefined ? `a${c.after}` : `b${c.before}`).toString('base64url');
}

function decodeCursor(value: string): Cursor {
	const text = Buffer.from(value, 'base64url').toString('utf8');
	const m = /^([ab])(\d+)$/.exec(text);
	if (!m) throw new HttpError(404, { detail: 'Invalid cursor' });
	return m[1] === 'a' ? { after: Number(m[2]) } : { before: Number(m[2]) };
}

export function isVerbose(params: URLSearchParams): boolean {
	return (params.get('verbose') ?? '').toLowerCase() === 'true';
}

/** The page size asked for, capped at the resource's maximum (250, or 50 with verbose=true; appointments 20). */
export function pageSizeOf(params: URLSearchParams, spec?: Pick<ResourceSpec, 'pageSize'>): number {
	const caps = spec?.pageSize ?? { max: PAGE_SIZE_MAX, verboseMax: VERBOSE_PAGE_SIZE_MAX };
	const max = isVerbose(params) ? caps.verboseMax : caps.max;
	const asked = Number(params.get('page_size'));
	if (!Number.isInteger(asked) || asked <= 0) return max;
	return Math.min(asked, max);
}

function dateOrThrow(param: string, value: string): number {
	const ms = parseDate(value);
	if (ms === null) throw new HttpError(400, { [param]: ['Enter a valid date.'] });
	return ms;
}

/** 400 unless every required query parameter is there, with one of its choices. */
export function requireParams(required: Record<string, readonly string[] | null> | undefined, params: URLSearchParams): void {
	for (const [param, choices] of Object.entries(required ?? {})) {
		const v = params.get(param);
		if (!v) throw new HttpError(400, { [param]: ['This field is required.'] });
		if (choices && !choices.includes(v)) throw new HttpError(400, { [param]: [`Select a valid choice. ${v} is not one of the available choices.`] });
	}
}

/** Builds the filter for a list query; throws 400 for missing or malformed required params. */
export function buildPredicate(spec: ResourceSpec, params: URLSearchParams, extra?: Predicate): Predicate {
	const checks: Predicate[] = [];

	if (spec.listRequiresOneOf && !spec.listRequiresOneOf.some((p) => params.has(p))) {
		const names = spec.listRequiresOneOf;
		throw new HttpError(400, { detail: `Must provide either ${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` });
	}
	requireParams(spec.listRequiredParams, params);

	if (spec.deleteMode === 'archived' || spec.deleteMode === 'deleted_flag') {
		const flag = spec.deleteMode;
		if ((params.get('show_archived') ?? '').toLowerCase() !== 'true') checks.push((o) => o[flag] !== true);
	}

	for (const name of ['since', ...(spec.sinceAliases ?? [])]) {
		const v = params.get(name);
		if (v === null) continue;
		const bound = sinceBound(v);
		if (!bound) throw new HttpError(400, { [name]: ['Enter a valid date.'] });
		checks.push((o) => toStr(o.updated_at ?? '') >= bound);
	}

	const dateField = spec.dateField;
	if (dateField) {
		const occurred = params.get('occurred_since');
		if (occurred !== null) {
			const bound = sinceBound(occurred);
			if (!bound) throw new HttpError(400, { occurred_since: ['Enter a valid date.'] });
			checks.push((o) => toStr(o[dateField] ?? '') >= bound);
		}
		const date = params.get('date');
		if (date !== null) {
			dateOrThrow('date', date);
			checks.push((o) => toStr(o[dateField] ?? '').slice(0, 10) === date);
		}
		const range = params.get('date_range');
		if (range !== null) {
			const [from, to, rest] = range.split('/');
			if (!from || !to || rest !== undefined) throw new HttpError(400, { date_range: ['Enter a valid date range: YYYY-MM-DD/YYYY-MM-DD.'] });
			const fromMs = dateOrThrow('date_range', from);
			const toMs = dateOrThrow('date_range', to);
			if (toMs < fromMs) throw new HttpError(400, { date_range: ['The end date must not be before the start date.'] });
			if (spec.maxDateRangeDays && (toMs - fromMs) / DAY_MS > spec.maxDateRangeDays) {
				throw new HttpError(400, { detail: `date_range may span at most ${spec.maxDateRangeDays} days` });
			}
			checks.push((o) => {
				const d = toStr(o[dateField] ?? '').slice(0, 10);
				return d >= from && d <= to;
			});
		}
	}

	for (const [param, field] of filterPairs(spec)) {
		const v = params.get(param);
		if (v === null || v === '') continue;
		const wanted = v.toLowerCase();
		const prefix = spec.prefixFilters?.includes(param) ?? false;
		checks.push((o) => {
			const actual = o[field];
			if (actual === null || actual === undefined) return false;
			const value = toStr(actual).toLowerCase();
			return prefix ? value.startsWith(wanted) : value === wanted;
		});
	}

	if (extra) checks.push(extra);
	return (o) => {
		for (const check of checks) if (!check(o)) return false;
		return true;
	};
}

/** One page of a filtered collection, with absolute `previous` / `next` URLs. */
export function listPage(
	collection: Collection,
	predicate: Predicate,
	params: URLSearchParams,
	pageUrl: URL,
	spec?: Pick<ResourceSpec, 'pageSize'>,
): ListPage {
	const size = pageSizeOf(params, spec);
	const cursorParam = params.get('cursor');
	const cursor = cursorParam ? decodeCursor(cursorParam) : {};
	const results: ApiObject[] = [];
	let more = false;

	if (cursor.before !== undefined) {
		for (let i = collection.indexAfter(cursor.before - 1) - 1; i >= 0; i--) {
			const o = collection.get(collection.idAt(i)) as ApiObject;
			if (!predicate(o)) continue;
			if (results.length === size) {
				more = true;
				break;
			}
			results.push(o);
		}
		results.reverse();
	} else {
		const start = cursor.after !== undefined ? collection.indexAfter(cursor.after) : 0;
		for (let i = start; i < collection.length; i++) {
			const o = collection.get(collection.idAt(i)) as ApiObject;
			if (!predicate(o)) continue;
			if (results.length === size) {
				more = true;
				break;
			}
			results.push(o);
		}
	}

	const link = (c: Cursor): string => {
		const u = new URL(pageUrl.href);
		u.searchParams.set('cursor', encodeCursor(c));
		return u.href;
	};
	const first = results[0]?.id;
	const last = results[results.length - 1]?.id;
	let next: string | null = null;
	let previous: string | null = null;
	if (cursor.before !== undefined) {
		if (last !== undefined) next = link({ after: last });
		if (more && first !== undefined) previous = link({ before: first });
	} else {
		if (more && last !== undefined) next = link({ after: last });
		if (cursor.after !== undefined && first !== undefined) previous = link({ before: first });
	}
	return { previous, results, next };
}
