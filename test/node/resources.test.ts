/**
 * Every resource × standard operation, driven from the resource specs, run through n8n's execution
 * engine against the sandbox. Each test checks what the sandbox holds afterwards, not only what the
 * node outputs: created objects exist with the fields sent, updates change what was asked, deletes
 * delete (or archive, where DrChrono soft-deletes).
 */
import { RESOURCE_BY_PATH } from '../sandbox/resources';
import { serialize } from '../sandbox/serialize';
import type { INodeExecutionData } from 'n8n-workflow';

import { resources } from '../../nodes/DrChrono/resources';
import type { ResourceSpec, StandardOperation } from '../../nodes/DrChrono/resources/types';
import type { ApiObject, Sandbox } from '../sandbox';
import { fileItem, rl, run, startNodeSandbox } from './helpers';

/** IDs of seeded objects the samples refer to. */
interface Seeded {
	doctor: number;
	patient: number;
	office: number;
	appointment: number;
	practiceGroup: number;
	taskStatus: number;
	taskCategory: number;
	task: number;
	labOrder: number;
	labTest: number;
	labDocument: number;
	first(collection: string, where?: (o: ApiObject) => boolean): ApiObject;
}

type Params = Record<string, unknown>;

interface Sample {
	/** The sandbox collection the resource lives in. */
	collection: string;
	create?: (s: Seeded) => { params: Params; stored: Record<string, unknown>; items?: INodeExecutionData[] };
	/** The object Get / Update / Delete use when the resource has no Create. */
	existing?: (s: Seeded) => number;
	/** Parameters a single GET needs beside the ID. */
	get?: Params;
	/** `derived`: fields DrChrono recomputes from the ones changed (a line item's billed amount). */
	update?: (s: Seeded) => { fields: Params; stored: Record<string, unknown>; derived?: string[] };
	/** Get Many parameters (filters and required list parameters), checked against each row. */
	getAll?: (s: Seeded, id: number) => { params?: Params; rowsMatch?: Record<string, unknown> };
	/** How Delete shows in the sandbox: removed, or a flag set. */
	deleted?: 'removed' | 'archived' | 'deleted_flag';
}

const PDF = Buffer.from('%PDF-1.4\n% sample upload\n1 0 obj << >> endobj\n%%EOF\n');
const pdfItem = () => [fileItem(PDF, 'sample.pdf', 'application/pdf')];

