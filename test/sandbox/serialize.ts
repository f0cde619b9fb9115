/**
 * How stored objects are answered. A resource answers exactly the fields of DrChrono's response
 * schema (responseFields.ts): stored bookkeeping the schema does not have (change times kept for the
 * `since` filters, a clinical note's date) never leaves, a field never set is answered as DrChrono
 * answers it (null, or [] for lists), and values take the schema's kind (an appointment's id is a
 * string, a decimal a number). Verbose-only fields only on request; internal fields ("_") never.
 */
import type { ResourceSpec } from './resources';
import { RESPONSE_FIELDS, type FieldKind } from './responseFields';
import type { ApiObject } from './store';

const keysOf = Object.keys; // captured: global lookups are slow under jest's vm sandbox
const toStr = String;
const toNum = Number;
const toJson = JSON.stringify;
const isFiniteNumber = Number.isFinite;

const SHAPES = new Map<string, Array<[string, FieldKind]>>(Object.entries(RESPONSE_FIELDS).map(([path, fields]) => [path, Object.entries(fields)]));

/** A stored value in the kind the schema gives it. */
function shaped(value: unknown, kind: FieldKind): unknown {
	if (value === undefined) return kind === 'a' ? [] : null;
	if (value === null) return null;
	switch (kind) {
		case 's':
			// A list the schema types string is answered JSON-encoded (document metatags: '["a", "b"]').
			return typeof value === 'number' ? toStr(value) : Array.isArray(value) ? toJson(value) : value;
		case 'i':
		case 'n': {
			if (typeof value !== 'string') return value;
			if (value.trim() === '') return null;
			const n = toNum(value);
			return isFiniteNumber(n) ? n : value;
		}
		case 'b':
			return value === 'true' ? true : value === 'false' ? false : value;
		default:
			return value;
	}
}

export function serialize(spec: ResourceSpec | undefined, obj: ApiObject, verbose = true): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const hidden = !verbose && spec?.verboseFields ? new Set(spec.verboseFields) : null;
	const shape = spec ? SHAPES.get(spec.path) : undefined;
	if (shape) {
		for (const [key, kind] of shape) {
			if (hidden?.has(key)) continue;
			out[key] = shaped(obj[key], kind);
		}
		return out;
	}
	for (const key of keysOf(obj)) {
		if (key.charCodeAt(0) === 95 /* _ */ || hidden?.has(key)) continue;
		out[key] = obj[key];
	}
	return out;
}

/** A stored object as it is held (control API): every field but the internal ones. */
export function storedView(obj: ApiObject): Record<string, unknown> {
	return serialize(undefined, obj);
}
