/** Shared helpers of the sandbox tests: an API caller, a fake clock and a webhook receiver. */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Sandbox, SandboxClock } from '../index';

export class FakeClock implements SandboxClock {
	constructor(public ms: number) {}
	now(): number {
		return this.ms;
	}
	advance(ms: number): void {
		this.ms += ms;
	}
}

export interface CallResult {
	status: number;
	headers: Headers;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
	text: string;
}

/** Calls the sandbox with a Bearer token; JSON bodies are encoded, redirects are not followed. */
export async function call(sb: Sandbox, token: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<CallResult> {
	const init: RequestInit = { method, redirect: 'manual', headers: { ...headers } };
	if (token) (init.headers as Record<string, string>).Authorization = `Bearer ${token}`;
	if (body !== undefined) {
		if (typeof body === 'string' || body instanceof FormData || body instanceof URLSearchParams) init.body = body as RequestInit['body'];
		else {
			init.body = JSON.stringify(body);
			(init.headers as Record<string, string>)['Content-Type'] = 'application/json';
		}
	}
	const res = await fetch(path.startsWith('http') ? path : sb.url + path, init);
	const text = await res.text();
	let parsed: unknown = undefined;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		parsed = undefined;
	}
	return { status: res.status, headers: res.headers, body: parsed, text };
}

export interface ReceivedRequest {
	method: string;
	url: string;
	headers: http.IncomingHttpHeaders;
	body: string;
	at: number;
}

export interface Receiver {
	url: string;
	requests: ReceivedRequest[];
	/** Status for POSTs (deliveries); default 200. */
	postStatus: number;
	/** Secret used to answer the GET ?msg= handshake; null answers it wrongly. */
	handshakeSecret: string | null;
	waitFor(n: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
	posts(): ReceivedRequest[];
	close(): Promise<void>;
}

export async function startReceiver(handshakeSecret: string | null = null): Promise<Receiver> {
	const requests: ReceivedRequest[] = [];
	const waiters: Array<() => void> = [];
	const receiver: Receiver = {
		url: '',
		requests,
		postStatus: 200,
		handshakeSecret,
		posts: () => requests.filter((r) => r.method === 'POST'),
		waitFor(n, timeoutMs = 5000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					if (receiver.posts().length >= n) {
						clearTimeout(timer);
						resolve(receiver.posts());
						return true;
					}
					return false;
				};
				const timer = setTimeout(() => reject(new Error(`expected ${n} POSTs, got ${receiver.posts().length}`)), timeoutMs);
				if (!check()) {
					const waiter = () => {
						if (!check()) waiters.push(waiter);
					};
					waiters.push(waiter);
				}
			});
		},
		close: () => new Promise((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		}),
	};
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, at: Date.now() });
			if (req.method === 'GET') {
				const msg = new URL(req.url ?? '/', 'http://x').searchParams.get('msg') ?? '';
				const token = receiver.handshakeSecret === null ? 'wrong' : createHmac('sha256', receiver.handshakeSecret).update(msg).digest('hex');
				res.writeHead(200, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ secret_token: token }));
			} else if (receiver.postStatus >= 300 && receiver.postStatus < 400) {
				res.writeHead(receiver.postStatus, { Location: '/elsewhere' });
				res.end();
			} else {
				res.writeHead(receiver.postStatus, { 'Content-Type': 'text/plain' });
				res.end('ok');
			}
			for (const w of waiters.splice(0)) w();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return receiver;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Parses the consent page's form: action and every input (hidden fields and buttons). */
export function parseConsentForm(html: string): { action: string; method: string; hidden: Record<string, string>; buttons: Array<{ name: string; value: string }> } {
	const form = /<form[^>]*method="([^"]+)"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/i.exec(html);
	if (!form) throw new Error('no form in page');
	const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
	const hidden: Record<string, string> = {};
	for (const m of form[3].matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) hidden[m[1]] = unescape(m[2]);
	const buttons = [...form[3].matchAll(/<button type="submit" name="([^"]+)" value="([^"]+)"/g)].map((m) => ({ name: m[1], value: m[2] }));
	return { method: form[1], action: form[2], hidden, buttons };
}
