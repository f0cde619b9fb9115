/**
 * DrChrono's answers that are errors: how n8n's helpers hand over a failed call, what DrChrono's
 * error bodies say, and the NodeApiError a user sees. (Calls that ended without a usable answer,
 * such as no quota slot, Stop or no answer in time, are worded in failures.ts.)
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

/** What an HTTP failure looked like, wherever n8n's helpers put it on the error they throw. */
export interface HttpFailure {
	status?: number;
	headers: Record<string, string | string[] | undefined>;
	data?: unknown;
	/** A network error code such as ECONNRESET, when no response came back. */
	code?: string;
	/** The request got no answer within its timeout. */
	timedOut?: boolean;
	/** n8n aborted the request: the execution was stopped. */
	cancelled?: boolean;
}

type ErrorLike = {
	httpCode?: string | number | null;
	code?: string;
	cause?: ErrorLike;
	response?: { status?: number; statusCode?: number; headers?: Record<string, string>; data?: unknown; body?: unknown };
	context?: { data?: unknown };
	message?: string;
	name?: string;
};

const NETWORK_CODES = new Set([
	'ECONNRESET',
	'ECONNREFUSED',
	'ECONNABORTED',
	'ETIMEDOUT',
	'EPIPE',
	'ENOTFOUND',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Gateway answers that a later try may not get: worth one more try where re-sending is safe. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/** Codes meaning the connection was never made, so DrChrono cannot have seen the request. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

export function describeFailure(error: unknown): HttpFailure {
	const e = (error ?? {}) as ErrorLike;
	const layers = [e, e.cause, e.cause?.cause].filter((l): l is ErrorLike => !!l);
	const response = layers.map((l) => l.response).find((r) => r !== undefined);
	let status = response?.status ?? response?.statusCode;
	if (status === undefined) {
		const code = Number(e.httpCode);
		if (Number.isInteger(code) && code >= 100) status = code;
	}
	const code = layers.map((l) => l.code).find((c) => typeof c === 'string' && NETWORK_CODES.has(c));
	const socketHangUp = layers.some((l) => /socket hang up/i.test(l.message ?? ''));
	const cancelled = layers.some(
		(l) => l.code === 'ERR_CANCELED' || /^(CanceledError|AbortError)$/.test(l.name ?? '') || /^canceled$/i.test(l.message ?? ''),
	);
	const timedOut = status === undefined && layers.some((l) => /timeout of \d+ ?ms exceeded/i.test(l.message ?? ''));
	return {
		cancelled: cancelled || undefined,
		timedOut: timedOut || undefined,
		status,
		headers: response?.headers ?? {},
		data: response?.data ?? response?.body ?? e.context?.data,
		code: code ?? (socketHangUp && status === undefined ? 'ECONNRESET' : undefined),
	};
}

export function isNetworkFailure(failure: HttpFailure): boolean {
	return failure.status === undefined && (failure.code !== undefined || failure.timedOut === true);
}

export function wasNeverSent(failure: HttpFailure): boolean {
	return !failure.timedOut && failure.code !== undefined && NOT_SENT_CODES.has(failure.code);
}

/** Text of an HTML error page: DrChrono's gateway answers some errors (a 401) with one. */
function htmlText(html: string): string {
	return html
		.replace(/<(head|script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]*>/g, ' ')
		.replace(/&nbsp;/g, ' ')
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&#39;/g, "'")
		.replace(/\s+/g, ' ')
		.trim();
}

export function parseBody(data: unknown): unknown {
	if (Buffer.isBuffer(data)) data = data.toString('utf8');
	else if (data instanceof ArrayBuffer) data = Buffer.from(data).toString('utf8');
	if (typeof data === 'string') {
		try {
			return JSON.parse(data);
		} catch {
			const text = /<\/?[a-z][\s\S]*>/i.test(data) ? htmlText(data) : data.trim();
			return text.slice(0, 300);
		}
	}
	return data;
}

/** Joins short texts into one sentence-ending paragraph: "A. B." rather than "item 1: A; item 2: B". */
function sentences(texts: string[]): string {
	return texts
		.map((t) => t.trim())
		.filter(Boolean)
		.map((t) => (/[.!?]$/.test(t) ? t : `${t}.`))
		.join(' ');
}

/**
 * DrChrono answers in Django REST Framework style: `{"detail": "..."}`, field errors
 * `{"gender": ["This field is required."]}`, OAuth errors `{"error_description": "..."}`, a plain
 * list of reasons `["Office already has the maximum number of exam rooms"]`, a list of objects for
 * a bulk create, or an HTML page. This flattens any of them into one readable sentence.
 */
export function drChronoErrorText(data: unknown): string {
	const body = parseBody(data);
	if (body === undefined || body === null || body === '') return '';
	if (typeof body === 'string') return body;
	if (Array.isArray(body)) {
		// A list of plain reasons is one message; a list of objects answers a bulk create, item by item.
		if (body.every((entry) => entry === null || typeof entry !== 'object')) {
			return sentences(body.map((entry) => (entry === null ? '' : String(entry))));
		}
		return body
			.map((entry, i) => {
				const text = drChronoErrorText(entry);
				return text ? `item ${i + 1}: ${text}` : '';
			})
			.filter(Boolean)
			.join('; ');
	}
	if (typeof body !== 'object') return String(body);
	const record = body as Record<string, unknown>;
	if (typeof record.detail === 'string') return record.detail;
	if (typeof record.error_description === 'string') return record.error_description;
	if (typeof record.error === 'string') return record.error;
	return Object.entries(record)
		.map(([field, value]) => {
			const text = Array.isArray(value)
				? value.map((v) => (typeof v === 'object' ? drChronoErrorText(v) : String(v))).join(' ')
				: typeof value === 'object' && value !== null
					? drChronoErrorText(value)
					: String(value);
			return field === 'non_field_errors' ? text : `${field}: ${text}`;
		})
		.join('; ');
}

/** True when DrChrono's answer names fields (`{"gender": [...]}`), so "fix the fields" makes sense. */
function namesFields(data: unknown): boolean {
	const body = parseBody(data);
	if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
	return Object.keys(body).some((k) => !['detail', 'error', 'error_description', 'non_field_errors'].includes(k));
}

const STATUS_HINTS: Record<number, string> = {
	401: 'DrChrono did not accept the access token even after a refresh. Reconnect the DrChrono credential.',
	404: 'DrChrono has no such object: check the ID, and that the DrChrono user who connected the credential can see it.',
	405: 'DrChrono does not allow this method on this path.',
	409: 'DrChrono reports a conflict, e.g. a duplicate patient or an overlapping appointment. Use the Allow Duplicates / Allow Overlapping options if that is intended.',
};

const STATUS_TITLES: Record<number, string> = {
	400: 'DrChrono rejected the request',
	401: 'DrChrono refused the credential',
	403: 'DrChrono refused access',
	404: 'Not found in DrChrono',
	405: 'Method not allowed by DrChrono',
	409: 'Conflict in DrChrono',
	429: 'DrChrono quota exceeded',
};

/**
 * Plain words for network error codes. The code itself stays out of the message: n8n replaces any
 * message holding ECONNRESET and the like with its own advice to "retry the request immediately",
 * which is wrong for a POST that may already have created something.
 */
const NETWORK_WORDS: Record<string, string> = {
	ECONNRESET: 'the connection was dropped',
	ECONNREFUSED: 'the connection was refused',
	ECONNABORTED: 'the connection was aborted',
	ETIMEDOUT: 'the connection timed out',
	EPIPE: 'the connection was closed while sending',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	ERR_SOCKET_CONNECTION_TIMEOUT: 'the connection timed out',
};

export interface ApiErrorContext {
	method: string;
	path: string;
	itemIndex?: number;
	scope?: string;
}

/** The error a user sees for a failed DrChrono call: the status, DrChrono's own words, what to do. */
export function toNodeApiError(node: INode, failure: HttpFailure, ctx: ApiErrorContext): NodeApiError {
	const status = failure.status;
	const text = drChronoErrorText(failure.data);
	let title: string;
	let description: string;
	if (status === undefined) {
		const words = failure.timedOut ? 'no answer in time' : (NETWORK_WORDS[failure.code ?? ''] ?? 'network error');
		title = `Could not reach DrChrono: ${words}`;
		description = `${ctx.method} ${ctx.path} did not get an answer. Check the network and the credential's server URL.`;
	} else {
		title = `${STATUS_TITLES[status] ?? (status >= 500 ? 'DrChrono server error' : 'DrChrono request failed')} (${status})`;
		if (status === 403) {
			const scope = ctx.scope ? `the scope ${ctx.scope}` : 'the scope this operation needs';
			description = `The credential must be connected with ${scope} (add it under Scopes in the credential, then reconnect), and the DrChrono user who connected it needs the matching permission in DrChrono.`;
		} else {
			description =
				(status === 400
					? namesFields(failure.data)
						? 'DrChrono rejected the request. Fix the fields it names and run again.'
						: 'DrChrono rejected the request for the reason it gives. Change what it names and run again.'
					: undefined) ??
				STATUS_HINTS[status] ??
				(status >= 500
					? 'DrChrono had a problem answering. Try again later.'
					: `${ctx.method} ${ctx.path} failed.`);
		}
	}
	const message = text ? `${title}: ${text}` : title;
	const errorResponse: JsonObject = { message, httpCode: status === undefined ? null : String(status) };
	const parsed = parseBody(failure.data);
	if (parsed !== undefined && parsed !== null && typeof parsed === 'object') {
		errorResponse.response = { data: parsed } as JsonObject;
	}
	return new NodeApiError(node, errorResponse, {
		message,
		description,
		httpCode: status === undefined ? undefined : String(status),
		itemIndex: ctx.itemIndex,
	});
}
