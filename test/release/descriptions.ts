/**
 * The three nodes' descriptions as n8n receives them. Most of the action node's parameters are
 * generated from the resource specs at load time, so neither n8n's lint (which reads source
 * literals) nor a reader of the source sees them: the release tests read them here.
 */
import type { INodeTypeDescription } from 'n8n-workflow';

import { DrChrono } from '../../nodes/DrChrono/DrChrono.node';
import { DrChronoIframeTrigger } from '../../nodes/DrChrono/DrChronoIframeTrigger.node';
import { DrChronoTrigger } from '../../nodes/DrChrono/DrChronoTrigger.node';

export function nodeDescriptions(): INodeTypeDescription[] {
	return [new DrChrono().description, new DrChronoTrigger().description, new DrChronoIframeTrigger().description];
}

/**
 * A value as TypeScript source: object keys unquoted where they can be (the lint rules only
 * recognise parameters by identifier keys), functions left out (they are code, linted in place).
 */
export function toSource(value: unknown, indent = ''): string {
	const inner = `${indent}\t`;
	if (Array.isArray(value)) {
		if (value.length === 0) return '[]';
		return `[\n${value.map((v) => `${inner}${toSource(v, inner)},`).join('\n')}\n${indent}]`;
	}
	if (value && typeof value === 'object') {
		const entries = Object.entries(value).filter(([, v]) => typeof v !== 'function' && v !== undefined);
		if (entries.length === 0) return '{}';
		const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k));
		return `{\n${entries.map(([k, v]) => `${inner}${key(k)}: ${toSource(v, inner)},`).join('\n')}\n${indent}}`;
	}
	return JSON.stringify(value) ?? 'undefined';
}
