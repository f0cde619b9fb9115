import { downloadOperation } from './special';
import { doctorField, doctorFilter, patientField, patientFilter, sinceFilter } from './common';
import type { FieldSpec, ResourceSpec } from './types';

const metatags: FieldSpec = {
	key: 'metatags',
	label: 'Tags',
	kind: 'jsonStringList',
	placeholder: 'Referral, Cardiology',
	description: 'Comma-separated tags (sent to DrChrono as a JSON array string)',
};

/**
 * Scanned documents on a patient's chart. Upload sends the file as multipart/form-data; Download
 * returns it as binary data; Delete archives (DrChrono soft-deletes documents).
 */
export const document: ResourceSpec = {
	value: 'document',
	name: 'Document',
	noun: 'document',
	path: '/api/documents',
	scope: 'patients',
	operations: ['create', 'delete', 'get', 'getAll', 'update'],
	operationLabels: {
		create: { name: 'Upload', action: 'Upload a document', description: 'Upload a file (PDF, image) to a patient’s chart' },
		delete: { name: 'Delete', action: 'Delete a document', description: 'Archive a document (DrChrono keeps it, hidden)' },
	},
	required: [
		{
			key: 'document',
			label: 'Input Binary Field',
			kind: 'binary',
			param: 'binaryPropertyName',
			description: 'The input binary field holding the file to upload (PDF or image)',
		},
		doctorField,
		patientField,
		{ key: 'date', label: 'Date', kind: 'date', description: 'The document’s date' },
		{ key: 'description', label: 'Description', kind: 'string', placeholder: 'Referral letter' },
	],
	fields: [metatags],
	filters: [patientFilter, doctorFilter, sinceFilter],
	special: [downloadOperation('document', 'document')],
};
