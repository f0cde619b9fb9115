import { dateFilter, dateRangeFilter, doctorFilter, officeField, officeFilter } from './common';
import type { ResourceSpec } from './types';

/** Blocked time on a provider's calendar (lunch, meetings, time off). */
export const scheduleBlock: ResourceSpec = {
	value: 'scheduleBlock',
	name: 'Schedule Block',
	noun: 'schedule block',
	path: '/api/schedule_blocks',
	scope: 'calendar',
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	required: [
		{ key: 'provider', label: 'Provider', kind: 'number', locator: 'doctor', description: 'The doctor whose calendar is blocked' },
		officeField,
		{ key: 'start_time', label: 'Start Time', kind: 'dateTime', description: 'In the practice’s local time' },
		{ key: 'end_time', label: 'End Time', kind: 'dateTime', description: 'In the practice’s local time' },
	],
	fields: [
		{ key: 'description', label: 'Description', kind: 'string', placeholder: 'Lunch Break' },
		{ key: 'exam_room', label: 'Exam Room', kind: 'number', description: 'Index of the exam room within the office' },
		{ key: 'color', label: 'Color', kind: 'string', placeholder: '#FF5733' },
	],
	filters: [
		{ ...doctorFilter, description: 'Blocks of this provider' },
		officeFilter,
		{ ...dateFilter, description: 'Blocks on this day' },
		dateRangeFilter,
	],
};
