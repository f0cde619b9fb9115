import type { INodeProperties } from 'n8n-workflow';

import { resources } from '../resources';
import { pageSizeCap } from '../resources/pageSizes';
import type { ResourceSpec, StandardOperation } from '../resources/types';
import { withArticle } from '../resources/words';
import { fieldProperty, updatableFields } from './fields';
import { listMethodProperties } from './listMethod';
import { idOnlyLocatorProperty, locatorProperty } from './locators';
import { toolDescriptionProperties } from './toolDescriptions';

/** n8n lists a collection's fields in alphabetical order of their display names (its lint rule). */
function byDisplayName(properties: INodeProperties[]): INodeProperties[] {
	return [...properties].sort((a, b) => a.displayName.localeCompare(b.displayName));
}

const STANDARD: Record<StandardOperation, { name: string; verb: string; description: (n: string, p: string) => string }> = {
	create: { name: 'Create', verb: 'Create', description: (n) => `Create ${withArticle(n)}` },
	delete: { name: 'Delete', verb: 'Delete', description: (n) => `Delete ${withArticle(n)}` },
	get: { name: 'Get', verb: 'Get', description: (n) => `Get ${withArticle(n)}` },
	getAll: { name: 'Get Many', verb: 'Get many', description: (_n, p) => `Get many ${p}` },
	update: { name: 'Update', verb: 'Update', description: (n) => `Update ${withArticle(n)}` },
};

const pluralOf = (spec: ResourceSpec) => spec.plural ?? `${spec.noun}s`;

const show = (resource: string, operation?: string[]) => ({
	show: operation ? { resource: [resource], operation } : { resource: [resource] },
});

function operationSelector(spec: ResourceSpec): INodeProperties {
	const options = [
		...spec.operations.map((op) => {
			const label = spec.operationLabels?.[op];
			return {
				name: label?.name ?? STANDARD[op].name,
				value: op,
				description: label?.description ?? STANDARD[op].description(spec.noun, pluralOf(spec)),
				action:
					label?.action ??
					`${STANDARD[op].verb} ${op === 'getAll' ? pluralOf(spec) : withArticle(spec.noun)}`,
			};
		}),
		...(spec.special ?? []).map((op) => ({
			name: op.name,
			value: op.value,
			description: op.description,
			action: op.action,
		})),
	].sort((a, b) => a.name.localeCompare(b.name));
	const defaultOperation = options.find((o) => o.value === 'get')?.value ?? options[0].value;
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: show(spec.value),
		options,
		default: defaultOperation,
	};
}

function idProperty(spec: ResourceSpec, operations: string[]): INodeProperties {
	const base = {
		displayName: `${spec.name} ID`,
		name: 'id',
		required: true,
		description: `The ${spec.noun} to use`,
		displayOptions: show(spec.value, operations),
	};
	if (spec.locator) return locatorProperty(spec.locator, { ...base, displayName: spec.name });
	return idOnlyLocatorProperty(spec.name, base);
}

function withDisplay(property: INodeProperties, resource: string, operations: string[]): INodeProperties {
	return { ...property, displayOptions: show(resource, operations) };
}

