import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pageSizeCap } from '../resources/pageSizes';
import { simplifyRecord } from '../resources/simplify';
import type { FieldSpec, ResourceSpec } from '../resources/types';
import { drChronoApiRequest, drChronoDelete, drChronoFirstPage, drChronoListRequest, drChronoUpdate } from '../transport';
import type { MultipartFile } from '../transport';
import { itemPath, quotaPolicy, scopeFor } from './context';
import { paramName, toApiObject, toId } from './fields';
import { bulkListRows, chooseListMethod } from './listMethod';
import type { ListMethod } from './listMethod';
import { checkFields } from './validate';

type Executor = (this: IExecuteFunctions, spec: ResourceSpec, itemIndex: number) => Promise<INodeExecutionData[]>;

const wrap = (json: IDataObject | IDataObject[], itemIndex: number): INodeExecutionData[] =>
	(Array.isArray(json) ? json : [json]).map((j) => ({ json: j, pairedItem: { item: itemIndex } }));

function simplified(this: IExecuteFunctions, spec: ResourceSpec, itemIndex: number, rows: IDataObject[]) {
	if (!spec.simplify?.length || !(this.getNodeParameter('simplify', itemIndex, false) as boolean)) return rows;
	return rows.map((row) => simplifyRecord(spec, row));
}

/** Whether the user asked for DrChrono's verbose-only fields (offered where the resource has some). */
export function wantsVerbose(this: IExecuteFunctions, spec: ResourceSpec, itemIndex: number): boolean {
	return !!spec.verboseFields?.length && (this.getNodeParameter('verbose', itemIndex, false) as boolean);
}

export function objectId(this: IExecuteFunctions, itemIndex: number): string | number {
	const id = toId(this.getNodeParameter('id', itemIndex, '', { extractValue: true }));
	if (id === '') {
		throw new NodeOperationError(this.getNode(), 'The ID is empty', {
			itemIndex,
			description: 'Choose the object from the list, or enter its DrChrono ID',
		});
	}
	return id;
}

/**
 * Fields offered under Update Fields: everything writable except files, which are only sent on
 * create (whether DrChrono takes a new file on PATCH is not documented).
 */
export function updatableFields(spec: ResourceSpec): FieldSpec[] {
	return [...(spec.required ?? []), ...(spec.fields ?? [])].filter((f) => f.kind !== 'binary');
}

/**
 * Reads the input binaries named by the body's binary fields and takes those fields out of the
 * body: they become the files of a multipart/form-data request.
 */
export async function takeFiles(
	this: IExecuteFunctions,
	fields: FieldSpec[],
	body: IDataObject,
	itemIndex: number,
): Promise<MultipartFile[]> {
	const files: MultipartFile[] = [];
	for (const field of fields) {
		if (field.kind !== 'binary' || body[field.key] === undefined) continue;
		const property = String(body[field.key]);
		delete body[field.key];
		const binary = this.helpers.assertBinaryData(itemIndex, property);
		const data = await this.helpers.getBinaryDataBuffer(itemIndex, property);
		files.push({
			name: field.key,
			data,
			fileName: binary.fileName ?? `${field.key}${binary.fileExtension ? `.${binary.fileExtension}` : ''}`,
			mimeType: binary.mimeType || 'application/octet-stream',
		});
	}
	return files;
}

const create: Executor = async function (spec, itemIndex) {
	const required = spec.required ?? [];
	const optional = spec.fields ?? [];
	const topLevel: IDataObject = {};
	for (const field of required) {
		topLevel[paramName(field)] = this.getNodeParameter(paramName(field), itemIndex, '') as IDataObject[string];
	}
	const additional = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body = {
		...toApiObject.call(this, optional, additional, itemIndex),
		...toApiObject.call(this, required, topLevel, itemIndex),
	};
	checkFields.call(this, [...required, ...optional], body, itemIndex, required.map((f) => f.key));
	const createOptions = spec.createOptions?.length
		? toApiObject.call(this, spec.createOptions, this.getNodeParameter('createOptions', itemIndex, {}) as IDataObject, itemIndex)
		: {};
	const problem = spec.validate?.('create', createOptions, body);
	if (problem) throw new NodeOperationError(this.getNode(), problem, { itemIndex });
	const files = await takeFiles.call(this, [...required, ...optional], body, itemIndex);
	const created = await drChronoApiRequest.call(this, 'POST', spec.path, {
		...(files.length ? { multipart: { fields: body, files } } : { body }),
		qs: Object.keys(createOptions).length ? createOptions : undefined,
		itemIndex,
		scope: scopeFor(spec, 'write') || undefined,
		quota: quotaPolicy.call(this, itemIndex),
	});
	return wrap(created, itemIndex);
};

