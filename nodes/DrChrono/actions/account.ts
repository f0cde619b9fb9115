import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { ResourceSpec } from '../resources/types';
import { drChronoApiRequest, drChronoRequest } from '../transport';
import { callOptions, outputItem } from './special';

/** User > Get Current: DrChrono answers 302 to /api/users/{id}; the transport follows it with the token. */
export async function getCurrentUser(
	this: IExecuteFunctions,
	spec: ResourceSpec,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const me = await drChronoApiRequest.call(this, 'GET', `${spec.path}/current`, {
		...callOptions.call(this, spec, 'read', itemIndex),
	});
	return [outputItem(me, itemIndex)];
}

/**
 * Iframe Integration > Register Doctor. The request has no body: DrChrono takes the doctor from the
 * token and the iframe URLs from the app.
 */
export async function registerIframeDoctor(
	this: IExecuteFunctions,
	spec: ResourceSpec,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const response = await drChronoRequest.call(this, 'POST', spec.path, {
		...callOptions.call(this, spec, 'write', itemIndex),
	});
	const body = response.body;
	const json =
		body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length
			? (body as Record<string, never>)
			: { registered: true };
	return [outputItem(json, itemIndex)];
}

/** Iframe Integration > Unregister Doctor. */
export async function unregisterIframeDoctor(
	this: IExecuteFunctions,
	spec: ResourceSpec,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	await drChronoRequest.call(this, 'DELETE', spec.path, { ...callOptions.call(this, spec, 'write', itemIndex) });
	return [outputItem({ unregistered: true }, itemIndex)];
}
