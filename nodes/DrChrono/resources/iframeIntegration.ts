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
		},
		{
			value: 'unregister',
			name: 'Unregister Doctor',
			action: 'Unregister the doctor from the app iframes',
			description: 'Stop showing the API app’s iframes to the doctor who connected the credential',
			access: 'write',
			properties: [],
		},
	],
};
