/**
 * A stand-in for DrChrono in front of the sandbox that answers list rows with exactly the fields
 * of DrChrono's OpenAPI schema for the list (test/conformance/drchrono-openapi.yml): no change
 * time where the schema has none (clinical notes), whatever the sandbox keeps for itself.
 */
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

import { objectSchema } from '../conformance/openapi';

export interface SchemaOnlyProxy {
	url: string;
	close(): Promise<void>;
}

function listPath(pathname: string): string | undefined {
	const m = /^(\/api\/[a-z_]+)\/?$/.exec(pathname);
	return m?.[1];
}

export async function schemaOnlyProxy(target: string): Promise<SchemaOnlyProxy> {
	const upstream = new URL(target);
	let self = '';
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const forward = request(
				{ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
				(answer) => {
					const body: Buffer[] = [];
					answer.on('data', (c: Buffer) => body.push(c));
					answer.on('end', () => {
						let text = Buffer.concat(body).toString('utf8');
						const path = listPath(new URL(req.url ?? '/', 'http://x').pathname);
						const fields = path ? Object.keys(objectSchema(path)?.properties ?? {}) : [];
						if (req.method === 'GET' && path && fields.length > 0 && /json/.test(String(answer.headers['content-type']))) {
							const page = JSON.parse(text) as { results?: Array<Record<string, unknown>>; next?: string | null };
							if (Array.isArray(page.results)) {
								page.results = page.results.map((row) => Object.fromEntries(fields.filter((f) => f in row).map((f) => [f, row[f]])));
							}
							if (typeof page.next === 'string') page.next = page.next.replace(target, self);
							text = JSON.stringify(page);
						}
						const headers = { ...answer.headers };
						delete headers['content-length'];
						delete headers['transfer-encoding'];
						res.writeHead(answer.statusCode ?? 502, headers);
						res.end(text);
					});
				},
			);
			forward.on('error', (e) => {
				res.writeHead(502);
				res.end(String(e));
			});
			forward.end(Buffer.concat(chunks));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	self = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	return {
		url: self,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
