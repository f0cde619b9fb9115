/**
 * The HTTP server: routes /o/ (OAuth), /api/ (REST) and /_sandbox/ (control), turns thrown
 * HttpErrors into DRF-style answers, and writes a one-line access log that never holds patient
 * data (method, normalised path without query, status, ms).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ApiHandler } from './api';
import { ControlHandler } from './control';
import { baseUrlOf, HttpError, sendJson } from './http';
import { IframePages, isIframePage } from './iframePages';
import { OAuthHandler } from './oauth';
import type { SandboxRuntime } from './runtime';
import { normalisePath } from './stats';

export function createSandboxServer(rt: SandboxRuntime): http.Server {
	const oauth = new OAuthHandler(rt.auth, () => {
		const user = rt.store.collection('users').get(rt.store.meta.primaryUserId);
		const doctor = user ? rt.store.collection('doctors').get(user.doctor as number) : undefined;
		return doctor ? `Dr. ${String(doctor.first_name)} ${String(doctor.last_name)}` : 'sandbox user';
	});
	const api = new ApiHandler(rt);
	const control = new ControlHandler(rt);
	const iframePages = new IframePages(rt);

	const handle = async (req: IncomingMessage, res: ServerResponse, url: URL, path: string): Promise<void> => {
		if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return api.handle(req, res, url, path);
		if (url.pathname.startsWith('/o/')) return oauth.handle(req, res, url);
		if (url.pathname === '/_sandbox' || url.pathname.startsWith('/_sandbox/')) return control.handle(req, res, url);
		if (isIframePage(req.method, url.pathname)) return iframePages.handle(res, url);
		if (url.pathname === '/' && req.method === 'GET') {
			return sendJson(res, 200, {
				name: 'DrChrono API sandbox',
				api: `${url.origin}/api/`,
				authorize: `${url.origin}/o/authorize/`,
				token: `${url.origin}/o/token/`,
				control: `${url.origin}/_sandbox/`,
			});
		}
		throw new HttpError(404, { detail: 'Not found.' });
	};

	return http.createServer((req, res) => {
		const started = performance.now();
		let url: URL;
		try {
			url = new URL(req.url ?? '/', baseUrlOf(req, rt.url || 'http://127.0.0.1'));
		} catch {
			url = new URL('/', rt.url || 'http://127.0.0.1');
		}
		const path = normalisePath(url.pathname);
		const isApi = path.startsWith('/api');
		res.on('finish', () => {
			if (isApi) rt.stats.countStatus(res.statusCode);
			if (!rt.options.quiet) {
				const ms = (performance.now() - started).toFixed(1);
				process.stdout.write(`${req.method} ${path} ${res.statusCode} ${ms}ms\n`);
			}
		});
		handle(req, res, url, path).catch((err: unknown) => {
			if (res.headersSent || res.destroyed) {
				res.destroy();
				return;
			}
			if (err instanceof HttpError) return sendJson(res, err.status, err.body, err.headers);
			// Unexpected: answer like a server error without echoing anything request-specific.
			if (!rt.options.quiet) process.stderr.write(`sandbox error on ${req.method} ${path}: ${(err as Error).stack ?? String(err)}\n`);
			sendJson(res, 500, { detail: 'A server error occurred.' });
		});
	});
}
