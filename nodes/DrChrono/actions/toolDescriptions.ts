import type { INodeProperties } from 'n8n-workflow';

import type { FieldSpec, ResourceSpec, StandardOperation } from '../resources/types';
import { paramName } from './fields';

/**
 * The description an AI Agent's model reads for each operation when the node is used as a tool.
 * n8n would otherwise describe a tool only by its action ("Get many patients in DrChrono"), which
 * says nothing about the filters, the IDs it needs or that a call writes to the chart. The node
 * declares its own Description parameter (n8n then adds none), one per resource and operation,
 * shown only on the tool; the user can still edit it.
 */

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? 'an' : 'a');
const pluralOf = (spec: ResourceSpec) => spec.plural ?? `${spec.noun}s`;

const WRITES =
	'This writes to the practice’s DrChrono records: call it only after the user has confirmed the details.';
const ERRORS = 'A failed call answers {error, hint}: correct the input as the hint says, or tell the user.';

function fieldNote(field: FieldSpec): string {
	const name = paramName(field);
	const how = field.kind === 'date' ? ' as YYYY-MM-DD' : field.kind === 'dateTime' ? ' as YYYY-MM-DDTHH:MM:SS' : '';
	return `${name}${how}`;
}

function returns(spec: ResourceSpec): string {
	return spec.simplify?.length ? ` Each has ${spec.simplify.join(', ')}.` : '';
}

function describe(spec: ResourceSpec, op: StandardOperation): string {
	const n = spec.noun;
	switch (op) {
		case 'get':
			return `Get one ${n} from DrChrono by its ID.${returns(spec)}`;
		case 'getAll': {
			const filters = (spec.filters ?? []).map(fieldNote);
			const needs = spec.requireOneFilterOf?.length ? ` At least one of ${spec.requireOneFilterOf.join(', ')} is required.` : '';
			const by = filters.length ? ` Filters (leave out what you do not need): ${filters.join(', ')}.` : '';
			return `Find ${pluralOf(spec)} in DrChrono.${by}${needs}${returns(spec)}`;
		}
		case 'create':
			return `Create ${article(n)} ${n} in DrChrono. Needs ${(spec.required ?? []).map(fieldNote).join(', ') || 'no field'}. ${WRITES}`;
		case 'update':
			return `Change fields of one ${n} in DrChrono, by its ID. ${WRITES}`;
		case 'delete':
			return `Delete one ${n} in DrChrono, by its ID. It cannot be undone. ${WRITES}`;
	}
}

export function toolDescriptionProperties(spec: ResourceSpec): INodeProperties[] {
	const texts: Array<[string, string]> = [
		...spec.operations.map((op): [string, string] => [op, describe(spec, op)]),
		...(spec.special ?? []).map((op): [string, string] => [
			op.value,
			`${op.description}.${op.access === 'write' ? ` ${WRITES}` : ''}`,
		]),
	];
	return texts.map(([operation, text]) => ({
		displayName: 'Description',
		name: 'toolDescription',
		type: 'string',
		default: `${text} ${ERRORS}`,
		typeOptions: { rows: 3 },
		description: 'What the AI Agent’s model reads about this tool: when to use it and what it needs',
		displayOptions: { show: { '@tool': [true], resource: [spec.value], operation: [operation] } },
	}));
}
