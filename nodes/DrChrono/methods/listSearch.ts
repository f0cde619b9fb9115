import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { appointment } from '../resources/appointment';
import { pageSizeCap } from '../resources/pageSizes';
import { scopeFor } from '../resources/scopes';
import { DrChronoClient, EDITOR_LOOKUP, drChronoApiRequest, pageRows } from '../transport';

/** One search page: 50 rows, or fewer where DrChrono caps the list lower (appointments: 20). */
const PAGE = 50;

async function searchPage(
	this: ILoadOptionsFunctions,
	path: string,
	qs: IDataObject,
	paginationToken: string | undefined,
	scope: string,
	toResult: (row: IDataObject) => { name: string; value: string; url?: string },
	pageSize = PAGE,
): Promise<INodeListSearchResult> {
	const client = await DrChronoClient.connect(this, EDITOR_LOOKUP);
	const page = (await drChronoApiRequest.call(client, 'GET', path, {
		qs: paginationToken ? undefined : { ...qs, page_size: pageSize },
		url: paginationToken,
		scope,
	})) as IDataObject;
	return {
		results: pageRows(page).map(toResult),
		paginationToken: (page.next as string | null) ?? undefined,
	};
}

const fullName = (row: IDataObject) =>
	[row.first_name, row.last_name].filter((v) => v !== undefined && v !== null && v !== '').join(' ');

/** Patients by name: DrChrono filters on first or last name, so a search term is tried as a last name. */
export async function searchPatients(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const term = filter?.trim();
	const qs: IDataObject = {};
	if (term) {
		const [first, ...rest] = term.split(/\s+/);
		if (rest.length) {
			qs.first_name = first;
			qs.last_name = rest.join(' ');
		} else {
			qs.last_name = first;
		}
	}
	return await searchPage.call(this, '/api/patients', qs, paginationToken, 'patients:read', (row) => ({
		name: `${fullName(row) || 'Unnamed'}${row.date_of_birth ? ` (${String(row.date_of_birth)})` : ''} #${String(row.id)}`,
		value: String(row.id),
	}));
}

export async function searchDoctors(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const result = await searchPage.call(this, '/api/doctors', {}, paginationToken, 'user:read', (row) => ({
		name: `${fullName(row)}${row.specialty ? `, ${String(row.specialty)}` : ''} #${String(row.id)}`,
		value: String(row.id),
	}));
	return filterByName(result, filter);
}

export async function searchOffices(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const result = await searchPage.call(this, '/api/offices', {}, paginationToken, 'user:read', (row) => ({
		name: `${String(row.name ?? 'Office')} #${String(row.id)}`,
		value: String(row.id),
	}));
	return filterByName(result, filter);
}

/** Today's and the coming two weeks' appointments; DrChrono cannot list appointments without dates. */
export async function searchAppointments(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const start = new Date();
	const end = new Date(start.getTime() + 14 * 86_400_000);
	const day = (d: Date) => d.toISOString().slice(0, 10);
	const result = await searchPage.call(
		this,
		appointment.path,
		{ date_range: `${day(start)}/${day(end)}` },
		paginationToken,
		scopeFor(appointment, 'read'),
		(row) => ({
			name: `${String(row.scheduled_time ?? '').replace('T', ' ')}${row.reason ? ` ${String(row.reason)}` : ''} #${String(row.id)}`,
			value: String(row.id),
		}),
		Math.min(PAGE, pageSizeCap(appointment, false)),
	);
	return filterByName(result, filter);
}

/** DrChrono has no name search on these lists, so the page is filtered here. */
function filterByName(result: INodeListSearchResult, filter?: string): INodeListSearchResult {
	const term = filter?.trim().toLowerCase();
	if (!term) return result;
	return { ...result, results: result.results.filter((r) => r.name.toLowerCase().includes(term)) };
}
