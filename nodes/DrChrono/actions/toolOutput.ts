import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/**
 * What the node hands an AI Agent when it runs as a tool. Everything a tool returns goes into the
 * model's context (and to the model provider), so it is kept small: empty fields are dropped and a
 * record keeps at most TOOL_MAX_FIELDS fields, naming the ones left out so the model can ask for a
 * narrower read. Simplify is on by default for tools (see actions/descriptions.ts).
 */
export const TOOL_MAX_FIELDS = 30;

const isEmpty = (value: unknown): boolean =>
	value === null ||
	value === undefined ||
	value === '' ||
	(Array.isArray(value) && value.length === 0) ||
	(typeof value === 'object' && !Array.isArray(value) && Object.keys(value as object).length === 0);

export function trimForTool(json: IDataObject): IDataObject {
	const entries = Object.entries(json).filter(([, value]) => !isEmpty(value));
	if (entries.length <= TOOL_MAX_FIELDS) return Object.fromEntries(entries);
	const kept = entries.slice(0, TOOL_MAX_FIELDS);
	return {
		...Object.fromEntries(kept),
		omitted_fields: entries.slice(TOOL_MAX_FIELDS).map(([key]) => key),
	};
}

/** A tool's output items, trimmed; binary data stays out (an agent cannot read it). */
export function toolItems(items: INodeExecutionData[]): INodeExecutionData[] {
	return items.map((item) => ({ json: trimForTool(item.json), pairedItem: item.pairedItem }));
}

/**
 * A failed tool call as an answer the model can act on: what went wrong and what to change. n8n's
 * own tools answer errors this way instead of failing the agent's whole run.
 */
export function toolError(error: { message?: string; description?: string | null }, itemIndex: number): INodeExecutionData {
	const json: IDataObject = { error: error.message ?? 'The DrChrono call failed' };
	if (error.description) json.hint = error.description;
	return { json, pairedItem: { item: itemIndex } };
}
