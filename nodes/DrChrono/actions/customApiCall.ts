import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { drChronoListRequest, drChronoRequest } from '../transport';
import type { HttpMethod } from '../transport';
import type { ItemCall } from './call';

const show = { show: { resource: ['customApiCall'] } };

/** Any DrChrono endpoint the resources don't cover, through the same token and quota guard. */
export const customApiCallProperties: INodeProperties[] = [
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		displayOptions: show,
		options: ['DELETE', 'GET', 'PATCH', 'POST', 'PUT'].map((m) => ({ name: m, value: m })),
		default: 'GET',
	},
	{
		displayName: 'Path',
		name: 'path',
		type: 'string',
		displayOptions: show,
		default: '/api/',
		placeholder: '/api/day_sheet_totals',
		required: true,
		description: 'A path under /api/, e.g. /api/patients/123/ccda',
	},
	{
		displayName: 'Query Parameters (JSON)',
		name: 'query',
		type: 'json',
		displayOptions: show,
		default: '{}',
	},
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		displayOptions: { show: { resource: ['customApiCall'], method: ['POST', 'PUT', 'PATCH'] } },
		default: '{}',
	},
	{
		displayName: 'Follow Pages',
		name: 'followPages',
		type: 'boolean',
		displayOptions: { show: { resource: ['customApiCall'], method: ['GET'] } },
		default: false,
		description: 'Whether to follow `next` links of a list and output every row as an item',
	},
];

function parseJson(this: IExecuteFunctions, name: string, itemIndex: number): IDataObject | IDataObject[] | undefined {
	const raw = this.getNodeParameter(name, itemIndex, '{}') as string | IDataObject;
	if (typeof raw !== 'string') return raw;
	if (raw.trim() === '') return undefined;
	try {
		return JSON.parse(raw) as IDataObject;
	} catch {
		throw new NodeOperationError(this.getNode(), `${name === 'body' ? 'Body' : 'Query Parameters'} is not valid JSON`, {
			itemIndex,
		});
	}
}

/**
 * The path as DrChrono will see it: dot segments, encoded dots and backslashes resolved first, then
 * checked to lie under /api/, so `/api/../o/token/` cannot reach the token endpoint.
 */
function apiPath(this: IExecuteFunctions, raw: string, itemIndex: number): string {
	const entered = raw.trim();
	const refuse = (why: string) =>
		new NodeOperationError(this.getNode(), `The path must lie under /api/: ${why}`, {
			itemIndex,
			description: 'Custom API Call only reaches DrChrono REST endpoints, e.g. /api/patients',
		});
	if (!entered.startsWith('/') || entered.startsWith('//') || entered.startsWith('/\\')) {
		throw refuse(`"${entered}" is not a path on DrChrono`);
	}
	const base = new URL('https://drchrono.invalid');
	const resolved = new URL(entered, base);
	if (resolved.origin !== base.origin) throw refuse(`"${entered}" is not a path on DrChrono`);
	if (!resolved.pathname.startsWith('/api/')) {
		throw refuse(`"${entered}" resolves to ${resolved.pathname}`);
	}
	return `${resolved.pathname}${resolved.search}`;
}

export async function customApiCall(call: ItemCall): Promise<INodeExecutionData[]> {
	const { context, itemIndex, client } = call;
	const method = context.getNodeParameter('method', itemIndex) as HttpMethod;
	const path = apiPath.call(context, context.getNodeParameter('path', itemIndex) as string, itemIndex);
	const qs = parseJson.call(context, 'query', itemIndex) as IDataObject | undefined;

	if (method === 'GET' && call.param('followPages', false)) {
		return call.output(await drChronoListRequest.call(client, path, { qs }));
	}
	const body = ['POST', 'PUT', 'PATCH'].includes(method) ? parseJson.call(context, 'body', itemIndex) : undefined;
	const response = await drChronoRequest.call(client, method, path, { qs, body });
	const result = response.body;
	if (Array.isArray(result)) return call.output(result as IDataObject[]);
	if (result && typeof result === 'object') return call.output(result as IDataObject);
	return call.output({ statusCode: response.statusCode, ...(result ? { body: String(result) } : {}) });
}
