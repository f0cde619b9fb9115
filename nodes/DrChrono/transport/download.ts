import type { IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { headerValue } from '../shared/headers';
import type { DrChronoClient } from './client';
import { describeFailure, toNodeApiError } from './apiErrors';
import { drChronoRequest } from './request';
import type { DrChronoRequestOptions, DrChronoResponse } from './types';
import { onApiOrigin } from './urls';

/**
 * Fetches a file URL that DrChrono returned (a document, an attachment). A URL on the API's own
 * host goes through the one request path, with the token and a quota slot. A URL on another host is
 * a pre-signed storage link: it is fetched without the token (which must never leave DrChrono's
 * host) and costs no DrChrono quota. So is the target of a redirect from the API to another host.
 */
export async function drChronoDownload(
	this: DrChronoClient,
	url: string,
	options: Omit<DrChronoRequestOptions, 'url' | 'binary' | 'body' | 'multipart'> = {},
): Promise<DrChronoResponse<Buffer>> {
	const { apiUrl } = this.connection;
	let target: URL;
	try {
		target = new URL(url, apiUrl);
	} catch {
		throw new NodeOperationError(this.getNode(), `DrChrono returned a file URL that is not valid: ${url}`, {
			itemIndex: this.itemIndex,
		});
	}
	const onApi = onApiOrigin(apiUrl, target.toString());
	if (onApi !== undefined) {
		const response = (await drChronoRequest.call(this, 'GET', onApi, {
			...options,
			url: onApi,
			binary: true,
			foreignRedirects: 'return',
		})) as DrChronoResponse<Buffer>;
		if (response.statusCode < 300 || response.statusCode >= 400) return response;
		// DrChrono sent the file's bytes elsewhere (a storage link): follow it, without the token.
		target = new URL(headerValue(response.headers, 'location') as string, onApi);
	}
	if (target.protocol !== 'https:' && target.protocol !== 'http:') {
		throw new NodeOperationError(this.getNode(), `Cannot download from ${target.protocol} URLs`, {
			itemIndex: this.itemIndex,
		});
	}
	return await fetchSignedFile.call(this, target.toString());
}

/** A plain GET of a pre-signed link: no credential is read or sent here. */
async function fetchSignedFile(
	this: DrChronoClient,
	url: string,
): Promise<DrChronoResponse<Buffer>> {
	const itemIndex = this.itemIndex;
	const request: IHttpRequestOptions = {
		method: 'GET',
		url,
		encoding: 'arraybuffer',
		returnFullResponse: true,
		json: false,
		// Read the status here, the same way on every n8n line.
		ignoreHttpStatusErrors: true,
	};
	let response: DrChronoResponse<Buffer | ArrayBuffer>;
	try {
		response = (await this.sendWithoutToken(request)) as DrChronoResponse<Buffer | ArrayBuffer>;
	} catch (error) {
		throw toNodeApiError(this.getNode(), describeFailure(error), {
			method: 'GET',
			path: new URL(url).pathname,
			itemIndex,
		});
	}
	const body = Buffer.isBuffer(response.body) ? response.body : Buffer.from(response.body ?? []);
	const headers = response.headers ?? {};
	if (response.statusCode < 200 || response.statusCode >= 300) {
		throw toNodeApiError(this.getNode(), { status: response.statusCode, headers, data: body }, {
			method: 'GET',
			path: new URL(url).pathname,
			itemIndex,
		});
	}
	return { statusCode: response.statusCode, headers, body };
}
