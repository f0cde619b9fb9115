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
 * Percent-escapes of a slash, a backslash, a percent sign or a `;`: a path that hides one could
 * reach another endpoint once a front end decodes it (`..%2f`, `%252e`, `..%3b/`).
 */
const HIDDEN_SEPARATOR = /%(2f|5c|25|3b)/i;

/** A byte escape outside printable ASCII (overlong or multi-byte dots, control characters). */
const ESCAPED_NON_PRINTABLE = /%([0-1][0-9a-f]|7f|[89a-f][0-9a-f])/i;

/** Why the path part of a Custom API Call cannot be sent as it is; undefined when it can. */
export function unsafePathReason(pathPart: string): string | undefined {
	if (!/^[\x21-\x7e]*$/.test(pathPart)) return 'it holds a space, a control character or a character outside ASCII';
	if (pathPart.includes('\\')) return 'it holds a backslash';
	if (pathPart.includes(';')) return 'it holds a ;';
	if (/%(?![0-9a-f]{2})/i.test(pathPart)) return 'it holds a % that is not a percent-escape';
	if (HIDDEN_SEPARATOR.test(pathPart)) return 'it holds an encoded /, \\, % or ;';
	if (ESCAPED_NON_PRINTABLE.test(pathPart)) return 'it holds an encoded character outside printable ASCII';
	for (const segment of pathPart.split('/')) {
		const decoded = segment.replace(/%2e/gi, '.');
		if (decoded === '.' || decoded === '..') return 'it holds a . or .. segment';
	}
	return undefined;
}

/**
 * The path as DrChrono will see it, under /api/, or why it is refused. Anything a server or a proxy
 * in front of it might read differently from the check here is refused rather than resolved: dot
 * segments in any spelling, encoded slashes, backslashes and percent signs (double encoding), `;`
 * parameters and characters outside ASCII (fullwidth dots and the like). `/api/../o/token/` or
 * `/api/..%2fo/token/` cannot reach the token endpoint.
 */
export function checkApiPath(raw: string): { path: string } | { refused: string } {
	const entered = raw.trim();
	const shown = JSON.stringify(entered.length > 80 ? `${entered.slice(0, 80)}…` : entered);
	if (!entered.startsWith('/') || entered.startsWith('//')) return { refused: `${shown} is not a path on DrChrono` };
	const queryAt = entered.indexOf('?');
	const pathPart = queryAt === -1 ? entered : entered.slice(0, queryAt);
	const query = queryAt === -1 ? '' : entered.slice(queryAt);
	const unsafe = unsafePathReason(pathPart) ?? (/^[\x21-\x7e]*$/.test(query) ? undefined : 'its query holds a character outside ASCII');
	if (unsafe) return { refused: `${shown} is refused: ${unsafe}` };
	const base = new URL('https://drchrono.invalid');
	const resolved = new URL(entered, base);
	if (resolved.origin !== base.origin) return { refused: `${shown} is not a path on DrChrono` };
	if (!resolved.pathname.startsWith('/api/')) return { refused: `${shown} resolves to ${resolved.pathname}` };
	return { path: `${resolved.pathname}${resolved.search}` };
}

function apiPath(this: IExecuteFunctions, raw: string, itemIndex: number): string {
	const checked = checkApiPath(raw);
	if ('path' in checked) return checked.path;
	throw new NodeOperationError(this.getNode(), `The path must lie under /api/: ${checked.refused}`, {
		itemIndex,
		description:
			'Custom API Call only reaches DrChrono REST endpoints, e.g. /api/patients; write the path plainly, with query parameters in Query Parameters (JSON)',
	});
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
