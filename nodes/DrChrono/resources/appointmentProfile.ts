import { doctorField, doctorFilter } from './common';
import type { ResourceSpec } from './types';

/** Appointment types of the practice: they supply an appointment's duration, color and reason. */
export const appointmentProfile: ResourceSpec = {
	value: 'appointmentProfile',
	name: 'Appointment Profile',
	noun: 'appointment profile',
	path: '/api/appointment_profiles',
	scope: ['calendar', 'settings'],
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	required: [
		{ key: 'name', label: 'Name', kind: 'string' },
		{ key: 'color', label: 'Color', kind: 'string', placeholder: '#4A90E2', description: 'Calendar color, #RRGGBB' },
		{
			key: 'online_scheduling',
			label: 'Online Scheduling',
			kind: 'boolean',
			description: 'Whether patients can book this profile online',
		},
	],
	fields: [
		doctorField,
		{ key: 'duration', label: 'Duration (Minutes)', kind: 'number', default: 30 },
		{ key: 'reason', label: 'Reason', kind: 'string' },
		{ key: 'sort_order', label: 'Sort Order', kind: 'number' },
	],
	filters: [doctorFilter],
};