/** Every parameter of one resource, derived from its spec. */
export function resourceProperties(spec: ResourceSpec): INodeProperties[] {
	const ops = spec.operations;
	const props: INodeProperties[] = [operationSelector(spec), ...toolDescriptionProperties(spec)];
	const itemOps: string[] = ops.filter((op) => op === 'get' || op === 'update' || op === 'delete');
	itemOps.push(...(spec.special ?? []).filter((op) => op.itemScoped).map((op) => op.value));
	if (itemOps.length) props.push(idProperty(spec, itemOps));

	if (ops.includes('create')) {
		for (const field of spec.required ?? []) {
			props.push(withDisplay(fieldProperty(field, true), spec.value, ['create']));
		}
		if (spec.fields?.length) {
			props.push({
				displayName: 'Additional Fields',
				name: 'additionalFields',
				type: 'collection',
				placeholder: 'Add Field',
				default: {},
				displayOptions: show(spec.value, ['create']),
				options: byDisplayName(spec.fields.map((f) => fieldProperty(f))),
			});
		}
		if (spec.createOptions?.length) {
			props.push({
				displayName: 'Create Options',
				name: 'createOptions',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				displayOptions: show(spec.value, ['create']),
				options: byDisplayName(spec.createOptions.map((f) => fieldProperty(f))),
			});
		}
	}

	if (ops.includes('update')) {
		const updatable = updatableFields(spec);
		props.push({
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: show(spec.value, ['update']),
			options: byDisplayName(updatable.map((f) => fieldProperty(f))),
		});
		props.push({
			displayName: 'Output Updated Object',
			name: 'refetch',
			type: 'boolean',
			default: true,
			displayOptions: show(spec.value, ['update']),
			description:
				'Whether to read the object back after the update (DrChrono answers updates with no body). Costs one more API call per item; when off, the output is the ID.',
		});
	}

	if (ops.includes('getAll')) {
		for (const field of spec.listRequired ?? []) {
			const operations = spec.getRequired?.includes(field.key) && ops.includes('get') ? ['get', 'getAll'] : ['getAll'];
			props.push(withDisplay(fieldProperty(field, true), spec.value, operations));
		}
		props.push(
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				displayOptions: show(spec.value, ['getAll']),
				description: 'Whether to return all results or only up to a given limit',
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 50,
				displayOptions: { show: { resource: [spec.value], operation: ['getAll'], returnAll: [false] } },
				description: 'Max number of results to return',
			},
		);
		props.push(...listMethodProperties(spec));
		if (spec.filters?.length) {
			props.push({
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: show(spec.value, ['getAll']),
				description: spec.requireOneFilterOf
					? `DrChrono needs at least one of: ${spec.requireOneFilterOf.join(', ')}`
					: undefined,
				options: byDisplayName(spec.filters.map((f) => fieldProperty(f))),
			});
		}
	}

	const readOps = ops.filter((op) => op === 'get' || op === 'getAll');
	if (spec.verboseFields?.length && readOps.length) {
		const verboseOps = ops.filter((op) => op === 'get' || op === 'getAll' || op === 'update');
		const cap = pageSizeCap(spec, false);
		const verboseCap = pageSizeCap(spec, true);
		const pages = cap === verboseCap ? '' : `; lists then come in pages of ${verboseCap} instead of ${cap}, so they cost more calls`;
		props.push({
			displayName: 'Verbose',
			name: 'verbose',
			type: 'boolean',
			default: false,
			displayOptions: show(spec.value, verboseOps),
			description: `Whether to include the fields DrChrono leaves out unless asked (${spec.verboseFields.join(', ')}), also in the object read back after an update${pages}`,
		});
	}
	if (spec.simplify?.length && readOps.length) {
		// Two variants of one parameter: on by default when an AI Agent uses the node as a tool, where
		// every field returned goes into the model's context (see actions/toolOutput.ts).
		const description = `Whether to return only the fields most workflows use (${spec.simplify.join(', ')})`;
		const shown = (asTool: boolean) => ({ show: { ...show(spec.value, readOps).show, '@tool': [asTool] } });
		props.push(
			{ displayName: 'Simplify', name: 'simplify', type: 'boolean', default: false, displayOptions: shown(false), description },
			{ displayName: 'Simplify', name: 'simplify', type: 'boolean', default: true, displayOptions: shown(true), description },
		);
	}

	for (const op of spec.special ?? []) {
		for (const field of op.fields ?? []) {
			props.push(withDisplay(fieldProperty(field, true), spec.value, [op.value]));
		}
		for (const property of op.properties) {
			props.push({
				...property,
				displayOptions: {
					...property.displayOptions,
					show: { ...(property.displayOptions?.show ?? {}), resource: [spec.value], operation: [op.value] },
				},
			});
		}
	}
	return props;
}

// Custom API Call stays last, out of alphabetical order: with it anywhere else, n8n 1.123's editor
// appended a second "Custom API Call" of its own (an HTTP Request outside the quota guard).
const resourceOptions = [
	...resources.map((r) => ({ name: r.name, value: r.value, description: r.description })),
	{
		name: 'Custom API Call',
		value: 'customApiCall',
		description: 'Call any DrChrono API path, under the same quota guard',
	},
];

/** The Resource selector: every described resource, plus a custom call for the rest of the API. */
export const resourceSelector: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: resourceOptions,
	default: 'patient',
};
