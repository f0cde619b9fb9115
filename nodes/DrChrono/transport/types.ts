import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { QuotaSharing } from '../quota';

/** Every n8n context that may call DrChrono: node runs, dropdown look-ups, trigger hooks, webhooks and polls. */
export type DrChronoContext =
	| IExecuteFunctions
	| ILoadOptionsFunctions
	| IHookFunctions
	| IWebhookFunctions
	| IPollFunctions;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface MultipartFile {
	name: string;
	data: Buffer;
	fileName: string;
	mimeType: string;
}

export interface DrChronoRequestOptions {
	qs?: IDataObject;
	/** JSON body (an array creates several objects at once). */
	body?: IDataObject | IDataObject[];
	/** multipart/form-data body: plain fields plus files (documents, attachments). */
	multipart?: { fields: IDataObject; files: MultipartFile[] };
	/** An absolute URL on the API's own origin (a `next` link, a document URL) instead of a path. */
	url?: string;
	/** Return the body as a Buffer (file downloads). */
	binary?: boolean;
	/** The OAuth scope the call needs, named in the error when DrChrono answers 403. */
	scope?: string;
	/**
	 * A redirect to another host is refused (the token must not follow it), or, for file downloads,
	 * returned to the caller, which fetches the pre-signed link without the token.
	 */
	foreignRedirects?: 'refuse' | 'return';
}

export interface DrChronoResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string | string[] | undefined>;
	body: T;
	/** A DELETE re-sent after a fault found the object gone: the first try deleted it. */
	alreadyGone?: boolean;
}

/** The credential fields the transport reads (the rest belongs to n8n's OAuth2 machinery). */
export interface DrChronoConnection {
	apiUrl: string;
	appKey: string;
	quota: number;
	reserve: number;
	perSecond: number;
	windowMs: number;
	/** The credential's Quota Sharing: the store all n8n processes share the quota through, if set. */
	sharing?: QuotaSharing;
}
