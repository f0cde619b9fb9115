import { archivedField, sinceFilter } from './common';
import type { FieldSpec, ResourceSpec } from './types';

export const TASK_PRIORITIES = [
	{ name: 'Low', value: '10' },
	{ name: 'Medium', value: '20' },
	{ name: 'High', value: '30' },
	{ name: 'Urgent', value: '40' },
];

const statusField: FieldSpec = {
	key: 'status',
	label: 'Status Name or ID',
	kind: 'options',
	loadOptions: 'getTaskStatuses',
	description:
		'One of the practice’s task statuses. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

const categoryField: FieldSpec = {
	key: 'category',
	label: 'Category Name or ID',
	kind: 'options',
	loadOptions: 'getTaskCategories',
	description:
		'One of the practice’s task categories. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
};

/** Get Many filters the Poll Trigger's task events reuse. */
export const assigneeUserFilter: FieldSpec = { key: 'assignee_user', label: 'Assignee User ID', kind: 'number' };
export const assigneeGroupFilter: FieldSpec = { key: 'assignee_group', label: 'Assignee Group ID', kind: 'number' };

/** Tasks of the task center. DrChrono has no DELETE for tasks (archive them instead). */
export const task: ResourceSpec = {
	value: 'task',
	name: 'Task',
	noun: 'task',
	path: '/api/tasks',
	scope: 'tasks',
	operations: ['create', 'get', 'getAll', 'update'],
	required: [{ key: 'title', label: 'Title', kind: 'string' }, statusField],
	fields: [
		categoryField,
		{ key: 'priority', label: 'Priority', kind: 'options', options: TASK_PRIORITIES, default: '20' },
		{
			key: 'due_date',
			label: 'Due Date',
			kind: 'dateTime',
			description: 'When the task is due, in the practice’s local time',
			toApi: (time) => ({ time }),
		},
		{ key: 'assignee_user', label: 'Assignee User ID', kind: 'number', description: 'Set this or Assignee Group ID' },
		{ key: 'assignee_group', label: 'Assignee Group ID', kind: 'number', description: 'Set this or Assignee User ID' },
		{
			key: 'associated_items',
			label: 'Associated Items (JSON)',
			kind: 'json',
			placeholder: '[{"type": "Patient", "value": 12345}]',
			description:
				'Objects the task is about; type is one of Patient, Appointment, Document, Message, Lab order, Lab result, Lab document, Communication',
		},
		archivedField,
	],
	filters: [
		{ ...statusField, label: 'Status Name or ID' },
		categoryField,
		assigneeUserFilter,
		assigneeGroupFilter,
		{ key: 'due_at_date', label: 'Due On', kind: 'date' },
		{ key: 'due_at_since', label: 'Due Since', kind: 'date' },
		{ key: 'due_at_range', label: 'Due In Range', kind: 'string', placeholder: '2026-01-01/2026-01-31' },
		{ key: 'due_at_unknown', label: 'No Due Date', kind: 'boolean', description: 'Whether to list only tasks without a due date' },
		sinceFilter,
	],
	verboseFields: ['associated_items', 'notes'],
};
