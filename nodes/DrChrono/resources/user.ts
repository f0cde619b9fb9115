import { doctorFilter } from './common';
import type { ResourceSpec } from './types';

/** Users of the practice (doctors and staff): read-only. */
export const user: ResourceSpec = {
	value: 'user',
	name: 'User',
	noun: 'user',
	path: '/api/users',
	scope: [],
	operations: ['get', 'getAll'],
	filters: [{ ...doctorFilter, description: 'Users working for this doctor' }],
	special: [
		{
			value: 'getCurrent',
			name: 'Get Current',
			action: 'Get the current user',
			description: 'Get the DrChrono user who connected the credential',
			access: 'read',
			properties: [],
		},
	],
};
