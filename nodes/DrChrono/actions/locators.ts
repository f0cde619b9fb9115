import type { INodeProperties, INodePropertyMode } from 'n8n-workflow';

import type { LocatorKind } from '../resources/types';

interface LocatorInfo {
	label: string;
	searchMethod: string;
	/** The DrChrono web-app page of one object, when it has one, for the By URL mode. */
	urlRegex?: string;
	urlPlaceholder?: string;
	idRegex: string;
}

/** Resource locators for the objects users most often pick: From List (searchable), By ID, By URL. */
const LOCATORS: Record<LocatorKind, LocatorInfo> = {
	patient: {
		label: 'Patient',
		searchMethod: 'searchPatients',
		urlRegex: 'https?://[^/]+/(?:api/)?patients?/(\\d+)',
		urlPlaceholder: 'https://app.drchrono.com/patients/12345/',
		idRegex: '^\\d+$',
	},
	doctor: { label: 'Doctor', searchMethod: 'searchDoctors', idRegex: '^\\d+$' },
	office: { label: 'Office', searchMethod: 'searchOffices', idRegex: '^\\d+$' },
	appointment: {
		label: 'Appointment',
		searchMethod: 'searchAppointments',
		urlRegex: 'https?://[^/]+/(?:api/)?appointments?/([\\w-]+)',
		urlPlaceholder: 'https://app.drchrono.com/appointments/12345/',
		// Appointment IDs are "usually numeric, but not always" (DrChrono API docs).
		idRegex: '^[\\w-]+$',
	},
};

export function locatorProperty(
	kind: LocatorKind,
	base: Omit<INodeProperties, 'type' | 'default' | 'modes'>,
): INodeProperties {
	const info = LOCATORS[kind];
	const urlModes = info.urlRegex ? [urlMode(info)] : [];
	return {
		...base,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: info.searchMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '12345',
				validation: [
					{
						type: 'regex',
						properties: { regex: info.idRegex, errorMessage: `Not a valid ${info.label} ID` },
					},
				],
			},
			...urlModes,
		],
	};
}

function urlMode(info: LocatorInfo): INodePropertyMode {
	const regex = info.urlRegex ?? '';
	const mode = {
		name: 'url',
		type: 'string' as const,
		placeholder: info.urlPlaceholder,
		validation: [{ type: 'regex' as const, properties: { regex, errorMessage: `Not a DrChrono ${info.label} URL` } }],
		extractValue: { type: 'regex' as const, regex },
	};
	return { ...mode, displayName: 'By URL' };
}
