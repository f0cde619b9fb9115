import type { INodeExecutionData } from 'n8n-workflow';

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
	const response = await drChronoDownload.call(call.client, url, { scope: call.scope('read') });
	const contentType = headerValue(response.headers, 'content-type')?.split(';')[0].trim();
	const property = call.param('binaryPropertyName', 'data');
	const binary = await call.context.helpers.prepareBinaryData(
		response.body,
		fileNameOf(url, response.headers),
		contentType && contentType !== 'application/octet-stream' ? contentType : undefined,
	);
	return call.output(object, { [property]: binary });
}
