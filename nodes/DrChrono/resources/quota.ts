import type { ResourceSpec } from './types';

/**
 * The DrChrono app's quota as this n8n process's guard sees it: used, remaining, waiting, the reset.
 * Not a DrChrono collection: Get Status reads the credential only and costs no API call, so a
 * workflow can check it before a large job. Its executor is actions/quotaStatus.ts.
 */
export const quota: ResourceSpec = {
	value: 'quota',
	name: 'Quota',
	noun: 'quota status',
	path: '',
	scope: '',
	operations: [],
	description: 'The API app’s hourly quota as this n8n sees it; costs no API call',
	special: [
		{
			value: 'getStatus',
			name: 'Get Status',
			action: 'Get the quota status',
			description:
				'Calls used and left this hour, calls waiting and when the quota resets, as this n8n process sees it. Costs no API call.',
			access: 'read',
			properties: [],
		},
	],
};
