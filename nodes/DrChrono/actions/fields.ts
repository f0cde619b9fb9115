import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FieldSpec, ResourceSpec } from '../resources/types';
import { locatorId, locatorProperty } from './locators';

/** n8n lists choices in alphabetical order of their names (its lint rule). */
function byName<T extends { name: string }>(options: readonly T[]): T[] {
	return [...options].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Fields offered under Update Fields: everything writable except files, which are only sent on
 * create (whether DrChrono takes a new file on PATCH is not documented).
 */
export function updatableFields(spec: ResourceSpec): FieldSpec[] {
	return [...(spec.required ?? []), ...(spec.fields ?? [])].filter((f) => f.kind !== 'binary');
}

/** The n8n parameter name of a field (its API name unless the spec says otherwise). */
export const paramName = (field: FieldSpec): string => field.param ?? field.key;

/** The n8n parameter for one DrChrono field. */
export function fieldProperty(field: FieldSpec, required = false): INodeProperties {
	const base = {
		displayName: field.label,
		name: paramName(field),
		description: field.description,
		placeholder: field.placeholder,
		required: required || undefined,
	};
	if (field.locator) return locatorProperty(field.locator, base);
	switch (field.kind) {
		case 'number':
			return { ...base, type: 'number', default: (field.default as number) ?? 0 };
		case 'boolean':
			return { ...base, type: 'boolean', default: (field.default as boolean) ?? false };
		case 'dateTime':
			return { ...base, type: 'dateTime', default: '' };
		case 'options':
			if (field.loadOptions) {
				return {
					...base,
					type: 'options',
					typeOptions: {
						loadOptionsMethod: field.loadOptions,
						loadOptionsDependsOn: field.loadOptionsDependsOn,
					},
					default: (field.default as string) ?? '',
				};
			}
			return {
				...base,
				type: 'options',
				options: byName(field.options ?? []),
				// The default stays the spec's first choice: sorting for display must not change what a
				// saved workflow that kept the default sends.
				default: field.default ?? field.options?.[0]?.value ?? '',
			};
		case 'multiOptions':
			return {
				...base,
				type: 'multiOptions',
				options: byName(field.options ?? []),
				default: (field.default as string[]) ?? [],
			};
		case 'json':
			return { ...base, type: 'json', default: (field.default as string) ?? '' };
		case 'binary':
			return {
				...base,
				type: 'string',
				default: (field.default as string) ?? 'data',
				hint: 'The name of the input binary field holding the file',
			};
		case 'text':
			return { ...base, type: 'string', typeOptions: { rows: 3 }, default: '' };
		default:
			return { ...base, type: 'string', default: (field.default as string) ?? '' };
	}
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date or date-time that names its own zone (`Z`, `+02:00`), so it is one instant. */
const ZONED = /(Z|[+-]\d{2}:?\d{2})$/i;
const ISO_WALL_CLOCK = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?)?$/;

/** The wall-clock parts of an instant in a time zone (the workflow's), with Intl: no dependency. */
function wallClockIn(ms: number, timeZone: string): { date: string; time: string } {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', {
			timeZone,
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
			hourCycle: 'h23',
		})
			.formatToParts(new Date(ms))
			.map((p) => [p.type, p.value]),
	);
	return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}:${parts.second}` };
}

/**
 * DrChrono dates and timestamps carry no time zone: they are the practice's wall-clock time. A
 * value without a zone (n8n's date picker, "2026-03-01 09:30") is that wall-clock time and is sent
 * as written. A value that is an instant (a Date, a Luxon DateTime such as `$now`, epoch
 * milliseconds, or a string ending in Z or an offset) is shown in the workflow's time zone, not the
 * n8n server's. Anything else is an error naming the field.
 */
function toWallClock(
	this: IExecuteFunctions,
	field: FieldSpec,
	value: unknown,
	itemIndex: number,
): { date: string; time: string } {
	const instant = (ms: number) => wallClockIn(ms, this.getTimezone());
	if (typeof value === 'string') {
		const text = value.trim();
		const iso = ISO_WALL_CLOCK.exec(text);
		if (iso) return { date: iso[1], time: iso[2] ? `${iso[2]}${iso[3] ?? ':00'}` : '00:00:00' };
		const ms = Date.parse(text);
		if (!Number.isNaN(ms)) {
			if (ZONED.test(text)) return instant(ms);
			// No zone: the string's own wall clock, read back in the zone it was parsed in.
			const d = new Date(ms);
			return {
				date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
				time: `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`,
			};
		}
	} else if (typeof value === 'number' && Number.isFinite(value)) {
		return instant(value);
	} else if (value instanceof Date && !Number.isNaN(value.getTime())) {
		return instant(value.getTime());
	} else if (value && typeof value === 'object' && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		return instant((value as { toMillis(): number }).toMillis());
	}
	throw new NodeOperationError(this.getNode(), `${field.label} is not a valid date`, {
		itemIndex,
		description: `Enter ${field.label} as a date like ${field.kind === 'date' ? '2026-03-01' : '2026-03-01T09:30:00'}, or pick it in the date picker`,
	});
}

/**
 * A number field: left empty (nothing, '', null) it is not sent at all, never as 0; anything that
 * is not a number is an error that names the field, before any call.
 */
function toNumber(this: IExecuteFunctions, field: FieldSpec, value: unknown, itemIndex: number): number | undefined {
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string' && value.trim() === '') return undefined;
	const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
	if (!Number.isFinite(n)) {
		throw new NodeOperationError(this.getNode(), `${field.label} must be a number`, {
			itemIndex,
			description: `"${String(value)}" is not a number. Enter a number for ${field.label}, or leave it empty.`,
		});
	}
	return n;
}

function unwrapLocator(value: unknown): unknown {
	if (value && typeof value === 'object' && 'value' in (value as IDataObject)) {
		return (value as IDataObject).value;
	}
	return value;
}

/** Numeric IDs go to DrChrono as numbers; anything else (appointment IDs can be strings) as is. */
export function toId(value: unknown): string | number {
	const raw = unwrapLocator(value);
	if (typeof raw === 'number') return raw;
	const text = String(raw ?? '').trim();
	return /^\d+$/.test(text) ? Number(text) : text;
}

/** Converts one parameter value to what DrChrono expects for that field. */
export function toApiValue(
	this: IExecuteFunctions,
	field: FieldSpec,
	value: unknown,
	itemIndex: number,
): unknown {
	const converted = convert.call(this, field, value, itemIndex);
	if (converted === undefined || converted === '' || !field.toApi) return converted;
	return field.toApi(converted);
}

function splitList(value: unknown): unknown[] {
	if (Array.isArray(value)) return value;
	return String(value ?? '')
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
}

function convert(this: IExecuteFunctions, field: FieldSpec, value: unknown, itemIndex: number): unknown {
	if (field.locator) return toId(locatorId(field.locator, value));
	// IDs picked from an account list (task statuses, profiles, ...) go out as numbers.
	if (field.loadOptions && typeof value === 'string' && /^\d+$/.test(value.trim())) return Number(value);
	switch (field.kind) {
		case 'dateTime': {
			if (value === '' || value === undefined || value === null) return undefined;
			const { date, time } = toWallClock.call(this, field, value, itemIndex);
			return `${date}T${time}`;
		}
		case 'date':
			if (value === '' || value === undefined || value === null) return undefined;
			return toWallClock.call(this, field, value, itemIndex).date;
		case 'number':
			return toNumber.call(this, field, value, itemIndex);
		case 'json': {
			if (typeof value !== 'string') return value;
			if (value.trim() === '') return undefined;
			try {
				return JSON.parse(value);
			} catch {
				throw new NodeOperationError(this.getNode(), `${field.label} is not valid JSON`, {
					itemIndex,
					description: `Enter ${field.label} as JSON, e.g. ${field.placeholder ?? '[...] or {...}'}`,
				});
			}
		}
		case 'idList':
			return splitList(value).map(toId);
		case 'stringList':
			return splitList(value);
		case 'jsonStringList': {
			if (typeof value === 'string' && value.trim().startsWith('[')) return value.trim();
			const list = splitList(value);
			return list.length ? JSON.stringify(list) : undefined;
		}
		case 'binary':
			return typeof value === 'string' ? value.trim() : value;
		default:
			return value;
	}
}

/**
 * Builds an API object (keyed by API names) from parameter values (keyed by parameter names, from
 * top-level parameters or a collection), dropping what the user left empty so DrChrono keeps its
 * own defaults.
 */
export function toApiObject(
	this: IExecuteFunctions,
	fields: FieldSpec[],
	values: IDataObject,
	itemIndex: number,
): IDataObject {
	const out: IDataObject = {};
	for (const field of fields) {
		const name = paramName(field);
		if (!(name in values)) continue;
		const value = toApiValue.call(this, field, values[name], itemIndex);
		if (value === undefined || value === null) continue;
		// An empty value means "not set", unless '' is one of the field's own choices (e.g. status None).
		if (value === '' && !field.options?.some((o) => o.value === '')) continue;
		out[field.key] = value as IDataObject[string];
	}
	return out;
}
