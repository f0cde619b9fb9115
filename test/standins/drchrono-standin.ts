/**
 * A scripted DrChrono stand-in: answers exactly what a test tells it to on each route, records every
 * request (method, path with query, Authorization header, body), and runs an OAuth token endpoint
 * that issues fresh tokens. For the request-path cases the sandbox does not model: redirects of a
 * POST, Retry-After, array and HTML error bodies, hung calls, looping `next` links, other hosts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
	method: string;
	/** Path and query as sent. */
	url: string;
	path: string;
	authorization?: string;
	body: string;
}

export interface StandinReply {
	status?: number;
	headers?: Record<string, string>;
	/** An object or array is sent as JSON; a string as it is. */
	body?: unknown;
	/** Wait this long before answering. */
	delayMs?: number;
	/** Drop the connection instead of answering (after delayMs). */
	drop?: boolean;
}

/** A route's answer: one reply, or a function of the request and how often the route was hit (0-based). */
export type Route = StandinReply | ((request: SeenRequest, hit: number, standin: Standin) => StandinReply | Promise<StandinReply>);

export interface Standin {
	url: string;
	port: number;
	requests: SeenRequest[];
	/** Token refreshes served at /o/token/. */
	refreshes: number;
	/** Routes keyed "METHOD /path" (no query); the default answer is a DRF 404. */
	routes: Record<string, Route>;
	/** Requests to /api/ (what DrChrono counts against the quota). */
	apiCalls(): SeenRequest[];
	/** Shaped like the sandbox's issueToken, so the test harness can build a credential for it. */
	issueToken(): { access_token: string; refresh_token: string; expires_in: number; scope: string; token_type: string };
	close(): Promise<void>;
}

export async function startStandin(routes: Record<string, Route> = {}): Promise<Standin> {
	const hits = new Map<string, number>();
	let tokens = 0;
	const standin = {
		url: '',
		port: 0,
		requests: [] as SeenRequest[],
		refreshes: 0,
		routes,
		apiCalls: () => standin.requests.filter((r) => r.path.startsWith('/api/')),
		issueToken: () => ({
			access_token: `standin-access-${++tokens}`,
			refresh_token: `standin-refresh-${tokens}`,
			expires_in: 172_800,
			scope: 'user:read user:write patients:read patients:write calendar:read calendar:write clinical:read clinical:write billing:read',
			token_type: 'Bearer',
		}),
		close: async () => {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	} as Standin;

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			void (async () => {
				const url = req.url ?? '/';
				const path = url.split('?')[0];
				const seen: SeenRequest = {
					method: req.method ?? 'GET',
					url,
					path,
					authorization: req.headers.authorization,
					body: Buffer.concat(chunks).toString('utf8'),
				};
				standin.requests.push(seen);
				if (seen.method === 'POST' && path === '/o/token/') {
					standin.refreshes++;
					res.writeHead(200, { 'Content-Type': 'application/json' });
					res.end(JSON.stringify(standin.issueToken()));
					return;
				}
				const key = `${seen.method} ${path}`;
				const hit = hits.get(key) ?? 0;
				hits.set(key, hit + 1);
				const route = standin.routes[key];
				const reply: StandinReply =
					route === undefined
						? { status: 404, body: { detail: 'Not found.' } }
						: typeof route === 'function'
							? await route(seen, hit, standin)
							: route;
				if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
				if (reply.drop) {
					req.socket.destroy();
					return;
				}
				const isText = typeof reply.body === 'string';
				const headers = {
					...(reply.body === undefined ? {} : { 'Content-Type': isText ? 'text/plain' : 'application/json' }),
					...(reply.headers ?? {}),
				};
				res.writeHead(reply.status ?? 200, headers);
				res.end(reply.body === undefined ? undefined : isText ? (reply.body as string) : JSON.stringify(reply.body));
			})().catch(() => res.destroy());
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	standin.port = (server.address() as AddressInfo).port;
	standin.url = `http://127.0.0.1:${standin.port}`;
	return standin;
}
