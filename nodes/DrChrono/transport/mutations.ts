import type { IDataObject } from 'n8n-workflow';

import { drChronoApiRequest, drChronoRequest } from './request';
import type { DrChronoClient } from './client';
import type { DrChronoRequestOptions } from './types';

export interface UpdateOptions extends Omit<DrChronoRequestOptions, 'url' | 'binary' | 'body' | 'multipart'> {
	/** GET the object after DrChrono's empty 204 so the node outputs it (one more call). */
	refetch?: boolean;
	/** Query of that read, e.g. `verbose=true` for the fields DrChrono leaves out otherwise. */
	refetchQs?: IDataObject;
	/** The scope the read needs (the update itself needs `scope`). */
	refetchScope?: string;
}

/**
 * PUT/PATCH answer 204 with no body in API v4, so by default the object is read back and returned;
 * callers can skip that to save a call per item. An API version that still answers 200 with the
 * object is used as it is.
 */
export async function drChronoUpdate(
	this: DrChronoClient,
	path: string,
	body: IDataObject,
	options: UpdateOptions = {},
): Promise<IDataObject> {
	const { refetch = true, refetchQs, refetchScope, ...requestOptions } = options;
	const response = await drChronoRequest.call(this, 'PATCH', path, { ...requestOptions, body });
	const returned = response.body;
	if (returned && typeof returned === 'object' && !Array.isArray(returned) && Object.keys(returned).length > 0) {
		return returned as IDataObject;
	}
	if (!refetch) return { id: idFromPath(path), updated: true };
	return (await drChronoApiRequest.call(this, 'GET', path, {
		qs: refetchQs,
		scope: refetchScope ?? requestOptions.scope,
	})) as IDataObject;
}

/**
 * DELETE answers 204; the node outputs which object went. When the first try failed on the way back
 * and the re-sent DELETE finds nothing, the first one did the work: that is reported as deleted.
 */
export async function drChronoDelete(
	this: DrChronoClient,
	path: string,
	options: Omit<DrChronoRequestOptions, 'url' | 'binary' | 'body' | 'multipart'> = {},
): Promise<IDataObject> {
	const response = await drChronoRequest.call(this, 'DELETE', path, options);
	if (response.alreadyGone) {
		return {
			id: idFromPath(path),
			deleted: true,
			alreadyGone: true,
			note: 'The first try was cut off on the way back; when it was sent again the object was already gone.',
		};
	}
	return { id: idFromPath(path), deleted: true };
}

function idFromPath(path: string): string | number {
	const last = path.replace(/\/+$/, '').split('/').pop() ?? '';
	return /^\d+$/.test(last) ? Number(last) : last;
}
