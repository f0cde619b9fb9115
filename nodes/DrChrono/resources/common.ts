import type { FieldSpec } from './types';

/** Fields and filters many resources share. */
export const doctorField: FieldSpec = { key: 'doctor', label: 'Doctor', kind: 'number', locator: 'doctor' };
export const patientField: FieldSpec = { key: 'patient', label: 'Patient', kind: 'number', locator: 'patient' };
export const officeField: FieldSpec = { key: 'office', label: 'Office', kind: 'number', locator: 'office' };
export const appointmentField: FieldSpec = {
	key: 'appointment',
	label: 'Appointment',
	kind: 'string',
	locator: 'appointment',
};

export const doctorFilter: FieldSpec = { key: 'doctor', label: 'Doctor ID', kind: 'number' };
export const patientFilter: FieldSpec = { key: 'patient', label: 'Patient ID', kind: 'number' };
export const officeFilter: FieldSpec = { key: 'office', label: 'Office ID', kind: 'number' };
export const sinceFilter: FieldSpec = {
	key: 'since',
	label: 'Since',
	kind: 'date',
	description: 'Only objects created or updated on or after this date',
};
export const dateFilter: FieldSpec = { key: 'date', label: 'Date', kind: 'date', description: 'Only this day' };
export const dateRangeFilter: FieldSpec = {
	key: 'date_range',
	label: 'Date Range',
	kind: 'string',
	placeholder: '2026-01-01/2026-01-31',
	description: 'Start and end date (inclusive) separated by a slash, YYYY-MM-DD/YYYY-MM-DD',
};

/** Validates a `date_range` value and its span; DrChrono caps some ranges (appointments: 190 days). */
export function checkDateRange(value: unknown, maxDays?: number): string | undefined {
	if (value === undefined || value === '') return undefined;
	const match = /^(\d{4}-\d{2}-\d{2})\/(\d{4}-\d{2}-\d{2})$/.exec(String(value).trim());
	if (!match) return `Date Range "${String(value)}" must look like 2026-01-01/2026-01-31`;
	const start = Date.parse(`${match[1]}T00:00:00Z`);
	const end = Date.parse(`${match[2]}T00:00:00Z`);
	if (Number.isNaN(start) || Number.isNaN(end)) return `Date Range "${String(value)}" has an invalid date`;
	if (end < start) return `Date Range "${String(value)}" ends before it starts`;
	const days = Math.round((end - start) / 86_400_000);
	if (maxDays !== undefined && days > maxDays) {
		return `Date Range spans ${days} days; DrChrono allows at most ${maxDays}. Split it into shorter ranges.`;
	}
	return undefined;
}

export const appointmentFilter: FieldSpec = { key: 'appointment', label: 'Appointment ID', kind: 'string' };

export const archivedField: FieldSpec = {
	key: 'archived',
	label: 'Archived',
	kind: 'boolean',
	description: 'Whether the object is archived (hidden in DrChrono)',
};

/** DrChrono's lab status codes (HL7 result status), shared by lab tests and lab results. */
export const LAB_STATUSES = [
	{ name: 'Preliminary', value: 'P' },
	{ name: 'Pending', value: 'I' },
	{ name: 'Correction', value: 'C' },
	{ name: 'Final', value: 'F' },
	{ name: 'Canceled', value: 'X' },
];
