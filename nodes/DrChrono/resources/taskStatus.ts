import { archivedField, sinceFilter } from './common';
import type { ResourceSpec } from './types';

export const TASK_STATUS_CATEGORIES = [
	{ name: 'Open', value: 'O' },
	{ name: 'In Progress', value: 'P' },
	{ name: 'On Hold', value: 'H' },
	{ name: 'Complete', value: 'C' },
];

/** Task statuses of the practice group. No delete in the API. */
export const taskStatus: ResourceSpec = {
	value: 'taskStatus',
	name: 'Task Status',
	noun: 'task status',
	plural: 'task statuses',
	path: '/api/task_statuses',
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
	fields: [
		{ key: 'status_category', label: 'Status Category', kind: 'options', options: TASK_STATUS_CATEGORIES, default: 'O' },
		{
			key: 'task_category',
			label: 'Task Category Name or ID',
			kind: 'options',
			loadOptions: 'getTaskCategories',
			description:
				'Limit the status to one category. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		archivedField,
	],
	filters: [sinceFilter],
};
