import type { IDataObject } from 'n8n-workflow';

import type { ResourceSpec } from './types';

/** A record cut down to the resource's Simplify fields (those it has), as the action node and Poll Trigger output it. */
export function simplifyRecord(spec: Pick<ResourceSpec, 'simplify'>, row: IDataObject): IDataObject {
	const fields = spec.simplify ?? [];
	return Object.fromEntries(fields.filter((k) => k in row).map((k) => [k, row[k]]));
}
