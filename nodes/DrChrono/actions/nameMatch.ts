import type { IDataObject } from 'n8n-workflow';

import type { ResourceSpec } from '../resources/types';

/**
 * Filters the node applies itself (`local` filter fields) come out of the query before it is sent;
 * returns them by key.
 */
export function takeLocalFilters(spec: ResourceSpec, qs: IDataObject): IDataObject {
	const local: IDataObject = {};
	for (const field of spec.filters ?? []) {
		if (!field.local || !(field.key in qs)) continue;
		local[field.key] = qs[field.key];
		delete qs[field.key];
	}
	return local;
}

/**
 * DrChrono matches name filters by prefix, ignoring case ("Chris" finds Chrissy). With Exact Name
 * Match on, only rows whose names equal the ones asked for (ignoring case) are kept.
 */
export function keepExactNames(spec: ResourceSpec, rows: IDataObject[], qs: IDataObject, local: IDataObject): IDataObject[] {
	if (local.exact_name_match !== true) return rows;
	const wanted = (spec.prefixFilters ?? [])
		.filter((key) => typeof qs[key] === 'string' && qs[key] !== '')
		.map((key) => [key, (qs[key] as string).trim().toLowerCase()] as const);
	if (wanted.length === 0) return rows;
	return rows.filter((row) => wanted.every(([key, value]) => String(row[key] ?? '').trim().toLowerCase() === value));
}
