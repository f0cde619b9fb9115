import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { pageSizeCap } from '../resources/pageSizes';
import { simplifyRecord } from '../resources/simplify';
import type { FieldSpec, StandardOperation } from '../resources/types';
import { drChronoApiRequest, drChronoDelete, drChronoFirstPage, drChronoListRequest, drChronoUpdate } from '../transport';
import type { MultipartFile } from '../transport';
import type { ResourceCall } from './call';
import { paramName, toApiObject, updatableFields } from './fields';
import { bulkListRows, bulkOrStandardPages, bulkRecentlyRefused, chooseListMethod } from './listMethod';
import type { ListMethod } from './listMethod';
import { keepExactNames, takeLocalFilters } from './nameMatch';
import { checkFields } from './validate';

export type Executor = (call: ResourceCall) => Promise<INodeExecutionData[]>;

function simplified(call: ResourceCall, rows: IDataObject[]): IDataObject[] {
	if (!call.spec.simplify?.length || !call.param('simplify', false)) return rows;
	return rows.map((row) => simplifyRecord(call.spec, row));
}

/**
 * Reads the input binaries named by the body's binary fields and takes those fields out of the
 * body: they become the files of a multipart/form-data request.
 */
async function takeFiles(call: ResourceCall, fields: FieldSpec[], body: IDataObject): Promise<MultipartFile[]> {
	const { helpers } = call.context;
	const files: MultipartFile[] = [];
	for (const field of fields) {
		if (field.kind !== 'binary' || body[field.key] === undefined) continue;
		const property = String(body[field.key]);
		delete body[field.key];
		const binary = helpers.assertBinaryData(call.itemIndex, property);
		const data = await helpers.getBinaryDataBuffer(call.itemIndex, property);
		files.push({
			name: field.key,
			data,
			fileName: binary.fileName ?? `${field.key}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`,
			mimeType: binary.mimeType || 'application/octet-stream',
		});
	}
	return files;
}

/** Required top-level parameters, converted for the API; an empty one stops the item before any call. */
function requiredFields(call: ResourceCall, fields: FieldSpec[]): IDataObject {
	if (fields.length === 0) return {};
	const raw: IDataObject = {};
	for (const field of fields) raw[paramName(field)] = call.param(paramName(field), '') as IDataObject[string];
	const values = toApiObject.call(call.context, fields, raw, call.itemIndex);
	checkFields.call(call.context, fields, values, call.itemIndex, fields.map((f) => f.key));
	return values;
}

const create: Executor = async (call) => {
	const { spec, context, itemIndex } = call;
	const required = spec.required ?? [];
	const optional = spec.fields ?? [];
	const body = {
		...toApiObject.call(context, optional, call.param<IDataObject>('additionalFields', {}), itemIndex),
		...requiredFields(call, required),
	};
	checkFields.call(context, optional, body, itemIndex);
	const createOptions = spec.createOptions?.length
		? toApiObject.call(context, spec.createOptions, call.param<IDataObject>('createOptions', {}), itemIndex)
		: {};
	const problem = spec.validate?.('create', createOptions, body);
	if (problem) throw call.fail(problem);
	const files = await takeFiles(call, [...required, ...optional], body);
	const created = await drChronoApiRequest.call(call.client, 'POST', spec.path, {
		...(files.length ? { multipart: { fields: body, files } } : { body }),
		qs: Object.keys(createOptions).length ? createOptions : undefined,
		scope: call.scope('write'),
	});
	return call.output(created);
};

const get: Executor = async (call) => {
	const { spec } = call;
	const path = call.objectPath();
	const qs: IDataObject = call.wantsVerbose() ? { verbose: 'true' } : {};
	// Parameters DrChrono requires on a single GET too (insurances: payer_type).
	Object.assign(qs, requiredFields(call, (spec.listRequired ?? []).filter((f) => spec.getRequired?.includes(f.key))));
	const object = await drChronoApiRequest.call(call.client, 'GET', path, {
		qs,
		scope: call.scope('read'),
	});
	return call.output(simplified(call, [object]));
};

