import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { ReleaseSlot } from '../quota';
import { headerValue } from '../shared/headers';
import type { DrChronoClient } from './client';
import { TRANSIENT_STATUSES, describeFailure, isNetworkFailure, toNodeApiError, wasNeverSent } from './apiErrors';
import type { HttpFailure } from './apiErrors';
import { buildMultipart } from './multipart';
import { networkError, quotaRefusalError, rateLimitError, stoppedError } from './failures';
import { redirectTarget } from './redirects';
import { retryAfterMs } from './retryAfter';
import type { DrChronoRequestOptions, DrChronoResponse, HttpMethod } from './types';
import { displayPath, resolveApiUrl } from './urls';

/** Backoff before retry n (1-based) of an idempotent request after a transient fault. */
const RETRY_DELAYS_MS = [300, 1000, 3000];
/** Gateway answers after which DrChrono may have done the work although the client saw a failure. */
const MAYBE_PROCESSED_STATUSES = new Set([502, 504]);
const MAX_RATE_LIMIT_RETRIES = 3;

/**
 * The one way this package talks to DrChrono. Every call sent takes a quota slot first (a re-send
 * after a token refresh, a redirect or a fault takes another), goes through n8n's authenticated
 * request helper, and reads DrChrono's answer itself: n8n is asked not to throw on HTTP errors, so
 * status, headers and body look the same on every n8n version. It refreshes the token on a 401
 * through n8n (which stores the rotated one), follows DrChrono's redirects where that is safe,
 * retries transient faults of idempotent calls, and turns failures into errors that say what to fix.
 * What it may do (quota policy, timeout, retries, Stop) is the client's, decided by the entry point.
 */
