/**
 * Helpers of the fault suite: an HTTP pass-through proxy in front of the sandbox that records each
 * request (arrival time, method, path with query, the sandbox's status) and can act before a request
 * is forwarded, e.g. switch on a fault for exactly the k-th page of a walk.
 *
 * The proxy keeps the client's Host header, so the sandbox builds its `next` links to the proxy and a
 * whole page walk goes through it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
	at: number;
	method: string;
	/** Path and query as sent. */
	url: string;
	status: number;
}

export interface FaultProxy {
	url: string;
	requests: ProxiedRequest[];
	close(): Promise<void>;
}

export async function startFaultProxy(
	target: string,
	before?: (request: { method: string; url: string; index: number }) => Promise<void> | void,
): Promise<FaultProxy> {
	const upstream = new URL(target);
	const requests: ProxiedRequest[] = [];
	const agent = new http.Agent({ keepAlive: true });
	let index = 0;
	const server = http.createServer((req, res) => {
		const at = Date.now();
		const method = req.method ?? 'GET';
		const url = req.url ?? '/';
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			void (async () => {
				await before?.({ method, url, index: index++ });
				const forward = http.request(
					{ host: upstream.hostname, port: upstream.port, method, path: url, headers: req.headers, agent },
					(answer) => {
						requests.push({ at, method, url, status: answer.statusCode ?? 0 });
						res.writeHead(answer.statusCode ?? 502, answer.headers);
						answer.pipe(res);
					},
				);
				forward.on('error', () => {
					requests.push({ at, method, url, status: 0 });
					res.destroy();
				});
				forward.end(Buffer.concat(chunks));
			})();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		requests,
		close: async () => {
			agent.destroy();
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
		},
	};
}
