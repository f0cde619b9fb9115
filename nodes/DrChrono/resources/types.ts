import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** How a DrChrono field is entered in n8n and converted for the API. */
export type FieldType =
	| 'string'
	| 'text'
	| 'number'
	| 'boolean'
	| 'date'
	| 'dateTime'
	| 'options'
	| 'multiOptions'
	| 'json'
	| 'idList'
	| 'stringList';

/** The resources that have a searchable resource locator (From List / By ID / By URL). */
export type LocatorKind = 'patient' | 'doctor' | 'office' | 'appointment';

export interface FieldSpec {
	/** The API field name; also the n8n parameter name. */
	key: string;
	/** The label shown in n8n. */
	label: string;
	kind: FieldType;
	description?: string;
	placeholder?: string;
	/** Fixed choices (DrChrono enums). */
	options?: Array<{ name: string; value: string | number; description?: string }>;
	/** Choices loaded from the account (a method in methods/loadOptions.ts). */
	loadOptions?: string;
	loadOptionsDependsOn?: string[];
	/** Entered with a resource locator of this kind. */
	locator?: LocatorKind;
	default?: string | number | boolean | string[];
}

export type StandardOperation = 'create' | 'get' | 'getAll' | 'update' | 'delete';

/** A special operation of one resource (upload, download, add exam room, ...). */
export interface CustomOperation {
	value: string;
	name: string;
	action: string;
	description: string;
	/** Parameters shown for this operation (displayOptions are added from the resource/operation). */
	properties: INodeProperties[];
	/** Writes (`write`) or reads (`read`) in the resource's scope area. */
	access: 'read' | 'write';
	execute(this: IExecuteFunctions, resource: ResourceSpec, itemIndex: number): Promise<INodeExecutionData[]>;
}

/**
 * One DrChrono REST collection described as data: the node's parameters, the dispatch and the
 * validation are all derived from this, so a new resource is one new file.
 */
export interface ResourceSpec {
	/** Resource option value, e.g. `patient`. */
	value: string;
	/** Resource option name, e.g. `Patient`. */
	name: string;
	/** The noun in operation actions, e.g. `patient` in "Create a patient". */
	noun: string;
	/** The collection path, e.g. `/api/patients`. */
	path: string;
	/** OAuth scope area: `patients` means `patients:read` to read and `patients:write` to write. */
	scope: string;
	operations: StandardOperation[];
	/** Fields DrChrono requires on create: top-level parameters. */
	required?: FieldSpec[];
	/** Other writable fields: Additional Fields on create, Update Fields on update. */
	fields?: FieldSpec[];
	/** Query parameters offered as create options (e.g. allow_duplicates). */
	createOptions?: FieldSpec[];
	/** List filters (query parameters) for Get Many. */
	filters?: FieldSpec[];
	/** Filters Get Many cannot run without (one of them must be set), e.g. appointments. */
	requireOneFilterOf?: string[];
	/** Whether `verbose=true` exists on this resource's lists and gets. */
	verbose?: boolean;
	/** Fields kept by Simplify on large objects. */
	simplify?: string[];
	/** The resource locator used for the ID parameter, when this resource has one. */
	locator?: LocatorKind;
	/** Whether Update uses PATCH (default) or only PUT. */
	updateMethod?: 'PATCH' | 'PUT';
	/** Extra checks before any call, e.g. the 190-day date range limit. */
	validate?: (operation: string, query: IDataObject, body: IDataObject) => string | undefined;
	custom?: CustomOperation[];
	description?: string;
}
