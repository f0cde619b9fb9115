import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { AcquirePolicy, QuotaGuard, ReleaseSlot } from '../quota';
import { QuotaExhaustedError, getQuotaGuard } from '../quota';
import { CREDENTIAL_TYPE, connectionFromCredentials } from './connection';
import { describeFailure, isNetworkFailure, toNodeApiError, wasNeverSent } from './errors';
import type { HttpFailure } from './errors';
import { buildMultipart } from './multipart';
import type {
	DrChronoContext,
	DrChronoRequestOptions,
	DrChronoResponse,
	HttpMethod,
} from './types';

export const DEFAULT_QUOTA_POLICY: AcquirePolicy = { onExhausted: 'wait', maxWaitMs: 60 * 60_000 };

/** Backoff before retry n (1-based) of an idempotent request after a transient fault. */
const RETRY_DELAYS_MS = [300, 1000, 3000];
const TRANSIENT_STATUSES = new Set([502, 503, 504]);
const MAX_REDIRECTS = 5;
const MAX_RATE_LIMIT_RETRIES = 3;

function headerValue(headers: DrChronoResponse['headers'], name: string): string | undefined {
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	return Array.isArray(value) ? value[0] : value;
}

/** Retry-After in ms, as seconds or an HTTP date; DrChrono documents none, but honour it if sent. */
function retryAfterMs(headers: DrChronoResponse['headers'], now: number): number | undefined {
	const value = headerValue(headers, 'retry-after');
	if (value === undefined) return undefined;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Resolves a path or an absolute URL against the API origin. Absolute URLs (pagination `next`
 * links, redirects, document URLs) must stay on that origin: the OAuth token goes with every call
 * and must never be sent to another host.
 */
function resolveUrl(apiUrl: string, pathOrUrl: string): string {
	const base = new URL(apiUrl);
	const target = new URL(pathOrUrl, base);
	if (target.origin !== base.origin) {
		throw new Error(`Refusing to send the DrChrono token to ${target.origin}; the API is at ${base.origin}`);
	}
	return target.toString();
}

function displayPath(url: string): string {
	const u = new URL(url);
	return u.pathname;
}

/**
 * The one way this package talks to DrChrono. Every call takes a quota slot first, goes through n8n's
 * authenticated request helper (so n8n refreshes an expired token and stores the rotated one),
 * follows DrChrono's 302s with the same method and token, retries transient faults of idempotent
 * calls, and turns failures into errors that say what to fix.
 */
export async function drChronoRequest<T = unknown>(
	this: DrChronoContext,
	method: HttpMethod,
	pathOrUrl: string,
	options: DrChronoRequestOptions = {},
): Promise<DrChronoResponse<T>> {
	const node = this.getNode();
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const connection = connectionFromCredentials(credentials);
	const policy = options.quota ?? DEFAULT_QUOTA_POLICY;
	const guard = getQuotaGuard(connection.appKey, connection);

	let url: string;
	try {
		url = resolveUrl(connection.apiUrl, options.url ?? pathOrUrl);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { itemIndex: options.itemIndex });
	}

	const headers: Record<string, string> = {};
	let body: IHttpRequestOptions['body'];
	if (options.multipart) {
		const form = buildMultipart(options.multipart.fields, options.multipart.files);
		body = form.body;
		headers['Content-Type'] = form.contentType;
	} else if (options.body !== undefined) {
		body = options.body as IDataObject;
		headers['Content-Type'] = 'application/json';
	}

	let attempt = 0;
	let rateLimited = 0;
	let redirects = 0;
	let currentUrl = url;
	let qs = options.qs;

	for (;;) {
		const release = await takeSlot.call(this, guard, policy, options.itemIndex);
		const request: IHttpRequestOptions = {
			method,
			url: currentUrl,
			qs,
			headers: { ...headers },
			body,
			json: !options.binary,
			encoding: options.binary ? 'arraybuffer' : undefined,
			returnFullResponse: true,
			// DrChrono warns that clients re-send redirected requests wrongly; follow them here instead.
			disableFollowRedirect: true,
		};
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_TYPE,
				request,
			)) as { statusCode: number; headers: DrChronoResponse['headers']; body: T };
			release();
			if (options.binary && !Buffer.isBuffer(response.body)) {
				response.body = Buffer.from(response.body as unknown as ArrayBuffer) as unknown as T;
			}
			return { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body };
		} catch (error) {
			release();
			const failure: HttpFailure = describeFailure(error);
			const status = failure.status;

			if (status !== undefined && status >= 300 && status < 400) {
				const location = headerValue(failure.headers, 'location');
				if (location && redirects < MAX_REDIRECTS) {
					redirects++;
					try {
						currentUrl = resolveUrl(connection.apiUrl, new URL(location, currentUrl).toString());
					} catch (e) {
						throw new NodeOperationError(node, (e as Error).message, { itemIndex: options.itemIndex });
					}
					// The Location carries its own query string.
					qs = undefined;
					continue;
				}
			}

			if (status === 429) {
				guard.reportRateLimited(retryAfterMs(failure.headers, Date.now()));
				// A 429 means DrChrono did not process the call, so even a POST may be sent again.
				if (policy.onExhausted === 'wait' && rateLimited < MAX_RATE_LIMIT_RETRIES) {
					rateLimited++;
					continue;
				}
				const snapshot = guard.snapshot();
				throw new NodeOperationError(
					node,
					guard.exhaustedError(Math.max(snapshot.blockedUntil, snapshot.resetsAt)).message,
					{
						itemIndex: options.itemIndex,
						description:
							'DrChrono answered 429 Too Many Requests. Another system may be using the same API application; set Calls to Keep in Reserve on the credential to leave room for it.',
					},
				);
			}

			if (status === undefined && failure.code === undefined) {
				// Not an HTTP answer at all, e.g. n8n could not refresh the token: its own words are best.
				throw new NodeOperationError(node, error as Error, {
					itemIndex: options.itemIndex,
					description:
						'If the message mentions the credential or a token, reconnect the DrChrono credential (Credentials > DrChrono > Reconnect).',
				});
			}

			const transient = isNetworkFailure(failure) || (status !== undefined && TRANSIENT_STATUSES.has(status));
			// POST is not idempotent: once it may have reached DrChrono it is never sent again, so
			// nothing is created twice. Only a connection that was never made is safe to retry.
			const retryable = method === 'POST' ? wasNeverSent(failure) : transient;
			if (retryable && options.retry !== false && attempt < RETRY_DELAYS_MS.length) {
				await sleep(RETRY_DELAYS_MS[attempt]);
				attempt++;
				continue;
			}

			const apiError = toNodeApiError(node, failure, {
				method,
				path: displayPath(currentUrl),
				itemIndex: options.itemIndex,
				scope: options.scope,
			});
			if (method === 'POST' && transient && !wasNeverSent(failure)) {
				apiError.description =
					'The connection failed after the request was sent, so DrChrono may have created the object. It was not sent again, to avoid a duplicate: check DrChrono before running this item again.';
			}
			throw apiError;
		}
	}
}

async function takeSlot(
	this: DrChronoContext,
	guard: QuotaGuard,
	policy: AcquirePolicy,
	itemIndex?: number,
): Promise<ReleaseSlot> {
	try {
		return await guard.acquire(policy);
	} catch (error) {
		if (error instanceof QuotaExhaustedError) {
			throw new NodeOperationError(this.getNode(), error.message, {
				itemIndex,
				description:
					policy.onExhausted === 'fail'
						? 'On Quota Exhausted is set to Fail. Set it to Wait to let the workflow wait for the reset, or ask DrChrono (api@drchrono.com) for a higher quota.'
						: 'Raise Max Wait in On Quota Exhausted, run the workflow after the reset, or ask DrChrono (api@drchrono.com) for a higher quota.',
			});
		}
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
}

/** The JSON body of a call; the common case. (A bulk create answers with a list: cast it.) */
export async function drChronoApiRequest(
	this: DrChronoContext,
	method: HttpMethod,
	pathOrUrl: string,
	options: DrChronoRequestOptions = {},
): Promise<IDataObject> {
	const response = await drChronoRequest.call(this, method, pathOrUrl, options);
	return response.body as IDataObject;
}
