import { QUOTA_SCRIPT, RedisHttpClient, StoreFault } from '../../nodes/DrChrono/store';
import { LuaScript } from '../../nodes/DrChrono/store/client';
import { RespClient } from './resp';
import { httpHelper, startStore } from './helpers';
import type { StoreFixture } from './helpers';

jest.setTimeout(60_000);

let store: StoreFixture;
let client: RedisHttpClient;

beforeAll(async () => {
	store = await startStore();
	client = new RedisHttpClient({ url: store.server.url, token: store.server.token }, () => httpHelper);
});
afterAll(async () => await store?.close());

const faultOf = async (promise: Promise<unknown>): Promise<StoreFault> => {
	try {
		await promise;
	} catch (error) {
		return error as StoreFault;
	}
	throw new Error('expected a StoreFault');
};

it('runs commands and pipelines through the Redis-over-HTTP protocol', async () => {
	expect(await client.command(['SET', 'drchrono:test:a', 'one'])).toBe('OK');
	expect(await client.command(['GET', 'drchrono:test:a'])).toBe('one');
	expect(await client.command(['INCRBY', 'drchrono:test:n', 5])).toBe(5);
	const answers = await client.pipeline([
		['GET', 'drchrono:test:a'],
		['INCR', 'drchrono:test:a'],
		['SET', 'drchrono:test:b', 'x', 'NX', 'PX', 1000],
		['SET', 'drchrono:test:b', 'y', 'NX', 'PX', 1000],
	]);
	expect(answers[0]).toBe('one');
	expect(answers[1]).toBeInstanceOf(StoreFault);
	expect((answers[1] as StoreFault).message).toMatch(/^ERR value is not an integer/);
	expect(answers.slice(2)).toEqual(['OK', null]);
});

it("hands Redis's error text over as a redis fault, a wrong token and a wrong URL as refusals", async () => {
	const redisError = await faultOf(client.command(['INCR', 'drchrono:test:a']));
	expect(redisError.kind).toBe('redis');
	expect(redisError.message).toMatch(/^ERR value is not an integer/);

	const wrongToken = new RedisHttpClient({ url: store.server.url, token: 'not-the-token' }, () => httpHelper);
	const refused = await faultOf(wrongToken.command(['PING']));
	expect(refused.kind).toBe('refused');
	expect(refused.status).toBe(401);

	const wrongPath = new RedisHttpClient({ url: `${store.server.url}/nothing`, token: store.server.token }, () => httpHelper);
	expect((await faultOf(wrongPath.command(['PING']))).kind).toBe('refused');
});

it('says unreachable when nothing listens, and timeout when the store does not answer in time', async () => {
	const nobody = new RedisHttpClient({ url: 'http://127.0.0.1:9', token: 't' }, () => httpHelper);
	expect((await faultOf(nobody.command(['PING']))).kind).toBe('unreachable');

	store.server.paused = true;
	try {
		const slow = new RedisHttpClient({ url: store.server.url, token: store.server.token }, () => httpHelper, 300);
		const fault = await faultOf(slow.command(['PING']));
		expect(fault.kind).toBe('timeout');
	} finally {
		store.server.paused = false;
	}
});

it('runs a script by EVALSHA, sends its source (EVAL) only after NOSCRIPT, then EVALSHA again', async () => {
	const script = new LuaScript(`return {ARGV[1], redis.call('INCR', KEYS[1])}`);
	const redis = new RespClient(store.redis.port);
	try {
		await redis.send(['SCRIPT', 'FLUSH']);
	} finally {
		redis.close();
	}
	store.server.resetCounts();
	expect(await client.evalScript(script, ['drchrono:test:script'], ['hello'])).toEqual(['hello', 1]);
	expect(Object.fromEntries(store.server.commands)).toEqual({ EVALSHA: 1, EVAL: 1 });
	expect(await client.evalScript(script, ['drchrono:test:script'], ['again'])).toEqual(['again', 2]);
	expect(Object.fromEntries(store.server.commands)).toEqual({ EVALSHA: 2, EVAL: 1 });
});

it('the quota script is valid Lua that Redis accepts', async () => {
	const answer = await client.evalScript(QUOTA_SCRIPT, ['drchrono:quota:{lua-check}'], ['status', 10, 5, 20000, -1, 0, 0, 'p']);
	expect(answer).toEqual([1, expect.any(Number), 0, expect.any(Number), 0, expect.any(Number), 0]);
});