const SAMPLES: Record<string, Sample> = {
	allergy: {
		collection: 'allergies',
		create: (s) => ({
			params: {
				doctor: rl(s.doctor),
				patient: rl(s.patient),
				additionalFields: { description: 'Peanuts', reaction: 'Hives', status: 'active' },
			},
			stored: { doctor: s.doctor, patient: s.patient, description: 'Peanuts', reaction: 'Hives', status: 'active' },
		}),
		update: () => ({ fields: { status: 'inactive', notes: 'Outgrown' }, stored: { status: 'inactive', notes: 'Outgrown' } }),
		getAll: (s) => ({ params: { filters: { patient: s.patient } }, rowsMatch: { patient: s.patient } }),
	},
	amendment: {
		collection: 'amendments',
		create: (s) => ({
			params: {
				patient: rl(s.patient),
				doctor: rl(s.doctor),
				amendment_name: 'Corrected allergy list',
				binaryPropertyName: 'data',
				additionalFields: { comments: 'Patient request' },
			},
			items: pdfItem(),
			stored: { patient: s.patient, doctor: s.doctor, amendment_name: 'Corrected allergy list', comments: 'Patient request' },
		}),
		update: () => ({ fields: { comments: 'Reviewed' }, stored: { comments: 'Reviewed' } }),
		getAll: (s) => ({ params: { filters: { patient: s.patient } }, rowsMatch: { patient: s.patient } }),
		deleted: 'removed',
	},
	appointment: {
		collection: 'appointments',
		create: (s) => ({
			params: {
				doctor: rl(s.doctor),
				office: rl(s.office),
				exam_room: 1,
				patient: rl(s.patient),
				scheduled_time: '2028-03-01T10:00:00',
				additionalFields: { duration: 45, reason: 'Knee pain', status: 'Confirmed' },
			},
			stored: {
				doctor: s.doctor,
				office: s.office,
				exam_room: 1,
				patient: s.patient,
				scheduled_time: '2028-03-01T10:00:00',
				duration: 45,
				reason: 'Knee pain',
				status: 'Confirmed',
			},
		}),
		update: () => ({ fields: { status: 'Arrived', notes: 'Early' }, stored: { status: 'Arrived', notes: 'Early' } }),
		getAll: (s) => ({ params: { filters: { date: '2028-03-01', doctor: s.doctor } }, rowsMatch: { doctor: s.doctor } }),
		deleted: 'removed',
	},
	appointmentProfile: {
		collection: 'appointment_profiles',
		create: (s) => ({
			params: {
				name: 'Consult',
				color: '#123456',
				online_scheduling: false,
				additionalFields: { duration: 15, doctor: rl(s.doctor), reason: 'Consultation' },
			},
			stored: { name: 'Consult', color: '#123456', online_scheduling: false, duration: 15, doctor: s.doctor },
		}),
		update: () => ({ fields: { duration: 20, name: 'Long Consult' }, stored: { duration: 20, name: 'Long Consult' } }),
		getAll: (s) => ({ params: { filters: { doctor: s.doctor } }, rowsMatch: { doctor: s.doctor } }),
		deleted: 'archived',
	},
	carePlan: {
		collection: 'care_plans',
		existing: (s) => s.first('care_plans').id,
		getAll: (s) => {
			const plan = s.first('care_plans');
			return { params: { filters: { patient: plan.patient } }, rowsMatch: { patient: plan.patient } };
		},
	},
	clinicalNote: {
		collection: 'clinical_notes',
		existing: (s) => s.first('clinical_notes').id,
		getAll: (s) => {
			const note = s.first('clinical_notes');
			return { params: { filters: { patient: note.patient } }, rowsMatch: { patient: note.patient } };
		},
	},
	clinicalNoteFieldValue: {
		collection: 'clinical_note_field_values',
		create: (s) => ({
			params: { appointment: rl(s.appointment), clinical_note_field: 7, value: 'Stable' },
			stored: { appointment: s.appointment, clinical_note_field: 7, value: 'Stable' },
		}),
		update: () => ({ fields: { value: 'Improving' }, stored: { value: 'Improving' } }),
		getAll: (s) => ({ params: { filters: { appointment: String(s.appointment) } }, rowsMatch: { appointment: s.appointment } }),
	},
	commLog: {
		collection: 'comm_logs',
		create: (s) => ({
			params: {
				doctor: rl(s.doctor),
				patient: rl(s.patient),
				additionalFields: { title: 'Phone call', message: 'Left a voicemail', duration: 4 },
			},
			stored: { doctor: s.doctor, patient: s.patient, title: 'Phone call', message: 'Left a voicemail', duration: 4 },
		}),
		update: () => ({ fields: { message: 'Called back' }, stored: { message: 'Called back' } }),
		getAll: (s) => ({ params: { filters: { patient: s.patient } }, rowsMatch: { patient: s.patient } }),
	},
	customDemographic: {
		collection: 'custom_demographics',
		create: (s) => ({
			params: { doctor: rl(s.doctor), name: 'Hobby', additionalFields: { description: 'Free time', allowed_values: 'Golf, Chess' } },
			stored: { doctor: s.doctor, name: 'Hobby', description: 'Free time', allowed_values: 'Golf, Chess' },
		}),
		update: () => ({ fields: { description: 'What the patient likes' }, stored: { description: 'What the patient likes' } }),
		getAll: (s) => ({ params: { filters: { doctor: s.doctor } }, rowsMatch: { doctor: s.doctor } }),
	},
	doctor: {
		collection: 'doctors',
		existing: (s) => s.doctor,
		getAll: (s) => ({ params: { filters: { doctor: s.doctor } }, rowsMatch: { id: s.doctor } }),
	},
	document: {
		collection: 'documents',
		create: (s) => ({
			params: {
				binaryPropertyName: 'data',
				doctor: rl(s.doctor),
				patient: rl(s.patient),
				date: '2026-05-04',
				description: 'Referral letter',
				additionalFields: { metatags: 'Referral, Cardiology' },
			},
			items: pdfItem(),
			stored: {
				doctor: s.doctor,
				patient: s.patient,
				date: '2026-05-04',
				description: 'Referral letter',
				metatags: ['Referral', 'Cardiology'],
			},
		}),
		update: () => ({ fields: { description: 'Referral (signed)' }, stored: { description: 'Referral (signed)' } }),
		getAll: (s) => ({ params: { filters: { patient: s.patient } }, rowsMatch: { patient: s.patient } }),
		deleted: 'archived',
	},
	eligibilityCheck: {
		collection: 'eligibility_checks',
		existing: (s) => s.first('eligibility_checks').id,
		getAll: (s) => {
			const check = s.first('eligibility_checks');
			return { params: { filters: { patient: check.patient } }, rowsMatch: { patient: check.patient } };
		},
	},
	feeSchedule: {
		collection: 'fee_schedules',
		existing: (s) => s.first('fee_schedules').id,
		getAll: (s) => {
			const fee = s.first('fee_schedules');
			return { params: { filters: { code: fee.code } }, rowsMatch: { code: fee.code } };
		},
	},
	insurance: {
		collection: 'insurances',
		existing: (s) => s.first('insurances', (o) => o.payer_type === 'gateway').id,
		get: { payer_type: 'gateway' },
		getAll: (s) => {
			const payer = s.first('insurances', (o) => o.payer_type === 'gateway');
			const term = String(payer.payer_name).slice(0, 5);
			// An insurance answer has no payer_type (the OpenAPI's Insurance): the rows are the gateway payers named so.
			return { params: { payer_type: 'gateway', filters: { term } }, rowsMatch: { payer_name: expect.stringContaining(term) } };
		},
	},
	labDocument: {
		collection: 'lab_documents',
		create: (s) => ({
			params: { lab_order: s.labOrder, binaryPropertyName: 'data', type: 'REQ' },
			items: pdfItem(),
			stored: { lab_order: s.labOrder, type: 'REQ' },
		}),
		update: () => ({ fields: { type: 'RES' }, stored: { type: 'RES' } }),
		// A lab document answer names its order, not the doctor (the OpenAPI's LabDocument).
		getAll: (s) => ({ params: { filters: { doctor: s.doctor } }, rowsMatch: { lab_order: expect.any(Number) } }),
		deleted: 'removed',
	},
	labOrder: {
		collection: 'lab_orders',
		create: (s) => ({
			params: {
				doctor: rl(s.doctor),
				patient: rl(s.patient),
				sublab: 3,
				additionalFields: { priority: 'S', icd10_codes: 'E11.9, I10', notes: 'Fasting' },
			},
			stored: {
				doctor: s.doctor,
				patient: s.patient,
				sublab: 3,
				priority: 'S',
				icd10_codes: [{ code: 'E11.9' }, { code: 'I10' }],
				notes: 'Fasting',
			},
		}),
		update: () => ({ fields: { status: 'S', accession_number: 'ACC-1' }, stored: { status: 'S', accession_number: 'ACC-1' } }),
		getAll: (s) => ({ params: { filters: { doctor: s.doctor } }, rowsMatch: { doctor: s.doctor } }),
		deleted: 'removed',
	},
	labResult: {
		collection: 'lab_results',
		create: (s) => ({
			params: {
				lab_test: s.labTest,
				document: s.labDocument,
				test_performed: 'Glucose',
				status: 'F',
				value: '95',
				additionalFields: { unit: 'mg/dL', abnormal_status: 'N', value_is_numeric: true },
			},
			stored: { lab_test: s.labTest, document: s.labDocument, test_performed: 'Glucose', status: 'F', value: '95', unit: 'mg/dL' },
		}),
		update: () => ({ fields: { comments: 'Within range' }, stored: { comments: 'Within range' } }),
		getAll: (s) => ({ params: { filters: { order: s.labOrder } }, rowsMatch: { lab_order: s.labOrder } }),
		deleted: 'removed',
	},
	labTest: {
		collection: 'lab_tests',
		create: (s) => ({
			params: { lab_order: s.labOrder, additionalFields: { name: 'CBC', status: 'P', specimen_source: 'Blood' } },
			stored: { lab_order: s.labOrder, name: 'CBC', status: 'P', specimen_source: 'Blood' },
		}),
		update: () => ({ fields: { status: 'F' }, stored: { status: 'F' } }),
		getAll: (s) => ({ params: { filters: { order: s.labOrder } }, rowsMatch: { lab_order: s.labOrder } }),
		deleted: 'removed',
	},
	lineItem: {
		collection: 'line_items',
		create: (s) => ({
			params: {
				appointment: rl(s.appointment),
				code: '99213',
				procedure_type: 'C',
				diagnosis_pointers: '1, 2',
				additionalFields: { price: 110, modifiers: '25' },
			},
			stored: { appointment: s.appointment, code: '99213', procedure_type: 'C', diagnosis_pointers: ['1', '2'], price: '110.00', modifiers: ['25'] },
		}),
		update: () => ({ fields: { price: 125.5 }, stored: { price: '125.50', billed: '125.50' }, derived: ['balance_total'] }),
		getAll: (s) => ({ params: { filters: { appointment: String(s.appointment) } }, rowsMatch: { appointment: s.appointment } }),
		deleted: 'removed',
	},
	medication: {
		collection: 'medications',
		create: (s) => ({
			params: {
				doctor: rl(s.doctor),
				patient: rl(s.patient),
				additionalFields: { name: 'Metformin 500 mg', frequency: 'twice daily', number_refills: 2, date_prescribed: '2026-02-03' },
			},
			stored: { doctor: s.doctor, patient: s.patient, name: 'Metformin 500 mg', frequency: 'twice daily', number_refills: 2, date_prescribed: '2026-02-03' },
		}),
		update: () => ({ fields: { frequency: 'once daily' }, stored: { frequency: 'once daily' } }),
		getAll: (s) => ({ params: { filters: { patient: s.patient } }, rowsMatch: { patient: s.patient } }),
	},
	message: {
		collection: 'messages',
		create: (s) => ({
			params: { doctor: rl(s.doctor), title: 'Incoming fax', additionalFields: { type: 'IF', patient: rl(s.patient) } },
			stored: { doctor: s.doctor, title: 'Incoming fax', type: 'IF', patient: s.patient },
		}),
		update: () => ({ fields: { title: 'Incoming fax (filed)' }, stored: { title: 'Incoming fax (filed)' } }),
		getAll: (s) => ({ params: { filters: { doctor: s.doctor, type: 'IF' } }, rowsMatch: { doctor: s.doctor, type: 'IF' } }),
		deleted: 'archived',
	},
	office: {
		collection: 'offices',
		existing: (s) => s.office,
		update: () => ({ fields: { online_scheduling: false, end_time: '17:30:00' }, stored: { online_scheduling: false, end_time: '17:30:00' } }),
		getAll: (s) => ({ params: { filters: { doctor: s.doctor } }, rowsMatch: { doctor: s.doctor } }),
	},
	patient: {
		collection: 'patients',
		create: (s) => ({
			params: {
				doctor: rl(s.doctor),
				gender: 'Female',
				additionalFields: {
					first_name: 'Ada',
					last_name: 'Lovelace',
					date_of_birth: '1990-12-10',
					race: 'white',
					ethnicity: 'not_hispanic',
					offices: String(s.office),
				},
			},
			stored: {
				doctor: s.doctor,
				gender: 'Female',
				first_name: 'Ada',
				last_name: 'Lovelace',
				date_of_birth: '1990-12-10',
				race: 'white',
				ethnicity: 'not_hispanic',
				offices: [s.office],
			},
		}),
		update: () => ({ fields: { city: 'Springfield', patient_status: 'I' }, stored: { city: 'Springfield', patient_status: 'I' } }),
		getAll: () => ({ params: { filters: { last_name: 'Lovelace' } }, rowsMatch: { last_name: 'Lovelace' } }),
		deleted: 'removed',
	},
	patientFlagType: {
		collection: 'patient_flag_types',
		create: (s) => ({
			params: { doctor: rl(s.doctor), name: 'Allergy alert', additionalFields: { color: '#FF0000', priority: 2 } },
			stored: { doctor: s.doctor, name: 'Allergy alert', color: '#FF0000', priority: 2 },
		}),
		update: () => ({ fields: { priority: 9 }, stored: { priority: 9 } }),
		getAll: (s) => ({ params: { filters: { doctor: s.doctor } }, rowsMatch: { doctor: s.doctor } }),
	},
	patientMessage: {
		collection: 'patient_messages',
		create: (s) => ({
			params: { doctor: rl(s.doctor), patient: rl(s.patient), subject: 'Your results', additionalFields: { body: 'All normal.' } },
			stored: { doctor: s.doctor, patient: s.patient, subject: 'Your results', body: 'All normal.' },
		}),
		update: () => ({ fields: { subject: 'Your lab results' }, stored: { subject: 'Your lab results' } }),
		getAll: (s) => ({ params: { filters: { patient: s.patient } }, rowsMatch: { patient: s.patient } }),
	},
	patientPayment: {
		collection: 'patient_payments',
		create: (s) => ({
			params: {
				patient: rl(s.patient),
				amount: 25,
				additionalFields: { payment_method: 'VISA', payment_transaction_type: 'COPAY', notes: 'Copay at check-in' },
			},
			stored: { patient: s.patient, amount: '25.00', payment_method: 'VISA', payment_transaction_type: 'COPAY', notes: 'Copay at check-in' },
		}),
		getAll: (s) => ({ params: { filters: { patient: s.patient } }, rowsMatch: { patient: s.patient } }),
	},
	problem: {
		collection: 'problems',
		create: (s) => ({
			params: {
				doctor: rl(s.doctor),
				patient: rl(s.patient),
				additionalFields: { name: 'Essential hypertension', icd_code: 'I10', icd_version: 10, status: 'active', date_onset: '2020-01-01' },
			},
			stored: { doctor: s.doctor, patient: s.patient, name: 'Essential hypertension', icd_code: 'I10', icd_version: 10, status: 'active' },
		}),
		update: () => ({ fields: { status: 'resolved' }, stored: { status: 'resolved' } }),
		getAll: (s) => ({ params: { filters: { patient: s.patient } }, rowsMatch: { patient: s.patient } }),
	},
	procedure: {
		collection: 'procedures',
		existing: (s) => s.first('procedures').id,
		getAll: (s) => {
			const p = s.first('procedures');
			return { params: { filters: { patient: p.patient } }, rowsMatch: { patient: p.patient } };
		},
	},
	scheduleBlock: {
		collection: 'schedule_blocks',
		create: (s) => ({
			params: {
				provider: rl(s.doctor),
				office: rl(s.office),
				start_time: '2028-04-03T12:00:00',
				end_time: '2028-04-03T13:00:00',
				additionalFields: { description: 'Lunch Break' },
			},
			stored: { provider: s.doctor, office: s.office, start_time: '2028-04-03T12:00:00', end_time: '2028-04-03T13:00:00', description: 'Lunch Break' },
		}),
		update: () => ({ fields: { description: 'Staff Meeting' }, stored: { description: 'Staff Meeting' } }),
		getAll: (s) => ({ params: { filters: { date: '2028-04-03' } }, rowsMatch: { provider: s.doctor } }),
		deleted: 'removed',
	},
	task: {
		collection: 'tasks',
		create: (s) => ({
			params: {
				title: 'Call patient back',
				status: s.taskStatus,
				additionalFields: { category: s.taskCategory, priority: '30', due_date: '2028-01-05T17:00:00', assignee_user: s.first('users').id },
			},
			stored: {
				title: 'Call patient back',
				status: s.taskStatus,
				category: s.taskCategory,
				priority: '30',
				due_date: { time: '2028-01-05T17:00:00' },
			},
		}),
		update: () => ({ fields: { priority: '40', archived: true }, stored: { priority: '40', archived: true } }),
		getAll: (s) => ({ params: { filters: { status: s.taskStatus } }, rowsMatch: { status: s.taskStatus } }),
	},
	taskCategory: {
		collection: 'task_categories',
		create: (s) => ({
			params: { name: 'Labs', practice_group: s.practiceGroup },
			stored: { name: 'Labs', practice_group: s.practiceGroup },
		}),
		update: () => ({ fields: { name: 'Lab follow-up' }, stored: { name: 'Lab follow-up' } }),
		getAll: () => ({ params: { filters: { since: '2000-01-01' } } }),
	},
	taskNote: {
		collection: 'task_notes',
		create: (s) => ({ params: { task: s.task, text: 'Left a voicemail' }, stored: { task: s.task, text: 'Left a voicemail' } }),
		update: () => ({ fields: { text: 'Spoke to the patient' }, stored: { text: 'Spoke to the patient' } }),
		getAll: (s) => ({ params: { filters: { task: s.task } }, rowsMatch: { task: s.task } }),
	},
	taskStatus: {
		collection: 'task_statuses',
		create: (s) => ({
			params: { name: 'Blocked', practice_group: s.practiceGroup, additionalFields: { task_category: s.taskCategory } },
			stored: { name: 'Blocked', practice_group: s.practiceGroup, task_category: s.taskCategory },
		}),
		update: () => ({ fields: { name: 'Waiting on patient' }, stored: { name: 'Waiting on patient' } }),
		getAll: () => ({ params: {} }),
	},
	telehealthAppointment: {
		collection: 'telehealth_appointments',
		create: (s) => ({ params: { appointment: rl(s.appointment) }, stored: { appointment: s.appointment } }),
		update: () => ({ fields: { overlapping_duration: '00:12:00' }, stored: { overlapping_duration: '00:12:00' } }),
		getAll: (s) => ({ params: { filters: { appointment: String(s.appointment) } }, rowsMatch: { appointment: s.appointment } }),
	},
	transaction: {
		collection: 'transactions',
		existing: (s) => s.first('transactions').id,
		getAll: (s) => {
			const tx = s.first('transactions');
			return { params: { filters: { appointment: String(tx.appointment) } }, rowsMatch: { appointment: tx.appointment } };
		},
	},
	user: {
		collection: 'users',
		existing: (s) => s.first('users').id,
		getAll: (s) => ({ params: { filters: { doctor: s.doctor } }, rowsMatch: { doctor: s.doctor } }),
	},
	vaccineRecord: {
		collection: 'patient_vaccine_records',
		create: (s) => ({
			params: {
				patient: rl(s.patient),
				cvx_code: '140',
				name: 'Influenza, seasonal, injectable',
				additionalFields: { lot_number: 'L12345', route: 'Intramuscular', completion_status: 'CP', amount: 0.5 },
			},
			stored: { patient: s.patient, cvx_code: '140', name: 'Influenza, seasonal, injectable', lot_number: 'L12345', route: 'Intramuscular', completion_status: 'CP' },
		}),
		update: () => ({ fields: { site: 'Right deltoid' }, stored: { site: 'Right deltoid' } }),
		getAll: (s) => ({ params: { filters: { patient: s.patient } }, rowsMatch: { patient: s.patient } }),
	},
};

