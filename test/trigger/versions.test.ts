/**
 * The trigger has versions 1 and 1.1 with the same behaviour: 1.1 is what new nodes get (it spares
 * n8n 2.x an expression per request), 1 is what saved workflows have and must keep working. The
 * harness reads bodies as n8n 2.x does per version: for 1.1 only parsable content types, so the
 * trigger asks n8n for the raw bytes itself.
 */
import { DrChronoTrigger } from '../../nodes/DrChrono/DrChronoTrigger.node';
import { ACCEPTED_ANSWER } from '../../nodes/DrChrono/trigger';
import { captureLogs } from '../harness/webhook';
import { SECRET, delivery, hmacHex, startTrigger } from './helpers';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

const PATIENT = { id: 100300, first_name: 'Ada', last_name: 'Byron' };

test('new triggers are version 1.1; version 1 still loads', () => {
	const { description } = new DrChronoTrigger();
	expect(description.version).toEqual([1, 1.1]);
	expect(description.defaultVersion).toBe(1.1);
});

describe.each([1, 1.1])('a saved trigger of version %s', (typeVersion) => {
	test.each([
		['application/json', 'application/json'],
		['application/json; charset=utf-8', 'application/json; charset=utf-8'],
		['no content type', null],
		['application/octet-stream', 'application/octet-stream'],
	])('a signed delivery sent as %s starts one execution with the JSON as sent', async (_label, contentType) => {
		const trigger = await startTrigger({ events: ['PATIENT_CREATE'], typeVersion });
		const { response, execution } = await trigger.request(delivery('PATIENT_CREATE', PATIENT, { contentType }));
		expect(response.status).toBe(200);
		expect(response.json).toEqual(ACCEPTED_ANSWER);
		expect(execution?.items[0][0].json).toMatchObject({ event: 'PATIENT_CREATE', object: PATIENT });
		expect(execution?.run?.status).toBe('success');
	});

	test('forged, signed-but-empty and oracle-signed requests start nothing', async () => {
		const trigger = await startTrigger({ events: ['*'], typeVersion, options: { acceptBodyHmac: true } });
		expect((await trigger.request(delivery('PATIENT_CREATE', PATIENT, { signature: 'forged' }))).response.status).toBe(401);
		expect((await trigger.request(delivery('PATIENT_CREATE', PATIENT, { body: '', contentType: null }))).response.status).toBe(400);
		const body = JSON.stringify({ object: PATIENT });
		const verify = await trigger.request({ method: 'GET', path: `${trigger.url('setup')}?msg=${encodeURIComponent(body)}` });
		expect(verify.response.status).toBe(400);
		// The HMAC of the body works only for whoever holds the secret, as DrChrono would.
		expect((await trigger.request(delivery('PATIENT_CREATE', PATIENT, { body, signature: hmacHex(SECRET, body), contentType: null }))).response.status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
	});
});
