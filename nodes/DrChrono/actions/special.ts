import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ResourceSpec } from '../resources/types';
import { headerValue } from '../shared/headers';
import { drChronoApiRequest, drChronoDownload } from '../transport';
import type { DrChronoRequestOptions } from '../transport';
import { itemPath, quotaPolicy, scopeFor } from './context';
import { objectId } from './operations';

/**
 * Building blocks for the executors of the special operations resources declare (downloads, exam
 * rooms, iframe registration, ...): every call still goes through the one transport path and the
 * quota guard.
 */

/** Request options for a call of a special operation: the item, the scope it needs, the quota policy. */
export function callOptions(
	this: IExecuteFunctions,
	spec: ResourceSpec,
	access: 'read' | 'write',
	itemIndex: number,
): Pick<DrChronoRequestOptions, 'itemIndex' | 'scope' | 'quota'> {
	return { itemIndex, scope: scopeFor(spec, access) || undefined, quota: quotaPolicy.call(this, itemIndex) };
}

export const outputItem = (json: IDataObject, itemIndex: number): INodeExecutionData => ({
	json,
	pairedItem: { item: itemIndex },
});

/** Reads the object of the ID parameter (the resource locator when the resource has one). */
export async function getObject(
	this: IExecuteFunctions,
	spec: ResourceSpec,
	itemIndex: number,
	qs?: IDataObject,
): Promise<IDataObject> {
	const id = objectId.call(this, itemIndex);
	return await drChronoApiRequest.call(this, 'GET', itemPath(spec, id), {
		qs,
		...callOptions.call(this, spec, 'read', itemIndex),
	});
}

/** The file name from Content-Disposition, else the last segment of the URL's path. */
export function fileNameOf(url: string, headers: Record<string, string | string[] | undefined>): string {
	const disposition = headerValue(headers, 'content-disposition') ?? '';
	const quoted = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
	if (quoted) {
		try {
			return decodeURIComponent(quoted[1]);
		} catch {
			return quoted[1];
		}
	}
	let last = '';
	try {
		last = new URL(url).pathname.split('/').filter(Boolean).pop() ?? '';
	} catch {
		last = url.split('?')[0].split('/').pop() ?? '';
	}
	try {
		last = decodeURIComponent(last);
	} catch {
		// keep it as it is
	}
	return last || 'file';
}

/**
 * Download: GET the object, then fetch the file its `fileField` URL points to (through the
 * transport, binary) and output the object with the file as n8n binary data.
 */
export async function download(
	this: IExecuteFunctions,
	spec: ResourceSpec,
	itemIndex: number,
	fileField: string,
): Promise<INodeExecutionData[]> {
	const object = await getObject.call(this, spec, itemIndex);
	const url = object[fileField];
	if (typeof url !== 'string' || url === '') {
		throw new NodeOperationError(this.getNode(), `This ${spec.noun} has no file to download`, {
			itemIndex,
			description: `DrChrono returned no "${fileField}" URL for ${spec.name} ${String(object.id)}. If it was just uploaded, try again in a moment.`,
		});
	}
	const response = await drChronoDownload.call(this, url, callOptions.call(this, spec, 'read', itemIndex));
	const contentType = headerValue(response.headers, 'content-type')?.split(';')[0].trim();
	const property = this.getNodeParameter('binaryPropertyName', itemIndex, 'data') as string;
	const binary = await this.helpers.prepareBinaryData(
		response.body as Buffer,
		fileNameOf(url, response.headers),
		contentType && contentType !== 'application/octet-stream' ? contentType : undefined,
	);
	return [{ json: object, binary: { [property]: binary }, pairedItem: { item: itemIndex } }];
}
