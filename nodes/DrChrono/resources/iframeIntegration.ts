import type { ResourceSpec } from './types';

/**
 * Registers the connected doctor for the API app's iframes (patient chart / clinical note panels).
 * The request has no body: DrChrono takes the doctor from the token and the iframe URLs from the app.
 * DrChrono documents no scope for it (it is only in the API prose, not the OpenAPI paths), so no
 * scope is named when it is refused.
 */
export const iframeIntegration: ResourceSpec = {
	value: 'iframeIntegration',
	name: 'Iframe Integration',
	noun: 'iframe integration',
	path: '/api/iframe_integration',
	scope: [],
	operations: [],
	special: [
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
