import { archivedField, doctorFilter } from './common';
import type { ResourceSpec } from './types';

/** Offices: read, a few settings writable, and exam rooms added with a special call. No create or delete. */
export const office: ResourceSpec = {
	value: 'office',
	name: 'Office',
	noun: 'office',
	path: '/api/offices',
	scope: 'user',
	operations: ['get', 'getAll', 'update'],
	locator: 'office',
	verboseFields: ['online_timeslots'],
	fields: [
		archivedField,
		{ key: 'start_time', label: 'Opens At', kind: 'string', placeholder: '08:00:00', description: 'Opening time, HH:MM:SS' },
		{ key: 'end_time', label: 'Closes At', kind: 'string', placeholder: '18:00:00', description: 'Closing time, HH:MM:SS' },
		{ key: 'online_scheduling', label: 'Online Scheduling', kind: 'boolean' },
		{ key: 'online_timeslots', label: 'Online Timeslots (JSON)', kind: 'json', placeholder: '[]' },
		{ key: 'office_work_schedule', label: 'Work Schedule (JSON)', kind: 'json', placeholder: '{}' },
	],
	filters: [doctorFilter],
	special: [
		{
			value: 'addExamRoom',
			name: 'Add Exam Room',
			action: 'Add an exam room to an office',
			description: 'Add an exam room to an office (needs the user:write scope)',
			access: 'write',
			itemScoped: true,
			properties: [
				{
					displayName: 'Exam Room Name',
					name: 'examRoomName',
					type: 'string',
					default: '',
					required: true,
					placeholder: 'Exam 4',
				},
				{
					displayName: 'Online Scheduling',
					name: 'examRoomOnlineScheduling',
					type: 'boolean',
					default: true,
					description: 'Whether patients can book this room online',
				},
			],
		},
	],
};
