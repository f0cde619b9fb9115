import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { headerValue } from '../shared/headers';
import type { Headers } from '../shared/headers';
import { drChronoApiRequest, drChronoDownload } from '../transport';
import type { ResourceCall } from './call';

/** The file name from Content-Disposition, else the last segment of the URL's path. */
export function fileNameOf(url: string, headers: Headers): string {
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
 * Download (documents, lab documents, amendments): GET the object, then fetch the file its
 * `fileField` URL points to (through the transport, binary) and output the object with the file as
 * n8n binary data.
 */
export async function download(call: ResourceCall): Promise<INodeExecutionData[]> {
	const { spec } = call;
	const fileField = spec.special?.find((op) => op.value === call.operation)?.fileField ?? 'document';
	const object = await drChronoApiRequest.call(call.client, 'GET', call.objectPath(), { scope: call.scope('read') });
	const url = object[fileField];
	if (typeof url !== 'string' || url === '') {
		throw call.fail(
			`This ${spec.noun} has no file to download`,
			`DrChrono returned no "${fileField}" URL for ${spec.name} ${String(object.id)}. If it was just uploaded, try again in a moment.`,
		);
	}
	return await fileItems(call, url, object);
}

/**
 * Fetches a file URL DrChrono returned (through the transport's download path, so the token stays
 * on the API host) and outputs `json` with the file in the binary field the user named. `fallback`
 * names and types a file whose answer does not say what it is.
 */
export async function fileItems(
	call: ResourceCall,
	url: string,
	json: IDataObject,
	fallback: { fileName?: string; mimeType?: string; scope?: string } = {},
): Promise<INodeExecutionData[]> {
	const response = await drChronoDownload.call(call.client, url, { scope: fallback.scope ?? call.scope('read') });
	const contentType = headerValue(response.headers, 'content-type')?.split(';')[0].trim();
	const property = call.param('binaryPropertyName', 'data');
	const named = fileNameOf(url, response.headers);
	const binary = await call.context.helpers.prepareBinaryData(
		response.body,
		fallback.fileName && (named === 'file' || !named.includes('.')) ? fallback.fileName : named,
		contentType && contentType !== 'application/octet-stream' ? contentType : fallback.mimeType,
	);
	return call.output(json, { [property]: binary });
}
