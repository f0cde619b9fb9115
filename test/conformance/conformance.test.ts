/**
 * The node's resource specs and the sandbox's resource table, checked against DrChrono's own
 * OpenAPI document: paths and methods, required create fields, enum values, list filters,
 * verbose-only fields and scopes. Every difference that is deliberate is listed, with its reason,
 * in differences.ts; anything else failing here means the node or the emulator drifted from DrChrono.
 */
import { resources } from '../../nodes/DrChrono/resources';
import { pageSizeCap } from '../../nodes/DrChrono/resources/pageSizes';
import { scopesFor } from '../../nodes/DrChrono/resources/scopes';
import type { FieldSpec, ResourceSpec } from '../../nodes/DrChrono/resources/types';
import { RESOURCES as SANDBOX_RESOURCES } from '../sandbox/resources';
import { pageSizeOf } from '../sandbox/listing';
import { DIFFERENCES, CUSTOM_ENDPOINTS, type Difference } from './differences';
import { areasOf, enumOf, hasPath, methodsOf, objectSchema, operation, queryParameters, scopesOf } from './openapi';

const deliberate = (resource: string, kind: Difference['kind'], name: string): boolean =>
	DIFFERENCES.some((d) => d.resource === resource && d.kind === kind && d.name === name);

const sorted = <T>(values: Iterable<T>): T[] => [...values].sort();

interface Endpoint {
	path: string;
	method: string;
	access: 'read' | 'write';
}

/** The DrChrono calls an operation of the node makes. */
function endpointsOf(spec: ResourceSpec, operationName: string): Endpoint[] {
	const item = `${spec.path}/{id}`;
	switch (operationName) {
		case 'create':
			return [{ path: spec.path, method: 'POST', access: 'write' }];
		case 'getAll':
			return [{ path: spec.path, method: 'GET', access: 'read' }];
		case 'get':
			return [{ path: item, method: 'GET', access: 'read' }];
		case 'update':
			return [
				{ path: item, method: 'PATCH', access: 'write' },
				{ path: item, method: 'GET', access: 'read' },
			];
		case 'delete':
			return [{ path: item, method: 'DELETE', access: 'write' }];
		default:
			return (CUSTOM_ENDPOINTS[`${spec.value}.${operationName}`] ?? []).map((e) => ({ ...e, path: e.path.replace('{path}', spec.path) }));
	}
}

const operationsOf = (spec: ResourceSpec): string[] => [...spec.operations, ...(spec.special ?? []).map((op) => op.value)];

describe.each(resources.map((spec) => [spec.name, spec] as [string, ResourceSpec]))('node resource %s', (_name, spec) => {
	const schema = objectSchema(spec.path);

	it('calls only paths and methods the OpenAPI has', () => {
		for (const operationName of operationsOf(spec)) {
			for (const endpoint of endpointsOf(spec, operationName)) {
				if (deliberate(spec.value, 'endpoint', `${endpoint.method} ${endpoint.path}`)) continue;
				expect([operationName, endpoint.path, hasPath(endpoint.path)]).toEqual([operationName, endpoint.path, true]);
				expect([operationName, endpoint.path, methodsOf(endpoint.path)]).toEqual([
					operationName,
					endpoint.path,
					expect.arrayContaining([endpoint.method]),
				]);
			}
		}
		// Every custom operation is mapped to its endpoints (or listed as a deliberate difference).
		for (const op of spec.special ?? []) {
			const key = `${spec.value}.${op.value}`;
			// An empty list is an operation declared to call no DrChrono endpoint (Quota > Get Status).
			const mapped = key in CUSTOM_ENDPOINTS && (endpointsOf(spec, op.value).length > 0 || spec.path === '');
			expect([op.value, mapped]).toEqual([op.value, true]);
		}
	});

	it('offers the standard operations DrChrono has on the path', () => {
		const has = (path: string, method: string) => methodsOf(path).includes(method);
		const item = `${spec.path}/{id}`;
		const expected = [
			has(spec.path, 'POST') && 'create',
			has(item, 'DELETE') && 'delete',
			has(item, 'GET') && 'get',
			has(spec.path, 'GET') && 'getAll',
			(has(item, 'PATCH') || has(item, 'PUT')) && 'update',
		].filter((op): op is string => !!op && !deliberate(spec.value, 'operation', op));
		expect(sorted(spec.operations.filter((op) => !deliberate(spec.value, 'operation', op)))).toEqual(sorted(expected));
	});

	if (spec.operations.includes('create')) {
		it('requires on create exactly the fields the OpenAPI requires', () => {
			const required = sorted((spec.required ?? []).map((f) => f.key).filter((k) => !deliberate(spec.value, 'required', k)));
			const documented = sorted((schema?.required ?? []).filter((k) => !deliberate(spec.value, 'required', k)));
			expect(required).toEqual(documented);
		});
	}

	it('offers enum values the OpenAPI lists, and all of them', () => {
		const fields: FieldSpec[] = [...(spec.required ?? []), ...(spec.fields ?? []), ...(spec.filters ?? [])];
		for (const field of fields) {
			if (!field.options || field.loadOptions || deliberate(spec.value, 'enum', field.key)) continue;
			const documented = enumOf(schema, field.key) ?? queryEnum(spec.path, field.key);
			if (!documented) continue;
			const offered = field.options.map((o) => String(o.value));
			const missing = documented.map(String).filter((v) => !offered.includes(v) && !(v === '' && !field.options!.some((o) => o.value === '')));
			expect([field.key, offered.filter((v) => !documented.map(String).includes(v))]).toEqual([field.key, []]);
			expect([field.key, missing]).toEqual([field.key, []]);
		}
	});

	if (spec.filters?.length || spec.listRequired?.length) {
		it('filters lists only on query parameters the OpenAPI has', () => {
			const params = queryParameters(spec.path);
			for (const field of [...(spec.filters ?? []), ...(spec.listRequired ?? [])]) {
				// A local filter (Exact Name Match) is applied by the node to the answer and never sent.
				if (field.local || deliberate(spec.value, 'filter', field.key)) continue;
				expect([field.key, params.includes(field.key)]).toEqual([field.key, true]);
			}
		});
	}

	it('knows exactly the verbose-only fields of the schema', () => {
		expect(sorted(spec.verboseFields ?? [])).toEqual(sorted(schema?.['x-verbose-required'] ?? []));
	});

	it('names, for every call, scopes the OpenAPI lists, in every area it lists', () => {
		for (const operationName of operationsOf(spec)) {
			for (const endpoint of endpointsOf(spec, operationName)) {
				if (deliberate(spec.value, 'scope', `${endpoint.method} ${endpoint.path}`) || !hasPath(endpoint.path)) continue;
				const named = scopesFor(spec, endpoint.access);
				const documented = scopesOf(endpoint.path, endpoint.method);
				const label = `${operationName}: ${endpoint.method} ${endpoint.path}`;
				expect([label, named.filter((s) => !documented.includes(s))]).toEqual([label, []]);
				expect([label, sorted(named.map((s) => s.replace(/:(read|write)$/, '')))]).toEqual([label, areasOf(endpoint.path, endpoint.method)]);
			}
		}
	});
});

