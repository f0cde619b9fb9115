import { answerHandshake } from '../../nodes/DrChrono/trigger';
import { captureLogs } from '../harness/webhook';
import { SECRET, hmacHex, startTrigger } from './helpers';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

describe('answerHandshake', () => {
	test('answers hex(HMAC-SHA256(key = secret, msg)) as secret_token', () => {
		expect(answerHandshake({ msg: 'abc' }, 'secret')).toEqual({
			status: 200,
			body: { secret_token: hmacHex('secret', 'abc') },
		});
	});

	test.each([[{}], [{ msg: '' }], [{ msg: ['a', 'b'] }]])('400 for query %j', (query) => {
		expect(answerHandshake(query, 'secret').status).toBe(400);
	});
});

describe("DrChrono's Verify handshake, through the setup webhook", () => {
	test('GET ?msg= gets 200 JSON {secret_token} and starts no execution', async () => {
		const trigger = await startTrigger();
		const { response, result } = await trigger.request({ method: 'GET', path: `${trigger.url('setup')}?msg=n8n-says-hi` });
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^application\/json/);
		expect(response.json).toEqual({ secret_token: hmacHex(SECRET, 'n8n-says-hi') });
		expect(result?.workflowData).toBeUndefined();
		expect(trigger.executions).toHaveLength(0);
	});

	test('the handshake and the deliveries share one URL (GET and POST)', async () => {
		const trigger = await startTrigger();
		expect(trigger.url('setup')).toBe(trigger.url('default'));
		expect(trigger.url()).toMatch(/\/webhook\/[0-9a-f-]+\/drchrono$/);
	});

	test('a GET without msg gets 400 and no execution', async () => {
		const trigger = await startTrigger();
		const { response } = await trigger.request({ method: 'GET', path: trigger.url('setup') });
		expect(response.status).toBe(400);
		expect(response.json).toMatchObject({ message: expect.stringContaining('GET ?msg=') });
		expect(trigger.executions).toHaveLength(0);
	});

	test('the answer never contains the secret itself', async () => {
		const trigger = await startTrigger();
		const { response } = await trigger.request({ method: 'GET', path: `${trigger.url()}?msg=${encodeURIComponent(SECRET)}` });
		expect(response.text).not.toContain(SECRET);
	});

	test('works on the test URL while the editor listens', async () => {
		const trigger = await startTrigger({ mode: 'test' });
		expect(trigger.url()).toMatch(/\/webhook-test\//);
		const { response } = await trigger.request({ method: 'GET', path: `${trigger.url()}?msg=x1` });
		expect(response.json).toEqual({ secret_token: hmacHex(SECRET, 'x1') });
	});

	test('a trigger whose credential has an empty secret is not activated, and answers nothing if it lost it later', async () => {
		await expect(startTrigger({ secret: '' })).rejects.toThrow(/Enter the Secret Token/);
		const trigger = await startTrigger();
		trigger.credentials.set('drChronoWebhookApi', { secretToken: '' });
		const { response } = await trigger.request({ method: 'GET', path: `${trigger.url()}?msg=x` });
		expect(response.status).toBe(500);
		expect(response.json).not.toHaveProperty('secret_token');
	});

	test('nothing is answered before activation (n8n serves no route)', async () => {
		const trigger = await startTrigger();
		await trigger.deactivate();
		const { response } = await trigger.request({ method: 'GET', path: `${trigger.url()}?msg=x` });
		expect(response.status).toBe(404);
	});
});
