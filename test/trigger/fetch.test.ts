import { resolvePath } from '../../nodes/DrChrono/trigger';
import { captureLogs } from '../harness/webhook';
import { startStandin } from '../standins/drchrono-standin';
import { delivery, oauthCredential, startTrigger } from './helpers';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

describe('resolvePath', () => {
	test('fills placeholders from the delivered object', () => {
		expect(resolvePath('/api/patients/{id}', { id: 100001 })).toBe('/api/patients/100001');
		expect(resolvePath('/api/patients/{patient}', { id: 3, patient: 100001 })).toBe('/api/patients/100001');
	});

	test('{a|b} takes the first field present (a task note points at its task)', () => {
		expect(resolvePath('/api/tasks/{task|id}', { id: 410001, task: 400001 })).toBe('/api/tasks/400001');
		expect(resolvePath('/api/tasks/{task|id}', { id: 400001 })).toBe('/api/tasks/400001');
	});

	test('is undefined when a field is missing, and never lets a value change the path', () => {
		expect(resolvePath('/api/patients/{id}', {})).toBeUndefined();
		expect(resolvePath('/api/patients/{id}', { id: null })).toBeUndefined();
		for (const id of ['../users/current', '.', '..', '%2e%2e', '1/2', '1;x', '１２', 1.5, '']) {
			expect(resolvePath('/api/patients/{id}', { id })).toBeUndefined();
		}
		// Appointment ids are strings, "usually numeric, but not always".
		expect(resolvePath('/api/appointments/{id}', { id: 'A1b-2_c' })).toBe('/api/appointments/A1b-2_c');
	});
});

describe('Fetch Current Object without a call to make', () => {
	test('a deletion has nothing to fetch: the delivered object is output, no error', async () => {
		const trigger = await startTrigger({ fetchCurrentObject: true, oauth: oauthCredential('http://127.0.0.1:9') });
		const { execution } = await trigger.request(delivery('APPOINTMENT_DELETE', { id: 200000001 }));
		expect(execution?.items[0][0].json).toMatchObject({
			event: 'APPOINTMENT_DELETE',
			object: { id: 200000001 },
			deliveredObject: { id: 200000001 },
			fetched: false,
		});
		expect(execution?.items[0][0].json).not.toHaveProperty('fetchError');
	});

	test('an object without the id to look it up by is output with a fetchError', async () => {
		const trigger = await startTrigger({ fetchCurrentObject: true, oauth: oauthCredential('http://127.0.0.1:9') });
		const { execution } = await trigger.request(delivery('PATIENT_FLAG_CREATE', { id: 7 }));
		expect(execution?.items[0][0].json).toMatchObject({ fetched: false, fetchError: 'The delivered object has no patient to look it up by' });
	});

	test('without the OAuth2 credential the delivery still runs, with a fetchError', async () => {
		const trigger = await startTrigger({ fetchCurrentObject: true });
		const { response, execution } = await trigger.request(delivery('PATIENT_CREATE', { id: 100001 }));
		expect(response.status).toBe(200);
		expect(execution?.items[0][0].json).toMatchObject({
			object: { id: 100001 },
			fetched: false,
			fetchError: 'Fetch Current Object needs a DrChrono OAuth2 API credential: select one in the trigger, or turn Fetch Current Object off',
		});
	});

	test('DrChrono unreachable: the delivered object and the reason', async () => {
		const trigger = await startTrigger({ fetchCurrentObject: true, oauth: oauthCredential('http://127.0.0.1:9') });
		const { execution } = await trigger.request(delivery('PATIENT_CREATE', { id: 100001 }));
		expect(execution?.items[0][0].json).toMatchObject({ object: { id: 100001 }, fetched: false, fetchError: expect.stringMatching(/refused|reach/i) });
	}, 20000);

	test('off, the output has neither deliveredObject nor fetched', async () => {
		const trigger = await startTrigger();
		const { execution } = await trigger.request(delivery('PATIENT_CREATE', { id: 100001 }));
		expect(execution?.items[0][0].json).not.toHaveProperty('deliveredObject');
		expect(execution?.items[0][0].json).not.toHaveProperty('fetched');
	});
});

describe('Fetch Current Object while DrChrono waits for the answer', () => {
	test('a look-up DrChrono does not answer in 10 s gives up, and the delivery runs with the delivered object', async () => {
		const standin = await startStandin({ 'GET /api/patients/100001': { delayMs: 25_000, body: { id: 100001 } } });
		try {
			const trigger = await startTrigger({ fetchCurrentObject: true, oauth: oauthCredential(standin.url) });
			const started = Date.now();
			const { response, execution } = await trigger.request(delivery('PATIENT_CREATE', { id: 100001 }));
			const answeredAfter = Date.now() - started;
			expect(response.status).toBe(200);
			expect(answeredAfter).toBeGreaterThanOrEqual(9_500);
			expect(answeredAfter).toBeLessThan(20_000);
			expect(execution?.items[0][0].json).toMatchObject({
				object: { id: 100001 },
				fetched: false,
				fetchError: 'DrChrono did not answer GET /api/patients/100001 within 10 s',
			});
			// No second try: a retry would hold DrChrono's delivery longer still.
			expect(standin.apiCalls()).toHaveLength(1);
		} finally {
			await standin.close();
		}
	}, 40_000);
});
