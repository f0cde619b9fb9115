import type { INodeExecutionData } from 'n8n-workflow';

import { drChronoApiRequest } from '../transport';
import type { ResourceCall } from './call';

/** User > Get Current: DrChrono answers 302 to /api/users/{id}; the transport follows it with the token. */
export async function getCurrentUser(call: ResourceCall): Promise<INodeExecutionData[]> {
	const me = await drChronoApiRequest.call(call.client, 'GET', `${call.spec.path}/current`, { scope: call.scope('read') });
	return call.output(me);
}
