/**
 * A Redis-over-HTTP endpoint for the tests, speaking the protocol of the serverless-redis-http
 * proxy (which serves Upstash's REST protocol for any Redis) on top of a real Redis:
 * - `POST /` with a JSON array (the command), `POST /pipeline` with an array of them;
 * - `Content-Type: application/json` required (else 400), `Authorization: Bearer <token>` (missing:
 *   400 "Missing/Invalid authorization header", wrong: 401 "Invalid token");
 * - answers `{"result": …}`; a Redis error `{"error": "<Redis's text>"}` with 400 (in a pipeline:
 *   one `{"error"}` entry, 200); Redis unreachable: 500 `{"error": "SRH: Unable to connect …"}`;
 * - `Upstash-Encoding: base64` encodes every string of a result in base64 (numbers and nulls not,
 *   errors not).
 * It counts requests (round trips) and can be paused (accepts, never answers) or stopped.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { RedisError, RespClient } from './resp';

export interface RedisHttpServer {
	url: string;
	token: string;
	/** Requests answered or pending since the start (or the last reset). */
	requests: number;
	/** Commands by name, e.g. EVALSHA, EVAL. */
	commands: Map<string, number>;
	resetCounts(): void;
	/** While paused, requests are accepted and never answered (a store that times out). */
	paused: boolean;
	stop(): Promise<void>;
	/** Starts again on the same port after stop(). */
	restart(): Promise<void>;
	/** Stops for good and closes the connection to Redis. */
	close(): Promise<void>;
}

const CONNECT_ERROR = 'SRH: Unable to connect to the Redis server. See SRH logs for more information.';

export async function startRedisHttpServer(redisPort: number, token = 'test-store-token', port = 0): Promise<RedisHttpServer> {
	const redis = new RespClient(redisPort);
	const sockets = new Set<Socket>();
	let server: Server;
	const state: RedisHttpServer = {
		url: '',
		token,
		requests: 0,
		commands: new Map(),
		paused: false,
		resetCounts() {
			state.requests = 0;
			state.commands.clear();
		},
		async stop() {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			});
		},
		async restart() {
			await listen(Number(new URL(state.url).port));
		},
		async close() {
			await state.stop().catch(() => {});
			redis.close();
		},
	};

	async function run(command: unknown[]): Promise<{ result?: unknown; error?: string; connection?: boolean }> {
		const name = String(command[0] ?? '').toUpperCase();
		state.commands.set(name, (state.commands.get(name) ?? 0) + 1);
		try {
			const reply = await redis.send(command.map(String));
			if (reply instanceof RedisError) return { error: reply.message };
			return { result: reply };
		} catch {
			redis.close();
			return { connection: true };
		}
	}

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		state.requests++;
		if (state.paused) return;
		const send = (status: number, body: unknown) => {
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		};
		if (req.method === 'GET' && req.url === '/') return send(200, 'Welcome to Serverless Redis HTTP!');
		if (req.method !== 'POST' || (req.url !== '/' && req.url !== '/pipeline')) {
			return send(404, { error: 'SRH: Endpoint not found. SRH might not support this feature yet.' });
		}
		if (req.headers['content-type'] !== 'application/json') {
			return send(400, { error: 'Invalid content type. Expected application/json.' });
		}
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		let body: unknown;
		try {
			body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
		} catch {
			return send(400, { error: 'Malformed JSON' });
		}
		const auth = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''));
		if (!auth) return send(400, { error: 'Missing/Invalid authorization header' });
		if (auth[1] !== token) return send(401, { error: 'Invalid token' });
		const base64 = String(req.headers['upstash-encoding'] ?? '') === 'base64';
		const encode = (value: unknown) => (base64 ? encodeBase64(value) : value);

		if (req.url === '/') {
			if (!Array.isArray(body)) {
				return send(400, { error: 'Invalid command array. Expected a string array at root of the command and its arguments.' });
			}
			const answer = await run(body);
			if (answer.connection) return send(500, { error: CONNECT_ERROR });
			if (answer.error !== undefined) return send(400, { error: answer.error });
			return send(200, { result: encode(answer.result) });
		}
		if (!Array.isArray(body) || !body.every(Array.isArray)) {
			return send(400, { error: 'Invalid command array. Expected an array of string arrays at root.' });
		}
		const answers: unknown[] = [];
		for (const command of body as unknown[][]) {
			const answer = await run(command);
			if (answer.connection) return send(500, { error: CONNECT_ERROR });
			answers.push(answer.error !== undefined ? { error: answer.error } : { result: encode(answer.result) });
		}
		return send(200, answers);
	}

	async function listen(port: number): Promise<void> {
		server = createServer((req, res) => void handle(req, res));
		server.on('connection', (socket) => {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(port, '127.0.0.1', () => resolve());
		});
		state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	}

	await listen(port);
	return state;
}

function encodeBase64(value: unknown): unknown {
	if (typeof value === 'string') return Buffer.from(value, 'utf8').toString('base64');
	if (Array.isArray(value)) return value.map(encodeBase64);
	return value;
}

