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
		// n8n's order: From List, By URL, By ID.
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: info.searchMethod, searchable: true },
			},
			...urlModes,
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
		],
	};
}

/**
 * The ID parameter of a resource with no searchable list: a resource locator with only By ID, so
 * that every resource's `id` parameter has one type (n8n keeps values across resources by name).
 */
export function idOnlyLocatorProperty(
	label: string,
	base: Omit<INodeProperties, 'type' | 'default' | 'modes'>,
): INodeProperties {
	return {
		...base,
		type: 'resourceLocator',
		default: { mode: 'id', value: '' },
		modes: [
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '12345',
				validation: [
					{ type: 'regex', properties: { regex: '^[\\w-]+$', errorMessage: `Not a valid ${label} ID` } },
				],
			},
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

/**
 * The ID in a resource locator value. n8n extracts By URL values only for parameters read with
 * `extractValue`; locators inside collections (Additional Fields) arrive as `{mode, value}`, so the
 * URL's ID is taken out here with the same regular expression.
 */
export function locatorId(kind: LocatorKind, value: unknown): unknown {
	if (!value || typeof value !== 'object' || !('value' in (value as object))) return value;
	const { mode, value: raw } = value as { mode?: string; value?: unknown };
	const regex = LOCATORS[kind].urlRegex;
	if (mode === 'url' && regex && typeof raw === 'string') {
		const match = new RegExp(regex).exec(raw);
		return match ? match[1] : raw;
	}
	return raw;
}
