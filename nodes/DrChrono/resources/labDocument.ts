import { downloadOperation } from './special';
import { doctorFilter, sinceFilter } from './common';
import type { ResourceSpec } from './types';

/** Lab documents (requisitions, ABNs, result reports), uploaded as multipart. */
export const labDocument: ResourceSpec = {
	value: 'labDocument',
	name: 'Lab Document',
	noun: 'lab document',
	path: '/api/lab_documents',
	scope: 'labs',
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	operationLabels: {
		create: { name: 'Upload', action: 'Upload a lab document', description: 'Upload a lab document file to a lab order' },
	},
	required: [
		{ key: 'lab_order', label: 'Lab Order ID', kind: 'number' },
		{
			key: 'document',
			label: 'Input Binary Field',
			kind: 'binary',
			param: 'binaryPropertyName',
			description: 'The input binary field holding the file (PDF)',
		},
		{
			key: 'type',
			label: 'Type',
			kind: 'options',
			options: [
				{ name: 'Requisition Form', value: 'REQ' },
				{ name: 'ABN (Advance Beneficiary Notice)', value: 'ABN' },
				{ name: 'Requisition Form and ABN', value: 'R-A' },
				{ name: 'Lab Results', value: 'RES' },
			],
			default: 'RES',
		},
	],
	fields: [{ key: 'hl7', label: 'HL7', kind: 'text', description: 'The HL7 message the document was made from' }],
	filters: [doctorFilter, sinceFilter],
	special: [downloadOperation('document', 'lab document')],
};
