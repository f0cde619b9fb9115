/**
 * `/api/patient_lab_results`: a patient's lab results as DrChrono lists them for a practice
 * (schema PatientLabResultSet). Unlike `/api/lab_results` its list has `since` and
 * `ordering_doctor` filters, so it is what a poll for new lab results reads.
 */
import type { ResourceSpec } from './resources';

export const PATIENT_LAB_RESULTS: ResourceSpec = {
	path: 'patient_lab_results',
	scopes: ['labs', 'patients'],
	collection: ['GET', 'POST'],
	item: ['GET', 'PUT', 'PATCH', 'DELETE'],
	firstId: 1060001,
	required: ['ordering_doctor', 'patient'],
	refs: { patient: 'patients', ordering_doctor: 'doctors' },
	enums: {
		lab_order_status: ['', 'Order Entered', 'Discontinued', 'In Progress', 'Results Received', 'Results Reviewed with Patient', 'Paper Order'],
		lab_abnormal_flag: ['', 'L', 'H', 'LL', 'HH', '<', '>', 'N', 'A', 'AA', 'null', 'U', 'D', 'B', 'W', 'S', 'R', 'I', 'MS', 'VS'],
	},
	readOnly: ['scanned_in_result', 'lab_imported_from_ccr'],
	filters: ['ordering_doctor', 'patient', 'doctor:ordering_doctor'],
	deleteMode: 'hard',
	defaults: { title: '', lab_result_value: '', lab_result_value_units: '', lab_normal_range: '', lab_abnormal_flag: '', lab_order_status: 'Results Received', doctor_comments: '', doctor_signoff: false, loinc_code: '' },
};
