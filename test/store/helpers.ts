/**
 * What the store tests share: a real redis-server with the Redis-over-HTTP endpoint in front of it,
 * and an HTTP helper with the contract of n8n's `this.helpers.httpRequest` as the package calls it
 * (JSON body, `returnFullResponse`, `ignoreHttpStatusErrors`, `timeout`).
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import type { HttpHelper } from '../../nodes/DrChrono/store';
import type { Service } from '../queue/services';
import { startRedis } from '../queue/services';
import { startRedisHttpServer } from './redisHttpServer';
import type { RedisHttpServer } from './redisHttpServer';

export const httpHelper: HttpHelper = async (options: IHttpRequestOptions) => {
	const response = await fetch(options.url, {
		method: options.method ?? 'GET',
		headers: options.headers as Record<string, string>,
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
		signal: options.timeout ? AbortSignal.timeout(options.timeout) : undefined,
	});
	const text = await response.text();
	let body: unknown = text;
	try {
		body = JSON.parse(text);
	} catch {
		// not JSON: handed over as text
	}
	return { statusCode: response.status, body, headers: Object.fromEntries(response.headers) };
};

export interface StoreFixture {
	redis: Service;
	server: RedisHttpServer;
	close(): Promise<void>;
}

export async function startStore(): Promise<StoreFixture> {
	const redis = await startRedis();
	const server = await startRedisHttpServer(redis.port);
	return {
		redis,
		server,
		async close() {
			await server.close();
			await redis.stop();
		},
	};
}

let apps = 0;
/** A fresh app key per test, so no test sees another's counts. */
export const freshAppKey = () => `http://sandbox.test|client-${process.pid}-${Date.now()}-${++apps}`;

export const sleepMs = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
