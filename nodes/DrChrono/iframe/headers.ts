/**
 * The headers that let DrChrono, and only DrChrono, show the panel in its page.
 *
 * - `Content-Security-Policy: frame-ancestors https://*.drchrono.com` (plus the origin of a custom
 *   server credential, e.g. the local sandbox, plus origins the user adds): browsers then refuse to
 *   render the page inside any other site, so it cannot be clickjacked elsewhere.
 * - No `X-Frame-Options`: DENY or SAMEORIGIN would stop DrChrono's own iframe.
 * - `Cache-Control: no-store` (the page shows patient data) and `Referrer-Policy: no-referrer`
 *   (the URL holds the token and the patient ID; links in the panel must not hand them on).
 *
 * n8n writes the response of the workflow itself (Last Node / Respond to Webhook modes) after the
 * trigger has returned, and since its HTML sandboxing (n8n 1.10x+, 2.x) it sets its own
 * `Content-Security-Policy: sandbox ...` on every webhook response, replacing any earlier one. So
 * besides setting the headers now, the response's `setHeader` is wrapped: a later CSP keeps its
 * directives and gets this frame-ancestors directive added, and a later X-Frame-Options is dropped.
 */

export const DRCHRONO_FRAME_ANCESTOR = 'https://*.drchrono.com';

/** A CSP host source with a scheme: `https://host`, `https://*.host`, optional port. */
const HOST_SOURCE = /^https?:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?$/i;

export interface FramingCredential {
	server?: unknown;
	baseUrl?: unknown;
}

export interface FrameAncestors {
	sources: string[];
	/** Entries of the user's list that are not origins and were left out. */
	ignored: string[];
}

/** The origin of a custom server (sandbox, proxy), when the credential uses one. */
export function customServerOrigin(credential: FramingCredential): string | undefined {
	if (credential.server !== 'custom' || typeof credential.baseUrl !== 'string' || credential.baseUrl === '') {
		return undefined;
	}
	try {
		const url = new URL(credential.baseUrl);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
	} catch {
		return undefined;
	}
}

/** Who may frame the page: DrChrono, a custom server of the credential, and the user's extra origins. */
export function frameAncestors(credential: FramingCredential, additional = ''): FrameAncestors {
	const sources = [DRCHRONO_FRAME_ANCESTOR];
	const ignored: string[] = [];
	const custom = customServerOrigin(credential);
	if (custom) sources.push(custom);
	for (const entry of additional.split(/[\s,]+/).filter(Boolean)) {
		const origin = entry.replace(/\/+$/, '');
		if (!HOST_SOURCE.test(origin)) ignored.push(entry);
		else if (!sources.includes(origin)) sources.push(origin);
	}
	return { sources, ignored };
}

export function frameAncestorsDirective(sources: readonly string[]): string {
	return `frame-ancestors ${sources.join(' ')}`;
}

/** `policy` with its frame-ancestors directive (if any) replaced by `directive`. */
export function withFrameAncestors(policy: string, directive: string): string {
	const kept = policy
		.split(';')
		.map((part) => part.trim())
		.filter((part) => part !== '' && !/^frame-ancestors(\s|$)/i.test(part));
	return [...kept, directive].join('; ');
}

type HeaderValue = number | string | readonly string[];

/** The part of Node's / express's response that is used here. */
export interface HeaderTarget {
	setHeader(name: string, value: HeaderValue): unknown;
	removeHeader?(name: string): void;
}

const FRAMING = Symbol.for('n8n-nodes-drchrono.iframeFraming');

/** Sets the framing headers on `res` and keeps them through whatever n8n sets later. */
export function applyFramingHeaders(res: HeaderTarget, sources: readonly string[]): void {
	const target = res as HeaderTarget & { [FRAMING]?: string };
	const firstCall = target[FRAMING] === undefined;
	target[FRAMING] = frameAncestorsDirective(sources);
	if (firstCall) {
		const setHeader = res.setHeader.bind(res);
		const rewrite = (policy: string | number) => withFrameAncestors(String(policy), target[FRAMING] as string);
		target.setHeader = (name: string, value: HeaderValue) => {
			const lower = name.toLowerCase();
			if (lower === 'x-frame-options') return res;
			if (lower !== 'content-security-policy') return setHeader(name, value);
			return setHeader(name, Array.isArray(value) ? (value as string[]).map(rewrite) : rewrite(value as string | number));
		};
	}
	res.removeHeader?.('X-Frame-Options');
	res.setHeader('Content-Security-Policy', target[FRAMING]);
	res.setHeader('Cache-Control', 'no-store');
	res.setHeader('Referrer-Policy', 'no-referrer');
}
