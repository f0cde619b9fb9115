import type { IDataObject, INodeProperties } from 'n8n-workflow';

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
	| 'stringList'
	/** Comma-separated in n8n, sent as a JSON-array string (document metatags: multipart cannot nest). */
	| 'jsonStringList'
	/** The name of an input binary field; the file is sent as multipart/form-data (documents, attachments). */
	| 'binary';

/** The resources that have a searchable resource locator (From List / By ID / By URL). */
export type LocatorKind = 'patient' | 'doctor' | 'office' | 'appointment';

export interface FieldSpec {
	/** The API field name; also the n8n parameter name unless `param` is set. */
	key: string;
	/**
	 * The n8n parameter name when it cannot be the API name: n8n keeps a parameter's value across
	 * resources by name, so one name must not mean two types (e.g. `binaryPropertyName` for files).
	 */
	param?: string;
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
	/** Applied by the node to DrChrono's answer and never sent (Exact Name Match). */
	local?: boolean;
	/** Reshapes the converted value for the API, e.g. a task's due date `{time: ...}`. */
	toApi?: (value: unknown) => unknown;
}

export type StandardOperation = 'create' | 'get' | 'getAll' | 'update' | 'delete';

/** How a standard operation is shown when the generic name does not fit (a document's Create is an Upload). */
export interface OperationLabel {
	name: string;
	action: string;
	description: string;
}

/**
 * A special operation of one resource (download, add exam room, add flag, ...), described as data.
 * Its executor is listed in actions/router.ts under the resource and the operation.
 */
export interface SpecialOperation {
	value: string;
	name: string;
	action: string;
	description: string;
	/** Parameters shown for this operation (displayOptions are added from the resource/operation). */
	properties: INodeProperties[];
	/**
	 * Required parameters of this operation described as fields, shown like a resource's own (a
	 * field with a locator becomes a From List / By ID / By URL picker).
	 */
	fields?: FieldSpec[];
	/** Writes (`write`) or reads (`read`) in the resource's scope area. */
	access: 'read' | 'write';
	/** Acts on one object: the resource's ID parameter (or locator) is shown for it. */
	itemScoped?: boolean;
	/** Download operations: the object field holding the file's URL. */
	fileField?: string;
}

/**
 * DrChrono's asynchronous bulk list for a resource (`POST /api/<x>_list`, then `GET ?uuid=`), which
 * answers up to 1,000 records a call instead of 250 (20 for appointments). See transport/bulk.ts.
 */
export interface BulkListSpec {
	/** The bulk path, e.g. `/api/appointments_list`. */
	path: string;
	/** The largest page one job answers: 1,000; 20,000 for clinical note field values (OpenAPI). */
	maxPageSize: number;
	/** Sent as `order_by`: `id`, so pages cut at fixed places and a record is never read twice. */
	orderBy: 'id';
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
	/** The plural, when it is not `noun` + "s" (task statuses, task categories). */
	plural?: string;
	/** The collection path, e.g. `/api/patients`. */
	path: string;
	/**
	 * OAuth scope areas, as DrChrono's OpenAPI `security` lists them: `patients` means `patients:read`
	 * to read and `patients:write` to write. With several areas the token needs one scope in each
	 * (see resources/scopes.ts for why).
	 */
	scope: string | readonly string[];
	operations: StandardOperation[];
	/** Names for standard operations where the generic ones do not fit. */
	operationLabels?: Partial<Record<StandardOperation, OperationLabel>>;
	/** Fields DrChrono requires on create: top-level parameters. */
	required?: FieldSpec[];
	/** Other writable fields: Additional Fields on create, Update Fields on update. */
	fields?: FieldSpec[];
	/** Query parameters offered as create options (e.g. allow_duplicates). */
	createOptions?: FieldSpec[];
	/** Query parameters DrChrono requires on every list: top-level Get Many parameters. */
	listRequired?: FieldSpec[];
	/** Keys of `listRequired` DrChrono requires on a single GET too (insurances: payer_type); shown for Get as well. */
	getRequired?: string[];
	/** List filters (query parameters) for Get Many. */
	filters?: FieldSpec[];
	/** Filters DrChrono matches by case-insensitive prefix; a local `exact_name_match` filter narrows them to whole values. */
	prefixFilters?: string[];
	/** Filters Get Many cannot run without (one of them must be set), e.g. appointments. */
	requireOneFilterOf?: string[];
	/**
	 * The fields DrChrono leaves out of lists and single GETs unless `verbose=true` (the schema's
	 * `x-verbose-required` in DrChrono's OpenAPI). When set, Get and Get Many offer Verbose.
	 */
	verboseFields?: readonly string[];
	/** Page-size caps when they differ from DrChrono's usual 250 / 50 (see resources/pageSizes.ts). */
	pageSize?: { max: number; verboseMax: number };
	/** The bulk `*_list` endpoint, where DrChrono has one: Get Many then offers Method (Automatic, Standard Pages, Bulk Export). */
	bulk?: BulkListSpec;
	/** Fields kept by Simplify on large objects. */
	simplify?: string[];
	/** The resource locator used for the ID parameter, when this resource has one. */
	locator?: LocatorKind;
	/** Extra checks before any call, e.g. the 190-day date range limit. */
	validate?: (operation: string, query: IDataObject, body: IDataObject) => string | undefined;
	special?: SpecialOperation[];
	description?: string;
}
