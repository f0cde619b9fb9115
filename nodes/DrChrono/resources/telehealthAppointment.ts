import { appointmentField, appointmentFilter, doctorFilter } from './common';
import type { ResourceSpec } from './types';

/** The video visit of an appointment; DrChrono returns the room's `telehealth_url`. No delete in the API. */
export const telehealthAppointment: ResourceSpec = {
	value: 'telehealthAppointment',
	name: 'Telehealth Appointment',
	noun: 'telehealth appointment',
	path: '/api/telehealth_appointments',
	scope: ['calendar', 'clinical'],
	operations: ['create', 'get', 'getAll', 'update'],
	required: [{ ...appointmentField, description: 'The appointment to hold as a video visit' }],
	fields: [
		{
			key: 'overlapping_duration',
			label: 'Overlapping Duration',
			kind: 'string',
			description: 'Time both the patient and the doctor were in the video room',
		},
	],
	filters: [appointmentFilter, doctorFilter],
};
