import { archivedField, sinceFilter } from './common';
import type { ResourceSpec } from './types';

/** Notes on a task. No delete in the API. */
export const taskNote: ResourceSpec = {
	value: 'taskNote',
	name: 'Task Note',
	noun: 'task note',
	path: '/api/task_notes',
	scope: 'tasks',
	operations: ['create', 'get', 'getAll', 'update'],
	required: [
		{ key: 'task', label: 'Task ID', kind: 'number' },
		{ key: 'text', label: 'Text', kind: 'text' },
	],
	fields: [archivedField],
	filters: [{ key: 'task', label: 'Task ID', kind: 'number' }, sinceFilter],
};