/** What the DrChrono API allows per resource (reference §3.1): the node must offer exactly these. */
const ALLOWED: Record<string, StandardOperation[]> = {
	allergy: ['create', 'get', 'getAll', 'update'],
	amendment: ['create', 'delete', 'get', 'getAll', 'update'],
	appointment: ['create', 'delete', 'get', 'getAll', 'update'],
	appointmentProfile: ['create', 'delete', 'get', 'getAll', 'update'],
	carePlan: ['get', 'getAll'],
	clinicalNote: ['get', 'getAll'],
	clinicalNoteFieldValue: ['create', 'get', 'getAll', 'update'],
	commLog: ['create', 'get', 'getAll', 'update'],
	customDemographic: ['create', 'get', 'getAll', 'update'],
	doctor: ['get', 'getAll'],
	document: ['create', 'delete', 'get', 'getAll', 'update'],
	eligibilityCheck: ['get', 'getAll'],
	feeSchedule: ['get', 'getAll'],
	iframeIntegration: [],
	insurance: ['get', 'getAll'],
	labDocument: ['create', 'delete', 'get', 'getAll', 'update'],
	labOrder: ['create', 'delete', 'get', 'getAll', 'update'],
	labResult: ['create', 'delete', 'get', 'getAll', 'update'],
	labTest: ['create', 'delete', 'get', 'getAll', 'update'],
	lineItem: ['create', 'delete', 'get', 'getAll', 'update'],
	medication: ['create', 'get', 'getAll', 'update'],
	message: ['create', 'delete', 'get', 'getAll', 'update'],
	office: ['get', 'getAll', 'update'],
	patient: ['create', 'delete', 'get', 'getAll', 'update'],
	patientFlagType: ['create', 'get', 'getAll', 'update'],
	patientMessage: ['create', 'get', 'getAll', 'update'],
	patientPayment: ['create', 'get', 'getAll'],
	problem: ['create', 'get', 'getAll', 'update'],
	procedure: ['get', 'getAll'],
	// Quota > Get Status is answered by the guard itself, not by the API.
	quota: [],
	scheduleBlock: ['create', 'delete', 'get', 'getAll', 'update'],
	task: ['create', 'get', 'getAll', 'update'],
	taskCategory: ['create', 'get', 'getAll', 'update'],
	taskNote: ['create', 'get', 'getAll', 'update'],
	taskStatus: ['create', 'get', 'getAll', 'update'],
	telehealthAppointment: ['create', 'get', 'getAll', 'update'],
	transaction: ['get', 'getAll'],
	user: ['get', 'getAll'],
	vaccineRecord: ['create', 'get', 'getAll', 'update'],
};

