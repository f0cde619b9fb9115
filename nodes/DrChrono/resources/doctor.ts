import type { ResourceSpec } from './types';

/** Doctors are read-only in the API. */
export const doctor: ResourceSpec = {
	value: 'doctor',
	name: 'Doctor',
	noun: 'doctor',
	path: '/api/doctors',
	scope: 'user',
	operations: ['get', 'getAll'],
	locator: 'doctor',
	filters: [{ key: 'doctor', label: 'Doctor ID', kind: 'number' }],
};
