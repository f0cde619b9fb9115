/**
 * DrChrono's OpenAPI document (a copy of shared/reference/drchrono-openapi.yml, so the test runs
 * without it), parsed once, with the look-ups the conformance test needs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

export interface Operation {
	parameters?: Array<{ name: string; in: string; schema?: { enum?: unknown[] } }>;
	security?: Array<Record<string, string[]>>;
	responses: Record<string, { content?: Record<string, { schema?: Json }> }>;
}

export interface Schema {
	required?: string[];
	properties?: Record<string, { enum?: unknown[]; items?: { enum?: unknown[] } }>;
	'x-verbose-required'?: string[];
}

const doc = parse(readFileSync(join(__dirname, 'drchrono-openapi.yml'), 'utf8')) as {
	paths: Record<string, Record<string, Operation>>;
	components: { schemas: Record<string, Schema & Json> };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** The HTTP methods the OpenAPI has on a path, upper case. */
export function methodsOf(path: string): string[] {
	return Object.keys(doc.paths[path] ?? {})
		.filter((m) => METHODS.includes(m))
		.map((m) => m.toUpperCase())
		.sort();
}

export function operation(path: string, method: string): Operation | undefined {
	return doc.paths[path]?.[method.toLowerCase()];
}

/** Every scope the operation's `security` lists (DrChrono lists one requirement holding them all). */
export function scopesOf(path: string, method: string): string[] {
	return (operation(path, method)?.security ?? []).flatMap((req) => Object.values(req).flat()).sort();
}

/** The scope areas of an operation: `calendar:read` and `calendar:write` are the area `calendar`. */
export function areasOf(path: string, method: string): string[] {
	return [...new Set(scopesOf(path, method).map((s) => s.replace(/:(read|write)$/, '')))].sort();
}

export function queryParameters(path: string, method = 'GET'): string[] {
	return (operation(path, method)?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
}

function deref(schema: Json | undefined): Json | undefined {
	let s = schema;
	while (s && typeof s.$ref === 'string') s = doc.components.schemas[s.$ref.split('/').pop() as string];
	return s;
}

/** The object schema of a resource: the single GET's answer, else the list's rows, else the POST's. */
export function objectSchema(collectionPath: string): Schema | undefined {
	const candidates: Array<[string, string]> = [
		[`${collectionPath}/{id}`, 'get'],
		[collectionPath, 'post'],
		[collectionPath, 'get'],
	];
	for (const [path, method] of candidates) {
		const op = operation(path, method);
		const response = op?.responses?.['200'] ?? op?.responses?.['201'];
		let schema = deref(response?.content?.['application/json']?.schema);
		const props = schema?.properties as Record<string, Json> | undefined;
		const rows = props?.results ?? props?.data;
		if (rows && (rows as Json).items) schema = deref((rows as Json).items as Json);
		if (schema?.properties) return schema as Schema;
	}
	return undefined;
}

/** The enum of a property (or of its items, for lists). */
export function enumOf(schema: Schema | undefined, field: string): unknown[] | undefined {
	const prop = schema?.properties?.[field];
	return prop?.enum ?? prop?.items?.enum;
}

export const hasPath = (path: string): boolean => path in doc.paths;

/** A component schema by name (`Office`), or a `$ref` string's target. */
export function componentSchema(ref: string): Json | undefined {
	return doc.components.schemas[ref.split('/').pop() as string];
}
