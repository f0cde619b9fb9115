import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { drChronoRequest } from '../transport';
import type { ResourceCall } from './call';

/**
 * Iframe Integration > Register Doctor. The request has no body: DrChrono takes the doctor from the
 * token and the iframe URLs from the app.
 */
export async function registerIframeDoctor(call: ResourceCall): Promise<INodeExecutionData[]> {
	const response = await drChronoRequest.call(call.client, 'POST', call.spec.path, { scope: call.scope('write') });
	const body = response.body;
	const json =
		body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length
			? (body as IDataObject)
			: { registered: true };
	return call.output(json);
}

/** Iframe Integration > Unregister Doctor. */
export async function unregisterIframeDoctor(call: ResourceCall): Promise<INodeExecutionData[]> {
	await drChronoRequest.call(call.client, 'DELETE', call.spec.path, { scope: call.scope('write') });
	return call.output({ unregistered: true });
}