function queryEnum(path: string, name: string): unknown[] | undefined {
	return operation(path, 'GET')?.parameters?.find((p) => p.name === name)?.schema?.enum;
}

describe.each(SANDBOX_RESOURCES.map((spec) => [spec.path, spec] as [string, (typeof SANDBOX_RESOURCES)[number]]))('sandbox resource %s', (_name, spec) => {
	const collection = `/api/${spec.path}`;
	const item = `${collection}/{id}`;
	const known = hasPath(collection);
	const schema = objectSchema(collection);

	if (!known) {
		it('is absent from the OpenAPI only as a listed deliberate difference', () => {
			expect(deliberate(spec.path, 'endpoint', collection)).toBe(true);
		});
		return;
	}

	it('answers the methods the OpenAPI has', () => {
		expect(sorted(spec.collection)).toEqual(methodsOf(collection));
		expect(sorted(spec.item)).toEqual(methodsOf(item));
	});

	it('requires on create exactly the fields the OpenAPI requires', () => {
		if (!spec.collection.includes('POST')) return;
		expect(sorted(spec.required ?? [])).toEqual(sorted(schema?.required ?? []));
	});

	it('accepts exactly the enum values the OpenAPI lists', () => {
		for (const [field, values] of Object.entries(spec.enums ?? {})) {
			if (deliberate(spec.path, 'enum', field)) continue;
			const documented = enumOf(schema, field) ?? queryEnum(collection, field);
			expect([field, documented ? sorted(values.map(String)) : 'not in the OpenAPI']).toEqual([field, sorted((documented ?? []).map(String))]);
		}
	});

	it('filters only on query parameters the OpenAPI has', () => {
		const params = queryParameters(collection);
		for (const filter of spec.filters ?? []) {
			const name = filter.split(':')[0];
			if (deliberate(spec.path, 'filter', name)) continue;
			expect([name, params.includes(name)]).toEqual([name, true]);
		}
	});

	it('hides without verbose=true exactly the verbose-only fields of the schema', () => {
		expect(sorted(spec.verboseFields ?? [])).toEqual(sorted(schema?.['x-verbose-required'] ?? []));
	});

	it('enforces the scope areas the OpenAPI lists', () => {
		for (const method of spec.collection) {
			expect([method, collection, sorted(spec.scopes ?? [])]).toEqual([method, collection, areasOf(collection, method)]);
		}
		for (const method of spec.item) {
			expect([method, item, sorted(spec.scopes ?? [])]).toEqual([method, item, areasOf(item, method)]);
		}
	});
});

describe('page sizes', () => {
	it('the node asks for the page size the sandbox answers, for every resource, with and without verbose', () => {
		for (const spec of resources) {
			if (!spec.operations.includes('getAll')) continue;
			const emulated = SANDBOX_RESOURCES.find((r) => `/api/${r.path}` === spec.path);
			for (const verbose of [false, true]) {
				const params = new URLSearchParams({ page_size: '100000', ...(verbose ? { verbose: 'true' } : {}) });
				expect([spec.value, verbose, pageSizeCap(spec, verbose)]).toEqual([spec.value, verbose, pageSizeOf(params, emulated)]);
			}
		}
	});

	it('no page size the node asks for is above a maximum the OpenAPI states', () => {
		for (const spec of resources) {
			if (!spec.operations.includes('getAll')) continue;
			const param = operation(spec.path, 'GET')?.parameters?.find((p) => p.name === 'page_size') as { schema?: { maximum?: number } } | undefined;
			const maximum = param?.schema?.maximum;
			if (maximum !== undefined) expect([spec.value, pageSizeCap(spec, false) <= maximum]).toEqual([spec.value, true]);
		}
	});
});

it('every deliberate difference still applies (none is stale)', () => {
	const nodeValues = new Set(resources.map((r) => r.value));
	const sandboxPaths = new Set(SANDBOX_RESOURCES.map((r) => r.path));
	for (const d of DIFFERENCES) expect([d.resource, nodeValues.has(d.resource) || sandboxPaths.has(d.resource)]).toEqual([d.resource, true]);
});