export async function drChronoRequest<T = unknown>(
	this: DrChronoClient,
	method: HttpMethod,
	pathOrUrl: string,
	options: DrChronoRequestOptions = {},
): Promise<DrChronoResponse<T>> {
	const node = this.getNode();
	const { itemIndex, connection, guard, policy, signal, timeoutMs } = this;
	const retry = this.retry;

	let url: string;
	try {
		url = resolveApiUrl(connection.apiUrl, options.url ?? pathOrUrl);
	} catch (error) {
		throw new NodeOperationError(node, (error as Error).message, { itemIndex });
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
	let refreshed = false;
	/** An earlier try may have reached DrChrono (dropped connection, gateway error). */
	let mayHaveArrived = false;
	let currentUrl = url;
	let qs = options.qs;

	for (;;) {
		if (signal?.aborted) throw stoppedError(node, itemIndex);
		const release = await takeSlot(this);
		if (signal?.aborted) {
			release();
			throw stoppedError(node, itemIndex);
		}
		const request: IHttpRequestOptions = {
			method,
			url: currentUrl,
			qs,
			headers: { ...headers },
			body,
			json: !options.binary,
			encoding: options.binary ? 'arraybuffer' : undefined,
			returnFullResponse: true,
			// Every status comes back as a response, so this code reads it the same way on every n8n line.
			ignoreHttpStatusErrors: true,
			// DrChrono warns that clients re-send redirected requests wrongly; they are handled here instead.
			disableFollowRedirect: true,
			timeout: timeoutMs,
			...(signal ? { abortSignal: signal } : {}),
		};
		const started = Date.now();
		let response: DrChronoResponse<T>;
		try {
			response = (await this.send(request)) as DrChronoResponse<T>;
			release();
		} catch (error) {
			release();
			const failure: HttpFailure = describeFailure(error);
			if (failure.cancelled || signal?.aborted) throw stoppedError(node, itemIndex);
			if (failure.status !== undefined) {
				// Some n8n paths still throw on an HTTP status: read it as the answer it is.
				response = { statusCode: failure.status, headers: failure.headers, body: failure.data as T };
			} else {
				if (!failure.timedOut && Date.now() - started >= timeoutMs && (failure.code === undefined || /ECONNABORTED|ETIMEDOUT/.test(failure.code))) {
					failure.timedOut = true;
				}
				if (!isNetworkFailure(failure)) {
					// Not an HTTP answer at all, e.g. n8n could not refresh the token: its own words are best.
					throw new NodeOperationError(node, error as Error, {
						itemIndex,
						description:
							'If the message mentions the credential or a token, reconnect the DrChrono credential (Credentials > DrChrono > Reconnect).',
					});
				}
				// POST is not idempotent: once it may have reached DrChrono it is never sent again, so
				// nothing is created twice. Only a connection that was never made is safe to retry.
				const retryable = method === 'POST' ? wasNeverSent(failure) : true;
				if (retryable && retry && attempt < RETRY_DELAYS_MS.length) {
					if (!wasNeverSent(failure)) mayHaveArrived = true;
					await sleep(RETRY_DELAYS_MS[attempt]);
					attempt++;
					continue;
				}
				throw networkError(node, failure, method, currentUrl, timeoutMs, itemIndex, options.scope);
			}
		}

		const status = response.statusCode;
		response.headers = response.headers ?? {};
		if (status >= 200 && status < 300) {
			if (options.binary && !Buffer.isBuffer(response.body)) {
				response.body = Buffer.from(response.body as unknown as ArrayBuffer) as unknown as T;
			}
			return { statusCode: status, headers: response.headers, body: response.body };
		}

		if (status === 401 && !refreshed) {
			// The token expired: have n8n refresh it (and store the rotated one), then send once more.
			refreshed = true;
			await refreshToken(this);
			continue;
		}

		if (status >= 300 && status < 400) {
			const next = redirectTarget(node, response, method, currentUrl, connection.apiUrl, redirects, itemIndex);
			if (next === 'foreign') {
				if (options.foreignRedirects === 'return') return response;
				const location = new URL(headerValue(response.headers, 'location') as string, currentUrl);
				throw new NodeOperationError(
					node,
					`DrChrono redirected ${method} ${displayPath(currentUrl)} to ${location.origin}; refusing to send the DrChrono token there`,
					{ itemIndex },
				);
			}
			redirects++;
			currentUrl = next;
			// The Location carries its own query string.
			qs = undefined;
			continue;
		}

		if (status === 429) {
			// Reported in the same tick as the slot's release, as the guard needs for a probe call.
			guard.reportRateLimited(retryAfterMs(response, Date.now()));
			// A 429 means DrChrono did not process the call, so even a POST may be sent again. Under
			// Wait the guard holds the next try until the time DrChrono named (or refuses it at once
			// when that is beyond Max Wait).
			if (policy.onExhausted === 'wait' && rateLimited < MAX_RATE_LIMIT_RETRIES) {
				rateLimited++;
				continue;
			}
			throw rateLimitError(node, guard, itemIndex);
		}

		if (status === 404 && method === 'DELETE' && mayHaveArrived) {
			// The earlier try that failed on the way back did delete it.
			return { statusCode: status, headers: response.headers, body: response.body, alreadyGone: true };
		}

		const failure: HttpFailure = { status, headers: response.headers, data: response.body };
		const transient = TRANSIENT_STATUSES.has(status);
		if (transient && method !== 'POST' && retry && attempt < RETRY_DELAYS_MS.length) {
			if (MAYBE_PROCESSED_STATUSES.has(status)) mayHaveArrived = true;
			await sleep(RETRY_DELAYS_MS[attempt]);
			attempt++;
			continue;
		}

		const apiError = toNodeApiError(node, failure, {
			method,
			path: displayPath(currentUrl),
			itemIndex,
			scope: options.scope,
		});
		if (method === 'POST' && transient) {
			apiError.description =
				'The request reached DrChrono but failed on the way back, so DrChrono may have created the object. It was not sent again, to avoid a duplicate: check DrChrono before running this item again.';
		}
		throw apiError;
	}
}

/** Has n8n refresh the OAuth token (it stores the rotated refresh token); the caller sends again. */
async function refreshToken(client: DrChronoClient): Promise<void> {
	try {
		await client.refreshToken();
	} catch (error) {
		const text = (error as Error).message ?? String(error);
		throw new NodeOperationError(
			client.getNode(),
			/reconnect/i.test(text) ? text : `The DrChrono credential needs to be reconnected: its token could not be refreshed (${text})`,
			{
				itemIndex: client.itemIndex,
				description:
					'DrChrono refused the refresh token: it was revoked, expired, or rotated by another system. Open the DrChrono credential and reconnect it.',
			},
		);
	}
}

async function takeSlot(client: DrChronoClient): Promise<ReleaseSlot> {
	try {
		return await client.guard.acquire(client.policy);
	} catch (error) {
		throw quotaRefusalError(client.getNode(), error, client.policy, client.itemIndex);
	}
}

/** The JSON body of a call; the common case. (A bulk create answers with a list: cast it.) */
export async function drChronoApiRequest(
	this: DrChronoClient,
	method: HttpMethod,
	pathOrUrl: string,
	options: DrChronoRequestOptions = {},
): Promise<IDataObject> {
	const response = await drChronoRequest.call(this, method, pathOrUrl, options);
	return response.body as IDataObject;
}
