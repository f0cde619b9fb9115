/**
 * The nodes' descriptions as n8n receives them. Most of the action node's parameters are
 * generated from the resource specs at load time, so neither n8n's lint (which reads source
 * literals) nor a reader of the source sees them: the release tests read them here.
 */
import * as path from 'path';

import type { INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as pkg from '../../package.json';

const ROOT = path.resolve(__dirname, '..', '..');

/** Every node the package declares to n8n (package.json n8n.nodes), loaded from its TypeScript source. */
export function nodeDescriptions(): INodeTypeDescription[] {
	return pkg.n8n.nodes.map((built) => {
		const source = path.join(ROOT, built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		const className = path.basename(source, '.node.ts');
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const NodeClass = (require(source) as Record<string, new () => INodeType>)[className];
		return new NodeClass().description;
	});
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
