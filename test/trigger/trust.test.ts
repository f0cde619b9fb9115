/**
 * What a signed request must be before it starts a workflow, what the workflow then sees, what the
 * sender is answered, and what the log gets when strangers knock: the smaller items of the webhook
 * trust review.
 */
import { RefusalLog, refusalLog } from '../../nodes/DrChrono/shared/refusalLog';
import { forgetAllSeen } from '../../nodes/DrChrono/shared/seenMemory';
import { ACCEPTED_ANSWER } from '../../nodes/DrChrono/trigger';
import { captureLogs } from '../harness/webhook';
import { SECRET, delivery, startTrigger } from './helpers';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
	logs = captureLogs();
	forgetAllSeen();
});
afterEach(() => logs.restore());

const PATIENT = { id: 100200, first_name: 'José', last_name: 'Núñez' };

function signedPost(body: string | Buffer, contentType: string | null, event = 'PATIENT_CREATE', deliveryId?: string) {
	const headers: Record<string, string> = { 'X-drchrono-event': event, 'X-drchrono-signature': SECRET };
	if (contentType !== null) headers['Content-Type'] = contentType;
	if (deliveryId) headers['X-drchrono-delivery'] = deliveryId;
	return { method: 'POST', headers, body };
}

describe('a signed request that is not a delivery gets 400 and no execution', () => {
	test.each([
		['an empty body', '', 'application/json'],
		['{}', '{}', 'application/json'],
		['a JSON object without object', '{"receiver":{"id":1}}', 'application/json'],
		['a form body', 'object=1&receiver=2', 'application/x-www-form-urlencoded'],
		['a text body', 'hello', 'text/plain'],
		['a JSON array of deliveries', `[${JSON.stringify({ object: PATIENT })}]`, 'application/json'],
		['JSON in another encoding (UTF-16)', Buffer.from(JSON.stringify({ object: PATIENT }), 'utf16le'), 'application/octet-stream'],
	])('%s', async (_label, body, contentType) => {
		const trigger = await startTrigger({ events: ['*'] });
		const { response, execution } = await trigger.request(signedPost(body, contentType));
		expect(response.status).toBe(400);
		expect(response.json).toEqual({ message: 'The body is not a DrChrono delivery (a JSON object with an object field)' });
		expect(execution).toBeUndefined();
		expect(trigger.executions).toHaveLength(0);
	});

	test('a PING needs no delivery body: 200, and an execution only with Emit Pings', async () => {
		const quiet = await startTrigger({ events: ['*'] });
		expect((await quiet.request(signedPost('', null, 'PING'))).response).toMatchObject({ status: 200, json: { message: 'Pong' } });
		expect(quiet.executions).toHaveLength(0);
		const loud = await startTrigger({ events: ['*'], options: { emitPings: true } });
		const { response, execution } = await loud.request(signedPost('', null, 'PING'));
		expect(response.status).toBe(200);
		expect(execution?.items[0][0].json).toMatchObject({ event: 'PING', object: null });
	});
});