/** The OAuth scope area of each resource (reference §3.1 Scopes column). */

describe('every resource and operation against the sandbox', () => {
	let sandbox: Sandbox;
	let seeded: Seeded;

	beforeAll(async () => {
		sandbox = await startNodeSandbox();
		const store = sandbox.store;
		const first = (collection: string, where: (o: ApiObject) => boolean = () => true): ApiObject => {
			const found = store.collection(collection).all().find(where);
			if (!found) throw new Error(`The sandbox has no ${collection} to test with`);
			return found;
		};
		const doctor = first('doctors').id;
		const labOrder = first('lab_orders').id;
		seeded = {
			doctor,
			patient: first('patients', (p) => p.doctor === doctor).id,
			office: first('offices').id,
			appointment: first('appointments').id,
			practiceGroup: store.meta.practiceGroup,
			taskStatus: first('task_statuses').id,
			taskCategory: first('task_categories').id,
			task: first('tasks').id,
			labOrder,
			labTest: first('lab_tests', (t) => t.lab_order === labOrder).id,
			labDocument: first('lab_documents', (d) => d.lab_order === labOrder).id,
			first,
		};
	});
	afterAll(async () => sandbox.close());

	it('describes every resource a practice automates, each with exactly the operations DrChrono allows', () => {
		const offered = Object.fromEntries(resources.map((r) => [r.value, [...r.operations].sort()]));
		expect(offered).toEqual(ALLOWED);
		expect(Object.keys(SAMPLES).sort()).toEqual(
			resources.filter((r) => r.operations.length > 0).map((r) => r.value).sort(),
		);
	});

	it('names the same scope areas as the sandbox enforces for every resource (the OpenAPI check is test/conformance)', () => {
		const areas = (scope: string | readonly string[] | null) => (scope === null ? [] : typeof scope === 'string' ? [scope] : [...scope]).sort();
		// Quota is the node's own: no DrChrono path, no scope.
		const drchrono = resources.filter((r) => r.path !== '');
		expect(resources.filter((r) => r.path === '').map((r) => r.value)).toEqual(['quota']);
		const node = Object.fromEntries(drchrono.map((r) => [r.value, areas(r.scope)]));
		const emulated = Object.fromEntries(drchrono.map((r) => [r.value, areas(RESOURCE_BY_PATH.get(r.path.replace('/api/', ''))?.scopes ?? null)]));
		expect(node).toEqual(emulated);
		expect(node.appointment).toEqual(['calendar', 'clinical']);
		expect(node.patientFlagType).toEqual(['patients', 'settings']);
	});

	const withStandardOps = resources.filter((r) => r.operations.length > 0);

	describe.each(withStandardOps.map((r) => [r.name, r] as [string, ResourceSpec]))('%s', (_name, spec) => {
		const sample = SAMPLES[spec.value];
		const collection = () => sandbox.store.collection(sample.collection);
		let id: number;

		if (spec.operations.includes('create')) {
			it('Create stores an object with the fields sent', async () => {
				const { params, stored, items } = sample.create!(seeded);
				const before = collection().size;
				const result = await run(sandbox, { resource: spec.value, operation: 'create', ...params }, { items });
				expect(result.error).toBeUndefined();
				expect(result.items).toHaveLength(1);
				expect(result.items[0].pairedItem).toEqual({ item: 0 });
				// DrChrono answers an appointment's id as a string, every other id as a number; some answers have none.
				const answered = result.items[0].json.id;
				id = answered === undefined ? collection().all().at(-1)!.id : Number(answered);
				expect(answered === undefined || String(answered) === String(id)).toBe(true);
				expect(collection().size).toBe(before + 1);
				expect(collection().get(id)).toMatchObject(stored);
			});
		} else {
			beforeAll(() => {
				id = sample.existing!(seeded);
			});
		}

		it('Get returns the stored object (with Verbose, where the resource has verbose-only fields)', async () => {
			const verbose = spec.verboseFields?.length ? { verbose: true } : {};
			const result = await run(sandbox, { resource: spec.value, operation: 'get', id: rl(id), ...verbose, ...sample.get });
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			// The node outputs DrChrono's answer for the stored object, field for field.
			const answer = serialize(RESOURCE_BY_PATH.get(sample.collection), collection().get(id)!, true);
			expect(result.items[0].json).toEqual(answer);
		});

		if (spec.verboseFields?.length) {
			it('Get without Verbose leaves out exactly the verbose-only fields, as DrChrono does', async () => {
				const result = await run(sandbox, { resource: spec.value, operation: 'get', id: rl(id), ...sample.get });
				expect(result.error).toBeUndefined();
				const answer = serialize(RESOURCE_BY_PATH.get(sample.collection), collection().get(id)!, true);
				for (const key of Object.keys(answer)) {
					expect([key, key in result.items[0].json]).toEqual([key, !spec.verboseFields!.includes(key)]);
				}
			});
		}

		it('Get Many lists with the filters applied and a limit', async () => {
			const { params, rowsMatch } = sample.getAll!(seeded, id);
			const listPath = `GET ${spec.path}`;
			const callsBefore = sandbox.stats().callsByPath[listPath] ?? 0;
			const result = await run(sandbox, {
				resource: spec.value,
				operation: 'getAll',
				returnAll: false,
				limit: 3,
				...params,
			});
			expect(result.error).toBeUndefined();
			expect(result.items.length).toBeGreaterThan(0);
			expect(result.items.length).toBeLessThanOrEqual(3);
			for (const item of result.items) {
				expect(item.json).toMatchObject(rowsMatch ?? {});
				if (item.json.id !== undefined) expect(collection().has(Number(item.json.id))).toBe(true);
				expect(item.pairedItem).toEqual({ item: 0 });
			}
			expect((sandbox.stats().callsByPath[listPath] ?? 0) - callsBefore).toBe(1);
		});

		if (spec.operations.includes('update')) {
			it('Update changes what was asked and outputs the object read back', async () => {
				const { fields, stored, derived = [] } = sample.update!(seeded);
				const untouched = { ...collection().get(id)! };
				const result = await run(sandbox, { resource: spec.value, operation: 'update', id: rl(id), updateFields: fields });
				expect(result.error).toBeUndefined();
				const after = collection().get(id)!;
				expect(after).toMatchObject(stored);
				const answered = serialize(RESOURCE_BY_PATH.get(sample.collection), { id, ...stored }, true);
				expect(result.items[0].json).toMatchObject(Object.fromEntries(Object.keys(stored).map((k) => [k, answered[k]])));
				if (result.items[0].json.id !== undefined) expect(String(result.items[0].json.id)).toBe(String(id));
				for (const [key, value] of Object.entries(untouched)) {
					const changes = ['updated_at', 'extended_updated_at', 'status_transitions', ...derived];
					if (!(key in stored) && !changes.includes(key)) {
						expect(after[key]).toEqual(value);
					}
				}
			});
		}

		if (spec.operations.includes('delete')) {
			it(`Delete ${sample.deleted === 'removed' ? 'removes the object' : `sets ${sample.deleted}`}`, async () => {
				const result = await run(sandbox, { resource: spec.value, operation: 'delete', id: rl(id) });
				expect(result.error).toBeUndefined();
				expect(result.items[0].json).toEqual({ id, deleted: true });
				if (sample.deleted === 'removed') expect(collection().has(id)).toBe(false);
				else expect(collection().get(id)?.[sample.deleted!]).toBe(true);
			});
		}
	});
});
