import { createHash } from 'node:crypto';
import type { IHttpRequestOptions } from 'n8n-workflow';

/**
 * n8n's own HTTP helper (`this.helpers.httpRequest`): the package reaches the store through it, so it
 * needs no Redis client, no socket import and no dependency.
 */
export type HttpHelper = (options: IHttpRequestOptions) => Promise<unknown>;

/** One Redis command as the REST protocol carries it: the command name, then its arguments. */
export type RedisCommand = Array<string | number>;

/** Where the store is and how the package authenticates to it (the credential's fields). */
export interface StoreSettings {
	/** The REST endpoint, e.g. https://eu1-xyz.upstash.io or http://srh:80 (no trailing path). */
	url: string;
	token: string;
}

/**
 * Why a store call failed. `unreachable` and `timeout`: no answer; `refused`: the endpoint answered
 * but not as a Redis-over-HTTP store would (wrong token, wrong URL, a 5xx of the proxy); `redis`:
 * Redis itself answered with an error (the text is Redis's, e.g. "NOSCRIPT ..." or "WRONGTYPE ...").
 */
export type StoreFaultKind = 'unreachable' | 'timeout' | 'refused' | 'redis';

export class StoreFault extends Error {
	constructor(
		readonly kind: StoreFaultKind,
		message: string,
		readonly status?: number,
	) {
		super(message);
		this.name = 'StoreFault';
	}
}

/** A store answer slower than this counts as a fault: every DrChrono call waits for one. */
export const STORE_TIMEOUT_MS = 2_000;

interface FullResponse {
	statusCode: number;
	body: unknown;
}

/**
 * A Redis client that speaks the REST protocol of Upstash, which the open-source
 * serverless-redis-http proxy serves for any Redis: `POST <url>` with the command as a JSON array,
 * `POST <url>/pipeline` with an array of them, `Authorization: Bearer <token>`, and the answer
 * `{"result": …}` or `{"error": "…"}` (a pipeline answers one of those per command). No
 * `Upstash-Encoding` header is sent, so strings come back as they are stored (the values this
 * package stores are ASCII).
 */
export class RedisHttpClient {
	constructor(
		private readonly settings: StoreSettings,
		private readonly http: () => HttpHelper,
		private readonly timeoutMs: number = STORE_TIMEOUT_MS,
	) {}

	get url(): string {
		return this.settings.url;
	}

	/** Runs one command; its result, or a StoreFault. */
	async command(command: RedisCommand): Promise<unknown> {
		const body = await this.post('', command.map(String));
		return resultOf(body);
	}

	/** Runs several commands in one round trip; one result or fault per command, in order. */
	async pipeline(commands: RedisCommand[]): Promise<Array<unknown | StoreFault>> {
		const body = await this.post(
			'/pipeline',
			commands.map((command) => command.map(String)),
		);
		if (!Array.isArray(body)) throw new StoreFault('refused', 'The store answered a pipeline with something other than a list');
		return body.map((entry) => {
			try {
				return resultOf(entry);
			} catch (error) {
				return error as StoreFault;
			}
		});
	}

	/**
	 * Runs a Lua script by its SHA1 (EVALSHA), and with its source (EVAL) only when Redis does not
	 * know it yet (NOSCRIPT: after a restart or SCRIPT FLUSH), which also loads it for the next call.
	 */
	async evalScript(script: LuaScript, keys: string[], args: Array<string | number>): Promise<unknown> {
		const first = await this.command(['EVALSHA', script.sha1, keys.length, ...keys, ...args]).then(
			(result) => ({ result, fault: undefined }),
			(error: unknown) => ({ result: undefined, fault: asFault(error) }),
		);
		const { fault } = first;
		if (fault === undefined) return first.result;
		if (fault.kind !== 'redis' || !/^NOSCRIPT\b/.test(fault.message)) {
			throw new StoreFault(fault.kind, fault.message, fault.status);
		}
		return await this.command(['EVAL', script.source, keys.length, ...keys, ...args]);
	}

	private async post(path: string, body: unknown): Promise<unknown> {
		let response: FullResponse;
		const started = Date.now();
		try {
			response = (await this.http()({
				method: 'POST',
				url: this.settings.url.replace(/\/+$/, '') + path,
				headers: { Authorization: `Bearer ${this.settings.token}`, 'Content-Type': 'application/json' },
				body: body as IHttpRequestOptions['body'],
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: this.timeoutMs,
			})) as FullResponse;
		} catch (error) {
			const text = (error as Error).message ?? String(error);
			const timedOut = /timeout|ETIMEDOUT|ECONNABORTED/i.test(text) || Date.now() - started >= this.timeoutMs;
			throw timedOut
				? new StoreFault('timeout', `The quota store did not answer within ${this.timeoutMs} ms`)
				: new StoreFault('unreachable', `The quota store cannot be reached (${text})`);
		}
		const { statusCode } = response;
		const parsed = typeof response.body === 'string' ? parseJson(response.body) : response.body;
		// Redis errors come back as 400 with {"error": "..."} (the proxy) or 200/400 (Upstash): the
		// body decides, not the status.
		if (isErrorBody(parsed) && statusCode !== 401 && statusCode < 500 && statusCode !== 404) {
			if (statusCode === 400 && /authorization header|content type|command array/i.test(parsed.error)) {
				throw new StoreFault('refused', `The quota store refused the request: ${parsed.error}`, statusCode);
			}
			throw new StoreFault('redis', parsed.error, statusCode);
		}
		if (statusCode === 401 || statusCode === 403) {
			throw new StoreFault('refused', 'The quota store refused the Store Token (401 Unauthorized)', statusCode);
		}
		if (statusCode < 200 || statusCode >= 300) {
			const why = isErrorBody(parsed) ? `: ${parsed.error}` : '';
			throw new StoreFault('refused', `The quota store answered HTTP ${statusCode}${why}`, statusCode);
		}
		return parsed;
	}
}

function asFault(error: unknown): StoreFault {
	return error instanceof StoreFault ? error : new StoreFault('unreachable', (error as Error)?.message ?? String(error));
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

function isErrorBody(body: unknown): body is { error: string } {
	return typeof body === 'object' && body !== null && typeof (body as { error?: unknown }).error === 'string';
}

function resultOf(body: unknown): unknown {
	if (isErrorBody(body)) throw new StoreFault('redis', body.error);
	if (typeof body !== 'object' || body === null || !('result' in body)) {
		throw new StoreFault('refused', 'The quota store answered without a result: is Store URL a Redis-over-HTTP endpoint?');
	}
	return (body as { result: unknown }).result;
}

/** A Lua script with its SHA1, as EVALSHA names it. */
export class LuaScript {
	readonly sha1: string;

	constructor(readonly source: string) {
		this.sha1 = createHash('sha1').update(source).digest('hex');
	}
}
