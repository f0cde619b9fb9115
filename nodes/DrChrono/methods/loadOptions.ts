import type { IDataObject, ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { appointmentProfile } from '../resources/appointmentProfile';
import { patientFlagType } from '../resources/patientFlagType';
import { scopeFor } from '../resources/scopes';
import { pathIdProblem } from '../shared/pathIds';
import { DrChronoClient, EDITOR_LOOKUP, drChronoApiRequest, drChronoListRequest } from '../transport';

const byName = (a: INodePropertyOptions, b: INodePropertyOptions) => a.name.localeCompare(b.name);

async function listOptions(
	this: ILoadOptionsFunctions,
	path: string,
	scope: string,
	label: (row: IDataObject) => string,
): Promise<INodePropertyOptions[]> {
	const client = await DrChronoClient.connect(this, EDITOR_LOOKUP);
	const rows = await drChronoListRequest.call(client, path, { scope, limit: 250 });
	return rows.map((row) => ({ name: label(row), value: row.id as number })).sort(byName);
}

/** The exam rooms of the office chosen above (rooms are numbered per office). */
export async function getExamRooms(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const office = this.getCurrentNodeParameter('office', { extractValue: true }) as string | number | undefined;
	if (office === undefined || office === '') return [];
	// An id goes into the path only if DrChrono could have issued it (no `.` or `..`: shared/pathIds.ts).
	const problem = pathIdProblem('Office', office);
	if (problem) throw new NodeOperationError(this.getNode(), problem);
	const client = await DrChronoClient.connect(this, EDITOR_LOOKUP);
	const row = (await drChronoApiRequest.call(client, 'GET', `/api/offices/${office}`, {
		scope: 'user:read',
	})) as IDataObject;
	const rooms = (row.exam_rooms as IDataObject[] | undefined) ?? [];
	return rooms.map((room) => ({
		name: `${String(room.name ?? `Room ${String(room.index)}`)}`,
		value: room.index as number,
	}));
}

export async function getAppointmentProfiles(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await listOptions.call(this, appointmentProfile.path, scopeFor(appointmentProfile, 'read'), (row) =>
		`${String(row.name)}${row.duration ? ` (${String(row.duration)} min)` : ''}`,
	);
}

export async function getTaskStatuses(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await listOptions.call(this, '/api/task_statuses', 'tasks:read', (row) => String(row.name));
}

export async function getTaskCategories(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await listOptions.call(this, '/api/task_categories', 'tasks:read', (row) => String(row.name));
}

export async function getPatientFlagTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await listOptions.call(this, patientFlagType.path, scopeFor(patientFlagType, 'read'), (row) => String(row.name));
}
