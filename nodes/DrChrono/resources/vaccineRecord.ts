import { doctorFilter, patientField, patientFilter, sinceFilter } from './common';
import type { ResourceSpec } from './types';

/** Vaccines given to (or refused by) a patient. No delete in the API. */
export const vaccineRecord: ResourceSpec = {
	value: 'vaccineRecord',
	name: 'Vaccine Record',
	noun: 'vaccine record',
	path: '/api/patient_vaccine_records',
	scope: 'clinical',
	operations: ['create', 'get', 'getAll', 'update'],
	required: [
		patientField,
		{ key: 'cvx_code', label: 'CVX Code', kind: 'string', placeholder: '140', description: 'The vaccine’s CDC CVX code' },
		{ key: 'name', label: 'Vaccine Name', kind: 'string', placeholder: 'Influenza, seasonal, injectable' },
	],
	fields: [
		{
			key: 'completion_status',
			label: 'Completion Status',
			kind: 'options',
			options: [
				{ name: 'Complete', value: 'CP' },
				{ name: 'Refused', value: 'RE' },
				{ name: 'Not Administered', value: 'NA' },
				{ name: 'Partially Administered', value: 'PA' },
			],
			default: 'CP',
		},
		{ key: 'administration_start', label: 'Administered On', kind: 'dateTime' },
		{ key: 'administered_at', label: 'Administered At (Office ID)', kind: 'number' },
		{ key: 'administered_by', label: 'Administered By (User ID)', kind: 'string' },
		{ key: 'ordering_doctor', label: 'Ordering Doctor ID', kind: 'number' },
		{ key: 'lot_number', label: 'Lot Number', kind: 'string' },
		{ key: 'manufacturer', label: 'Manufacturer', kind: 'string' },
		{ key: 'amount', label: 'Amount', kind: 'number' },
		{ key: 'units', label: 'Units', kind: 'string', placeholder: 'mL' },
		{ key: 'route', label: 'Route', kind: 'string', placeholder: 'Intramuscular' },
		{ key: 'site', label: 'Site', kind: 'string', placeholder: 'Left deltoid' },
		{ key: 'cpt_code', label: 'CPT Code', kind: 'string' },
		{ key: 'next_dose_date', label: 'Next Dose Date', kind: 'date' },
		{ key: 'comments', label: 'Comments', kind: 'text' },
	],
	filters: [patientFilter, doctorFilter, { key: 'cvx_code', label: 'CVX Code', kind: 'string' }, sinceFilter],
};