const getAll: Executor = async (call) => {
	const { spec, context, itemIndex } = call;
	const limit = call.param('returnAll', false) ? undefined : call.param('limit', 50);
	const rawFilters = spec.filters?.length ? call.param<IDataObject>('filters', {}) : {};
	const required = requiredFields(call, spec.listRequired ?? []);
	const qs = { ...toApiObject.call(context, spec.filters ?? [], rawFilters, itemIndex), ...required };
	if (spec.requireOneFilterOf && !spec.requireOneFilterOf.some((name) => qs[name] !== undefined)) {
		const names = spec.requireOneFilterOf
			.map((name) => spec.filters?.find((f) => f.key === name)?.label ?? name)
			.join(', ');
		throw call.fail(
			`Add one of these filters: ${names}`,
			`DrChrono refuses to list ${spec.plural ?? `${spec.noun}s`} without one of them (Filters > Add Filter).`,
		);
	}
	checkFields.call(context, spec.filters ?? [], qs, itemIndex);
	const local = takeLocalFilters(spec, qs);
	const verbose = call.wantsVerbose();
	if (verbose) qs.verbose = 'true';
	const problem = spec.validate?.('getAll', qs, {});
	if (problem) throw call.fail(problem);
	const scope = call.scope('read');
	// Exact Name Match keeps part of DrChrono's prefix matches: read them all, then apply the limit.
	const readLimit = local.exact_name_match === true ? undefined : limit;
	const asked = call.param<ListMethod>('listMethod', 'auto');
	let method = chooseListMethod(spec, asked, readLimit, verbose);
	// Automatic skips a bulk export DrChrono refused this app within the hour (listMethod.ts).
	if (asked === 'auto' && method !== 'standard' && bulkRecentlyRefused(call)) method = 'standard';
	const listOptions = { qs, pageSize: pageSizeCap(spec, verbose), scope };
	const standard = async () => await drChronoListRequest.call(call.client, spec.path, { ...listOptions, limit: readLimit });
	const bulk = async () => await bulkListRows(call, qs, readLimit);
	let rows: IDataObject[];
	if (method === 'standard') {
		rows = await standard();
	} else if (method === 'bulk') {
		rows = asked === 'bulk' ? await bulk() : await bulkOrStandardPages(call, bulk, standard);
	} else {
		// Return All on Automatic: a list that fits in one ordinary page costs that one call; a
		// longer one is read whole by bulk export (that first call is the price of knowing).
		const first = await drChronoFirstPage.call(call.client, spec.path, listOptions);
		rows = first.more ? await bulkOrStandardPages(call, bulk, standard) : first.rows;
	}
	rows = keepExactNames(spec, rows, qs, local);
	if (limit !== undefined) rows = rows.slice(0, limit);
	return call.output(simplified(call, rows));
};

const update: Executor = async (call) => {
	const { spec, context, itemIndex } = call;
	const path = call.objectPath();
	const fields = updatableFields(spec);
	const body = toApiObject.call(context, fields, call.param<IDataObject>('updateFields', {}), itemIndex);
	if (Object.keys(body).length === 0) throw call.fail('No fields to update', 'Add at least one field under Update Fields');
	checkFields.call(context, fields, body, itemIndex);
	const updated = await drChronoUpdate.call(call.client, path, body, {
		scope: call.scope('write'),
		refetch: call.param('refetch', true),
		// The re-read follows the user's Verbose choice, as Get does: without it DrChrono leaves out
		// the verbose-only fields, even ones the update just wrote.
		refetchQs: call.wantsVerbose() ? { verbose: 'true' } : undefined,
		refetchScope: call.scope('read'),
	});
	return call.output(updated);
};

const remove: Executor = async (call) => {
	const result = await drChronoDelete.call(call.client, call.objectPath(), { scope: call.scope('write') });
	return call.output(result);
};

/** The generic executors every resource shares, for the operations its spec lists. */
export const standardOperations: Readonly<Record<StandardOperation, Executor>> = {
	create,
	get,
	getAll,
	update,
	delete: remove,
};
