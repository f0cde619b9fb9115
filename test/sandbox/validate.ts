/**
 * Generic write validation, shaped like Django REST Framework (which DrChrono runs on):
 * errors are `{"field": ["message"]}` with DRF's own wording, unknown fields are kept,
 * read-only fields are ignored.
 */
import type { UploadedFile } from './multipart';
import { fieldType, type ResourceSpec } from './resources';
import type { SandboxStore } from './store';
import { normaliseDatetime, parseDate } from './time';

export type FieldErrors = Record<string, string[]>;
export type WriteMode = 'create' | 'put' | 'patch';

export interface CleanedInput {
	values: Record<string, unknown>;
	files: Record<string, UploadedFile>;
	errors: FieldErrors;
}

const ALWAYS_READ_ONLY = new Set(['id', 'created_at', 'updated_at']);

const MSG = {
	required: 'This field is required.',
	null: 'This field may not be null.',
	blank: 'This field may not be blank.',
	int: 'A valid integer is required.',
	bool: 'Must be a valid boolean.',
	number: 'A valid number is required.',
	date: 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.',
	datetime: 'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
	time: 'Time has wrong format. Use one of these formats instead: hh:mm[:ss[.uuuuuu]].',
	json: 'Value must be valid JSON.',
	list: 'Expected a list of items.',
	notAFile: 'The submitted data was not a file. Check the encoding type on the form.',
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function typeName(value: unknown): string {
	if (value === null) return 'NoneType';
	if (Array.isArray(value)) return 'list';
	if (typeof value === 'string') return 'str';
	if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
	if (typeof value === 'boolean') return 'bool';
	return 'dict';
}

/**
 * Validates one object of a write. `required` may differ from the spec (e.g. a break appointment
 * needs no patient), so callers pass it.
 */
export function cleanInput(
	spec: ResourceSpec,
	data: unknown,
	files: Record<string, UploadedFile>,
	mode: WriteMode,
	store: SandboxStore,
	required: readonly string[] = spec.required ?? [],
): CleanedInput {
	const errors: FieldErrors = {};
	const values: Record<string, unknown> = {};
	const fileValues: Record<string, UploadedFile> = {};
	if (!isPlainObject(data)) {
		errors.non_field_errors = [`Invalid data. Expected a dictionary, but got ${typeName(data)}.`];
		return { values, files: fileValues, errors };
	}
	const readOnly = new Set([...ALWAYS_READ_ONLY, ...(spec.readOnly ?? [])]);
	const fileFields = new Set(spec.files ?? []);
	const writable = spec.writable ? new Set(spec.writable) : null;

	for (const [field, raw] of Object.entries(data)) {
		if (readOnly.has(field) || (writable && !writable.has(field))) continue;
		if (fileFields.has(field)) {
			if (raw !== null && raw !== '') errors[field] = [MSG.notAFile];
			continue;
		}
		const result = coerce(spec, field, raw, store);
		if (result.error) errors[field] = [result.error];
		else values[field] = result.value;
	}
	for (const [field, file] of Object.entries(files)) {
		if (fileFields.has(field)) fileValues[field] = file;
	}

	for (const [field, choices] of Object.entries(spec.enums ?? {})) {
		if (!(field in values) || errors[field]) continue;
		const v = values[field];
		if (v === null || (v === '' && !choices.includes(''))) continue; // reported by the required check
		if (!choices.includes(String(v))) errors[field] = [`"${String(v)}" is not a valid choice.`];
	}

	if (mode !== 'patch') {
		for (const field of required) {
			if (errors[field]) continue;
			if (fileFields.has(field)) {
				if (!fileValues[field]) errors[field] = [field in data ? MSG.notAFile : 'No file was submitted.'];
				continue;
			}
			if (!(field in data)) errors[field] = [MSG.required];
			else if (values[field] === null || values[field] === undefined) errors[field] = [MSG.null];
			else if (values[field] === '' && !(spec.enums?.[field] ?? []).includes('')) errors[field] = [MSG.blank];
		}
	}
	return { values, files: fileValues, errors };
}

function coerce(spec: ResourceSpec, field: string, raw: unknown, store: SandboxStore): { value?: unknown; error?: string } {
	const type = fieldType(spec, field);
	const ref = spec.refs?.[field];
	if (raw === null) return { value: null };
	switch (type) {
		case 'int': {
			if (raw === '' && !ref) return { value: null };
			const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
			if (!Number.isInteger(n)) {
				if (ref) return { error: raw === '' ? MSG.null : `Incorrect type. Expected pk value, received ${typeName(raw)}.` };
				return { error: MSG.int };
			}
			if (ref && !store.collection(ref).has(n)) return { error: `Invalid pk "${n}" - object does not exist.` };
			return { value: n };
		}
		case 'bool': {
			if (typeof raw === 'boolean') return { value: raw };
			const s = String(raw).toLowerCase();
			if (['true', '1', 'yes', 'on'].includes(s)) return { value: true };
			if (['false', '0', 'no', 'off'].includes(s)) return { value: false };
			return { error: MSG.bool };
		}
		case 'date': {
			if (raw === '') return { value: null };
			return typeof raw === 'string' && parseDate(raw) !== null ? { value: raw } : { error: MSG.date };
		}
		case 'datetime': {
			const v = typeof raw === 'string' ? normaliseDatetime(raw.trim()) : null;
			return v ? { value: v } : { error: MSG.datetime };
		}
		case 'time': {
			const m = typeof raw === 'string' ? /^(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(raw) : null;
			return m ? { value: `${m[1]}:${m[2]}:${m[3] ?? '00'}` } : { error: MSG.time };
		}
		case 'decimal': {
			const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
			return Number.isFinite(n) ? { value: n.toFixed(2) } : { error: MSG.number };
		}
		case 'list': {
			if (Array.isArray(raw)) return { value: raw };
			if (typeof raw === 'string') {
				const parsed = tryJson(raw);
				if (Array.isArray(parsed)) return { value: parsed };
				return { value: raw === '' ? [] : raw.split(',').map((s) => s.trim()) };
			}
			return { error: MSG.list };
		}
		case 'json-list': {
			if (Array.isArray(raw)) return { value: raw };
			const parsed = typeof raw === 'string' ? tryJson(raw) : undefined;
			return Array.isArray(parsed) ? { value: parsed } : { error: MSG.json };
		}
		default:
			return { value: raw };
	}
}

function tryJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
