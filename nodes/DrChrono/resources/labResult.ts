import { LAB_STATUSES, doctorFilter } from './common';
import type { ResourceSpec } from './types';

const ABNORMAL_STATUSES = [
	{ name: 'No Comment', value: '' },
	{ name: 'Normal', value: 'N' },
	{ name: 'Low', value: 'L' },
	{ name: 'Alert Low', value: 'LL' },
	{ name: 'High', value: 'H' },
	{ name: 'Alert High', value: 'HH' },
	{ name: 'Panic Low', value: '<' },
	{ name: 'Panic High', value: '>' },
	{ name: 'Abnormal', value: 'A' },
	{ name: 'Very Abnormal', value: 'AA' },
	{ name: 'Susceptible', value: 'S' },
	{ name: 'Resistant', value: 'R' },
	{ name: 'Intermediate', value: 'I' },
	{ name: 'Negative', value: 'NEG' },
	{ name: 'Positive', value: 'POS' },
];

/** Results of a lab test, each tied to the lab document that reported it. */
export const labResult: ResourceSpec = {
	value: 'labResult',
	name: 'Lab Result',
	noun: 'lab result',
	path: '/api/lab_results',
	scope: 'labs',
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	required: [
		{ key: 'lab_test', label: 'Lab Test ID', kind: 'number' },
		{ key: 'document', label: 'Lab Document ID', kind: 'number', description: 'The lab document that reports the result' },
		{ key: 'test_performed', label: 'Test Performed', kind: 'string' },
		{ key: 'status', label: 'Status', kind: 'options', options: LAB_STATUSES, default: 'F' },
		{ key: 'value', label: 'Value', kind: 'string' },
	],
	fields: [
		{ key: 'unit', label: 'Unit', kind: 'string' },
		{ key: 'value_is_numeric', label: 'Value Is Numeric', kind: 'boolean' },
		{ key: 'normal_range', label: 'Normal Range', kind: 'string', placeholder: '3.5 5.0', description: 'For numeric values: the lower and upper bound separated by a space' },
		{ key: 'abnormal_status', label: 'Abnormal Status', kind: 'options', options: ABNORMAL_STATUSES, default: '' },
		{ key: 'is_abnormal', label: 'Is Abnormal', kind: 'string', description: 'Flags the result for the doctor' },
		{ key: 'observation_code', label: 'Observation Code', kind: 'string' },
		{ key: 'observation_description', label: 'Observation Description', kind: 'string' },
		{ key: 'group_code', label: 'Group Code', kind: 'string' },
		{ key: 'specimen_received', label: 'Specimen Received', kind: 'string' },
		{ key: 'comments', label: 'Comments', kind: 'text' },
	],
	filters: [{ key: 'order', label: 'Lab Order ID', kind: 'number' }, doctorFilter],
};
