/**
 * The JSON schema of what DrChrono answers for each sandbox resource: the OpenAPI's response schema
 * (single GET, else list rows, else POST) turned into plain JSON Schema, with the corrections of
 * corrections.ts applied. Field sets are closed (`additionalProperties: false`): a field the schema
 * does not have is a violation. Used by the response conformance test and by the generator of the
 * sandbox's answer shapes (test/sandbox/responseFields.ts).
 */
import { FIELD_CORRECTIONS, NULLABLE_RULE } from './corrections';
import { componentSchema, objectSchema } from './openapi';

export type JsonSchema = Record<string, unknown>;

const DROPPED = new Set(['title', 'description', 'readOnly', 'writeOnly', 'example', 'format', 'x-verbose-required', 'required', 'nullable']);

/** OpenAPI 3.0 schema → JSON Schema: references resolved, objects closed, `nullable` kept aside. */
function plain(schema: JsonSchema | undefined, depth = 0): JsonSchema {
	let s = schema ?? {};
	while (typeof s.$ref === 'string') s = componentSchema(s.$ref) ?? {};
	if (depth > 8) return {};
	const out: JsonSchema = {};
	for (const [key, value] of Object.entries(s)) {
		if (DROPPED.has(key) || key.startsWith('x-') || key === '$ref') continue;
		if (key === 'properties') {
			out.properties = Object.fromEntries(Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, plain(v, depth + 1)]));
		} else if (key === 'items') {
			out.items = plain(value as JsonSchema, depth + 1);
		} else out[key] = value;
	}
	if (out.properties) {
		out.type = 'object';
		out.additionalProperties = false;
	}
	if (s.nullable === true) out.nullable = true;
	return out;
}

/** Applies a correction at a dotted path (`status_transitions[].appointment`); false when absent. */
function correct(root: JsonSchema, path: string, replacement: JsonSchema): boolean {
	let node: JsonSchema | undefined = root;
	const parts = path.split('.');
	for (const [i, part] of parts.entries()) {
		const name = part.replace(/\[\]$/, '');
		const props = node?.properties as Record<string, JsonSchema> | undefined;
		if (!props || !(name in props)) return false;
		if (i === parts.length - 1) {
			props[name] = structuredClone(replacement);
			return true;
		}
		node = part.endsWith('[]') ? (props[name].items as JsonSchema) : props[name];
	}
	return false;
}

/** The nullability rule: any value but a record's own id and lists may be null. */
function allowNull(schema: JsonSchema, isOwnId: boolean): JsonSchema {
	const out = { ...schema };
	if (out.properties) {
		out.properties = Object.fromEntries(
			Object.entries(out.properties as Record<string, JsonSchema>).map(([k, v]) => [k, allowNull(v, NULLABLE_RULE.except.includes(k))]),
		);
	}
	if (out.items) out.items = allowNull(out.items as JsonSchema, false);
	if (isOwnId || (out.type === 'array' && !NULLABLE_RULE.listsNullable)) return out;
	if (typeof out.type === 'string') out.type = [out.type, 'null'];
	if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
	return out;
}

export interface ResponseSchema {
	/** The answer with verbose=true (and a POST's 201 answer): every field. */
	verbose: JsonSchema;
	/** The answer without verbose: the `x-verbose-required` fields left out. */
	plain: JsonSchema;
	verboseFields: string[];
}

/** The corrected response schema of a sandbox resource (`patients`), or undefined when the OpenAPI has none. */
export function responseSchema(resource: string): ResponseSchema | undefined {
	const source = objectSchema(`/api/${resource}`) as JsonSchema | undefined;
	if (!source?.properties) return undefined;
	const base = plain(source);
	for (const c of FIELD_CORRECTIONS) {
		if (c.resource !== resource && c.resource !== '*') continue;
		for (const field of c.fields) {
			const props = base.properties as Record<string, JsonSchema>;
			// The rule for every resource only retypes references the schema has and types as a plain string.
			if (c.resource === '*' && (props[field]?.type !== 'string' || props[field]?.enum)) continue;
			correct(base, field, c.schema);
		}
	}
	const verbose = allowNull(base, false);
	const verboseFields = (source['x-verbose-required'] as string[] | undefined) ?? [];
	const props = verbose.properties as Record<string, JsonSchema>;
	const plainAnswer = { ...verbose, properties: Object.fromEntries(Object.entries(props).filter(([k]) => !verboseFields.includes(k))) };
	return { verbose, plain: plainAnswer, verboseFields };
}
