import type { IExecuteFunctions } from 'n8n-workflow';

import { callOptions, outputItem } from '../actions/special';
import { drChronoApiRequest } from '../transport';
import { doctorFilter } from './common';
import type { ResourceSpec } from './types';

/** Users of the practice (doctors and staff): read-only. */
export const user: ResourceSpec = {
	value: 'user',
	name: 'User',
	noun: 'user',
	path: '/api/users',
	scope: 'user',
	operations: ['get', 'getAll'],
	filters: [{ ...doctorFilter, description: 'Users working for this doctor' }],
	custom: [
		{
			value: 'getCurrent',
			name: 'Get Current',
			action: 'Get the current user',
			description: 'Get the DrChrono user who connected the credential',
			access: 'read',
			properties: [],
			async execute(this: IExecuteFunctions, spec: ResourceSpec, itemIndex: number) {
				// DrChrono answers 302 to /api/users/{id}; the transport follows it with the token.
				const me = await drChronoApiRequest.call(this, 'GET', `${spec.path}/current`, {
					...callOptions.call(this, spec, 'read', itemIndex),
				});
				return [outputItem(me, itemIndex)];
			},
		},
	],
};
