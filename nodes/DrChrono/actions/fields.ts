import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FieldSpec } from '../resources/types';
import { locatorId, locatorProperty } from './locators';

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
				options: field.options ?? [],
				default: field.default ?? field.options?.[0]?.value ?? '',
			};
		case 'multiOptions':
			return {
				...base,
				type: 'multiOptions',
				options: field.options ?? [],
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

/**
 * DrChrono timestamps carry no time zone (the practice's local time), so an n8n date-time is sent
 * as the wall-clock time the user entered, without converting it.
 */
function toDrChronoDateTime(value: unknown): string {
	if (typeof value === 'string') {
		const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?/.exec(value);
		if (match) return `${match[1]}T${match[2]}${match[3] ?? ':00'}`;
		if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return `${value}T00:00:00`;
	}
	const d = new Date(value as string);
	if (Number.isNaN(d.getTime())) return String(value);
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function toDrChronoDate(value: unknown): string {
	if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
	const d = new Date(value as string);
	if (Number.isNaN(d.getTime())) return String(value);
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
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
		case 'dateTime':
			return value === '' ? undefined : toDrChronoDateTime(value);
		case 'date':
			return value === '' ? undefined : toDrChronoDate(value);
		case 'number':
			return typeof value === 'string' ? Number(value) : value;
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
