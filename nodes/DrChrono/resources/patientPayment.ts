import { appointmentField, doctorField, doctorFilter, patientField, patientFilter, sinceFilter } from './common';
import type { ResourceSpec } from './types';

export const PAYMENT_METHODS = [
	{ name: 'DRCP', value: 'DRCP' },
	{ name: 'Cash', value: 'CASH' },
	{ name: 'Check', value: 'CHCK' },
	{ name: 'Debit', value: 'DBIT' },
	{ name: 'Credit Card', value: 'CRDT' },
	{ name: 'American Express', value: 'AMEX' },
	{ name: 'Visa', value: 'VISA' },
	{ name: 'Mastercard', value: 'MSTR' },
	{ name: 'Discover', value: 'DISC' },
	{ name: 'SQR1', value: 'SQR1' },
	{ name: 'SQRE', value: 'SQRE' },
	{ name: 'PTPA', value: 'PTPA' },
	{ name: 'ONPT', value: 'ONPT' },
	{ name: 'Other', value: 'OTHR' },
];

export const PAYMENT_TRANSACTION_TYPES = [
	{ name: 'Credit', value: '' },
	{ name: 'Refund', value: 'REF' },
	{ name: 'Correction', value: 'COR' },
	{ name: 'Copay', value: 'COPAY' },
	{ name: 'Coinsurance', value: 'COINSR' },
	{ name: 'Other', value: 'OTHR' },
];

/** Patient (cash) payments: DrChrono allows only create and read. */
export const patientPayment: ResourceSpec = {
	value: 'patientPayment',
	name: 'Patient Payment',
	noun: 'patient payment',
	path: '/api/patient_payments',
	scope: 'billing:patient-payment',
	operations: ['create', 'get', 'getAll'],
	required: [
		patientField,
		{
			key: 'amount',
			label: 'Amount',
			kind: 'number',
			description: 'The amount paid; DrChrono refuses zero',
		},
	],
	fields: [
		{ key: 'payment_method', label: 'Payment Method', kind: 'options', options: PAYMENT_METHODS, default: 'CASH' },
		{
			key: 'payment_transaction_type',
			label: 'Transaction Type',
			kind: 'options',
			options: PAYMENT_TRANSACTION_TYPES,
			default: '',
		},
		{ key: 'line_item', label: 'Line Item ID', kind: 'number', description: 'The line item the payment is for' },
		{ ...appointmentField, description: 'Taken from the line item when not set' },
		doctorField,
		{ key: 'received_date', label: 'Received Date', kind: 'date' },
		{ key: 'trace_number', label: 'Trace Number', kind: 'string' },
		{ key: 'notes', label: 'Notes', kind: 'text' },
	],
	filters: [patientFilter, doctorFilter, { key: 'posted_date', label: 'Posted Date', kind: 'date' }, sinceFilter],
};