describe('an accepted delivery', () => {
	test('is answered 200 with a JSON message by the trigger itself, and n8n adds nothing', async () => {
		const trigger = await startTrigger({ events: ['*'] });
		const { response, result, execution } = await trigger.request(delivery('PATIENT_CREATE', PATIENT));
		expect(execution).toBeDefined();
		expect(response.status).toBe(200);
		expect(response.headers['content-type']).toMatch(/^application\/json/);
		expect(response.json).toEqual(ACCEPTED_ANSWER);
		expect(result?.noWebhookResponse).toBe(true);
	});

	test('keeps every top-level field DrChrono sends, such as practice_group_id', async () => {
		const trigger = await startTrigger({ events: ['*'] });
		const body = JSON.stringify({ receiver: { id: 3 }, practice_group_id: 4411, object: PATIENT, something_new: [1, 2] });
		const { execution } = await trigger.request(delivery('PATIENT_CREATE', PATIENT, { body }));
		expect(execution?.items[0][0].json).toMatchObject({
			event: 'PATIENT_CREATE',
			object: PATIENT,
			receiver: { id: 3 },
			practice_group_id: 4411,
			something_new: [1, 2],
		});
	});

	test('a top-level field named like one of the trigger\'s own cannot overwrite it', async () => {
		const trigger = await startTrigger({ events: ['*'] });
		const body = JSON.stringify({ object: PATIENT, event: 'SPOOFED', deliveryId: 'spoofed', receivedAt: 'never' });
		const { execution } = await trigger.request(delivery('PATIENT_CREATE', PATIENT, { body, deliveryId: 'real-id' }));
		expect(execution?.items[0][0].json).toMatchObject({ event: 'PATIENT_CREATE', deliveryId: 'real-id' });
		expect(execution?.items[0][0].json.receivedAt).not.toBe('never');
	});

	test.each([
		['a form content type', 'application/x-www-form-urlencoded'],
		['a latin1 charset', 'application/json; charset=latin1'],
		['a text content type', 'text/plain'],
		['no content type', null],
	])('with %s, the workflow gets the JSON exactly as sent (the raw bytes), not n8n\'s reading of it', async (_label, contentType) => {
		const trigger = await startTrigger({ events: ['*'] });
		const body = JSON.stringify({ receiver: { id: 1 }, object: PATIENT });
		const { response, execution } = await trigger.request(signedPost(Buffer.from(body, 'utf8'), contentType));
		expect(response.status).toBe(200);
		expect(execution?.items[0][0].json.object).toEqual(PATIENT);
	});
});

describe('the repeated-delivery memory of the test URL and of the production URL are separate', () => {
	test('a delivery id seen while testing does not drop the production delivery', async () => {
		const test = await startTrigger({ events: ['*'], mode: 'test', workflowId: 'wf-shared' });
		const production = await startTrigger({ events: ['*'], mode: 'production', workflowId: 'wf-shared' });
		expect((await test.request(delivery('PATIENT_CREATE', PATIENT, { deliveryId: 'd-42' }))).execution).toBeDefined();
		expect((await production.request(delivery('PATIENT_CREATE', PATIENT, { deliveryId: 'd-42' }))).execution).toBeDefined();
		// Each URL still drops its own repeats.
		expect((await production.request(delivery('PATIENT_CREATE', PATIENT, { deliveryId: 'd-42' }))).execution).toBeUndefined();
		expect((await test.request(delivery('PATIENT_CREATE', PATIENT, { deliveryId: 'd-42' }))).execution).toBeUndefined();
	});
});

describe('refused requests cannot flood n8n\'s log', () => {
	test('1,000 forged deliveries in a row write one warning line', async () => {
		const trigger = await startTrigger({ events: ['*'] });
		for (let i = 0; i < 1000; i++) {
			const { response } = await trigger.request(delivery('PATIENT_CREATE', PATIENT, { signature: `forged-${i}` }));
			expect(response.status).toBe(401);
		}
		const warnings = logs.entries.filter((e) => e.level === 'warn' && e.message.includes('refused a request'));
		expect(warnings).toHaveLength(1);
		expect(JSON.stringify(logs.entries)).not.toContain('Núñez');
	});

	test('after the interval, the next line says how many refusals were folded into it', () => {
		let now = 0;
		const log = new RefusalLog(60_000, () => now);
		const lines: string[] = [];
		const logger = { warn: (message: string) => lines.push(message) };
		for (let i = 0; i < 500; i++) log.warn(logger, 'trigger-a', 'refused');
		log.warn(logger, 'trigger-b', 'refused elsewhere');
		now = 60_000;
		log.warn(logger, 'trigger-a', 'refused');
		expect(lines).toEqual([
			'refused',
			'refused elsewhere',
			'refused (and 499 more since the previous such line, not logged one by one)',
		]);
	});

	test('the shared log is what the trigger uses (reset between tests)', async () => {
		refusalLog.reset();
		const trigger = await startTrigger({ events: ['*'] });
		await trigger.request(delivery('PATIENT_CREATE', PATIENT, { signature: 'forged' }));
		expect(logs.entries.filter((e) => e.level === 'warn' && e.message.includes('refused a request (401)'))).toHaveLength(1);
	});
});