const get: Executor = async function (spec, itemIndex) {
	const id = objectId.call(this, itemIndex);
	const qs: IDataObject = wantsVerbose.call(this, spec, itemIndex) ? { verbose: 'true' } : {};
	const itemRequired = (spec.listRequired ?? []).filter((f) => spec.getRequired?.includes(f.key));
	if (itemRequired.length) {
		const raw = Object.fromEntries(itemRequired.map((f) => [paramName(f), this.getNodeParameter(paramName(f), itemIndex, '') as IDataObject[string]]));
		const required = toApiObject.call(this, itemRequired, raw, itemIndex);
		checkFields.call(this, itemRequired, required, itemIndex, itemRequired.map((f) => f.key));
		Object.assign(qs, required);
	}
	const object = await drChronoApiRequest.call(this, 'GET', itemPath(spec, id), {
		qs,
		itemIndex,
		scope: scopeFor(spec, 'read') || undefined,
		quota: quotaPolicy.call(this, itemIndex),
	});
	return wrap(simplified.call(this, spec, itemIndex, [object]), itemIndex);
};

const getAll: Executor = async function (spec, itemIndex) {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const rawFilters = spec.filters?.length ? (this.getNodeParameter('filters', itemIndex, {}) as IDataObject) : {};
	const listRequired = spec.listRequired ?? [];
	const rawRequired: IDataObject = {};
	for (const field of listRequired) {
		rawRequired[paramName(field)] = this.getNodeParameter(paramName(field), itemIndex, '') as IDataObject[string];
	}
	const required = toApiObject.call(this, listRequired, rawRequired, itemIndex);
	checkFields.call(this, listRequired, required, itemIndex, listRequired.map((f) => f.key));
	const qs = { ...toApiObject.call(this, spec.filters ?? [], rawFilters, itemIndex), ...required };
	if (spec.requireOneFilterOf && !spec.requireOneFilterOf.some((name) => qs[name] !== undefined)) {
		const names = spec.requireOneFilterOf
			.map((name) => spec.filters?.find((f) => f.key === name)?.label ?? name)
			.join(', ');
		throw new NodeOperationError(this.getNode(), `Add one of these filters: ${names}`, {
			itemIndex,
			description: `DrChrono refuses to list ${spec.plural ?? `${spec.noun}s`} without one of them (Filters > Add Filter).`,
		});
	}
	checkFields.call(this, spec.filters ?? [], qs, itemIndex);
	const verbose = wantsVerbose.call(this, spec, itemIndex);
	if (verbose) qs.verbose = 'true';
	const problem = spec.validate?.('getAll', qs, {});
	if (problem) throw new NodeOperationError(this.getNode(), problem, { itemIndex });
	const scope = scopeFor(spec, 'read') || undefined;
	const quota = quotaPolicy.call(this, itemIndex);
	const method = chooseListMethod(spec, this.getNodeParameter('listMethod', itemIndex, 'auto') as ListMethod, limit, verbose);
	const listOptions = { qs, pageSize: pageSizeCap(spec, verbose), itemIndex, scope, quota };
	let rows: IDataObject[];
	if (method === 'standard') {
		rows = await drChronoListRequest.call(this, spec.path, { ...listOptions, limit });
	} else if (method === 'bulk') {
		rows = await bulkListRows.call(this, spec, itemIndex, qs, limit, { scope, quota });
	} else {
		// Return All on Automatic: a list that fits in one ordinary page costs that one call; a
		// longer one is read whole by bulk export (that first call is the price of knowing).
		const first = await drChronoFirstPage.call(this, spec.path, listOptions);
		rows = first.more ? await bulkListRows.call(this, spec, itemIndex, qs, limit, { scope, quota }) : first.rows;
	}
	return wrap(simplified.call(this, spec, itemIndex, rows), itemIndex);
};

const update: Executor = async function (spec, itemIndex) {
	const id = objectId.call(this, itemIndex);
	const fields = updatableFields(spec);
	const values = this.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
	const body = toApiObject.call(this, fields, values, itemIndex);
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(this.getNode(), 'No fields to update', {
			itemIndex,
			description: 'Add at least one field under Update Fields',
		});
	}
	checkFields.call(this, fields, body, itemIndex);
	const updated = await drChronoUpdate.call(this, itemPath(spec, id), body, {
		itemIndex,
		scope: scopeFor(spec, 'write') || undefined,
		quota: quotaPolicy.call(this, itemIndex),
		refetch: this.getNodeParameter('refetch', itemIndex, true) as boolean,
		// The re-read follows the user's Verbose choice, as Get does: without it DrChrono leaves out
		// the verbose-only fields, even ones the update just wrote.
		refetchQs: wantsVerbose.call(this, spec, itemIndex) ? { verbose: 'true' } : undefined,
		refetchScope: scopeFor(spec, 'read') || undefined,
	});
	return wrap(updated, itemIndex);
};

const remove: Executor = async function (spec, itemIndex) {
	const id = objectId.call(this, itemIndex);
	const result = await drChronoDelete.call(this, itemPath(spec, id), {
		itemIndex,
		scope: scopeFor(spec, 'write') || undefined,
		quota: quotaPolicy.call(this, itemIndex),
	});
	return wrap(result, itemIndex);
};

/** The generic executors every resource shares; special operations live with their resource. */
export const standardOperations: Record<string, Executor> = {
	create,
	get,
	getAll,
	update,
	delete: remove,
};

