import { archivedField, sinceFilter } from './common';
import type { ResourceSpec } from './types';

/** Task categories of the practice group. No delete in the API. */
export const taskCategory: ResourceSpec = {
	value: 'taskCategory',
	name: 'Task Category',
	noun: 'task category',
	plural: 'task categories',
	path: '/api/task_categories',
	scope: 'tasks',
	operations: ['create', 'get', 'getAll', 'update'],
	required: [
		{ key: 'name', label: 'Name', kind: 'string' },
		{
			key: 'practice_group',
			label: 'Practice Group ID',
			kind: 'number',
			description: 'The practice group (a doctor’s practice_group, see Doctor > Get)',
		},
	],
	fields: [archivedField],
	filters: [sinceFilter],
};
