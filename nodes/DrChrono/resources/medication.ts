import { appointmentField, doctorField, doctorFilter, patientField, patientFilter } from './common';
import type { ResourceSpec } from './types';

/** Medications on a patient's chart. DrChrono has no DELETE: set a stop date or status instead. */
export const medication: ResourceSpec = {
	value: 'medication',
	name: 'Medication',
	noun: 'medication',
	path: '/api/medications',
	scope: 'clinical',
	operations: ['create', 'get', 'getAll', 'update'],
	required: [doctorField, patientField],
	fields: [
		{ key: 'name', label: 'Name', kind: 'string', placeholder: 'Lisinopril 10 mg tablet' },
		{ key: 'rxnorm', label: 'RxNorm Code', kind: 'string' },
		{ key: 'ndc', label: 'NDC', kind: 'string' },
		{ key: 'dosage_quantity', label: 'Dosage Quantity', kind: 'string', placeholder: '1' },
		{ key: 'dosage_units', label: 'Dosage Units', kind: 'string', placeholder: 'tablet' },
		{ key: 'frequency', label: 'Frequency', kind: 'string', placeholder: 'once daily' },
		{ key: 'route', label: 'Route', kind: 'string', placeholder: 'oral' },
		{ key: 'status', label: 'Status', kind: 'string', placeholder: 'active' },
		{ key: 'order_status', label: 'Order Status', kind: 'string' },
		{ key: 'date_prescribed', label: 'Date Prescribed', kind: 'date' },
		{ key: 'date_started_taking', label: 'Date Started Taking', kind: 'date' },
		{ key: 'date_stopped_taking', label: 'Date Stopped Taking', kind: 'date' },
		{ key: 'number_refills', label: 'Number of Refills', kind: 'number' },
		{ key: 'dispense_quantity', label: 'Dispense Quantity', kind: 'string' },
		{ key: 'prn', label: 'As Needed (PRN)', kind: 'boolean' },
		{ key: 'daw', label: 'Dispense as Written', kind: 'boolean' },
		{ key: 'indication', label: 'Indication', kind: 'string' },
		{ key: 'signature_note', label: 'Signature Note', kind: 'string' },
		{ key: 'pharmacy_note', label: 'Pharmacy Note', kind: 'string' },
		{ ...appointmentField, description: 'The appointment the medication was prescribed at' },
	],
	filters: [patientFilter, doctorFilter],
};
