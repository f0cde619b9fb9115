import type { IExecuteFunctions } from 'n8n-workflow';

import { callOptions, outputItem } from '../actions/special';
import { drChronoRequest } from '../transport';
import type { ResourceSpec } from './types';

/**
 * Registers the connected doctor for the API app's iframes (patient chart / clinical note panels).
 * The request has no body: DrChrono takes the doctor from the token and the iframe URLs from the app.
 */
export const iframeIntegration: ResourceSpec = {
	value: 'iframeIntegration',
	name: 'Iframe Integration',
	noun: 'iframe integration',
	path: '/api/iframe_integration',
	scope: 'user',
	operations: [],
	custom: [
		{
			value: 'register',
			name: 'Register Doctor',
			action: 'Register the doctor for the app iframes',
			description: 'Show the API app’s iframes to the doctor who connected the credential',
			access: 'write',
			properties: [],
			async execute(this: IExecuteFunctions, spec: ResourceSpec, itemIndex: number) {
				const response = await drChronoRequest.call(this, 'POST', spec.path, {
					...callOptions.call(this, spec, 'write', itemIndex),
				});
				const body = response.body;
				const json =
					body && typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length
						? (body as Record<string, never>)
						: { registered: true };
				return [outputItem(json, itemIndex)];
			},
		},
		{
			value: 'unregister',
			name: 'Unregister Doctor',
			action: 'Unregister the doctor from the app iframes',
			description: 'Stop showing the API app’s iframes to the doctor who connected the credential',
			access: 'write',
			properties: [],
			async execute(this: IExecuteFunctions, spec: ResourceSpec, itemIndex: number) {
				await drChronoRequest.call(this, 'DELETE', spec.path, { ...callOptions.call(this, spec, 'write', itemIndex) });
				return [outputItem({ unregistered: true }, itemIndex)];
			},
		},
	],
};
