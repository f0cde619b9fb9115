import type { INodePropertyOptions } from 'n8n-workflow';

import { DrChronoTrigger } from '../../nodes/DrChrono/DrChronoTrigger.node';
import {
	ALL_EVENTS,
	DRCHRONO_EVENTS,
	canonicalEventName,
	findEvent,
	isEventSelected,
} from '../../nodes/DrChrono/trigger';
import { captureLogs } from '../harness/webhook';
import { delivery, startTrigger } from './helpers';

/** shared/DESIGN.md "The trigger": the help article's 26 plus the API docs' 4. */
const DESIGN_EVENTS = [
	'APPOINTMENT_BILLING_STATUS_BI',
	'APPOINTMENT_BILLING_STATUS_RTb',
	'APPOINTMENT_CREATE',
	'APPOINTMENT_DELETE',
	'APPOINTMENT_MODIFY',
	'CASH_PAYMENT_DELETE',
	'CLINICAL_NOTE_LOCK',
	'CLINICAL_NOTE_UNLOCK',
	'LINE_ITEM_CREATE',
	'LINE_ITEM_DELETE',
	'LINE_ITEM_MODIFY',
	'LINE_ITEM_TRANSACTION_DELETE',
	'PATIENT_ALLERGY_CREATE',
	'PATIENT_ALLERGY_MODIFY',
	'PATIENT_CREATE',
	'PATIENT_FLAG_CREATE',
	'PATIENT_FLAG_MODIFY',
	'PATIENT_MEDICATION_CREATE',
	'PATIENT_MEDICATION_MODIFY',
	'PATIENT_MODIFY',
	'PATIENT_PROBLEM_CREATE',
	'PATIENT_PROBLEM_MODIFY',
	'TASK_CREATE',
	'TASK_DELETE',
	'TASK_MODIFY',
	'VACCINE_ADMINISTERED',
	'LAB_ORDER_CREATE',
	'LAB_ORDER_MODIFY',
	'LAB_ORDER_DELETE',
	'PATIENT_FLAG_CMODIFY',
];

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

describe('the event catalog', () => {
	test('covers the 30 names of the design, with the two flag-modify spellings as one choice', () => {
		const spellings = DRCHRONO_EVENTS.flatMap((e) => [e.name, ...(e.aliases ?? [])]);
		expect(new Set(spellings)).toEqual(new Set(DESIGN_EVENTS));
		expect(spellings).toHaveLength(30);
		expect(DRCHRONO_EVENTS).toHaveLength(29);
		expect(canonicalEventName('PATIENT_FLAG_CMODIFY')).toBe('PATIENT_FLAG_MODIFY');
		expect(findEvent('PATIENT_FLAG_CMODIFY')).toBe(findEvent('PATIENT_FLAG_MODIFY'));
	});

	test('every event has a label and a description; deletions have nothing to fetch', () => {
		for (const event of DRCHRONO_EVENTS) {
			expect(event.label).toMatch(/^[A-Z]/);
			expect(event.description.length).toBeGreaterThan(10);
			if (/_DELETE$/.test(event.name)) expect(event.current).toBeUndefined();
			else expect(event.current?.path).toMatch(/^\/api\/[a-z_]+\/\{[a-z|]+\}$/);
		}
	});

	test('the API paths of Fetch Current Object', () => {
		const path = (name: string) => findEvent(name)?.current?.path;
		expect(path('PATIENT_CREATE')).toBe('/api/patients/{id}');
		expect(path('APPOINTMENT_BILLING_STATUS_RTb')).toBe('/api/appointments/{id}');
		expect(path('TASK_MODIFY')).toBe('/api/tasks/{task|id}');
		expect(path('PATIENT_ALLERGY_MODIFY')).toBe('/api/allergies/{id}');
		expect(path('PATIENT_MEDICATION_CREATE')).toBe('/api/medications/{id}');
		expect(path('PATIENT_PROBLEM_CREATE')).toBe('/api/problems/{id}');
		expect(path('LINE_ITEM_MODIFY')).toBe('/api/line_items/{id}');
		expect(path('LAB_ORDER_CREATE')).toBe('/api/lab_orders/{id}');
		expect(path('CLINICAL_NOTE_LOCK')).toBe('/api/clinical_notes/{id|appointment}');
		expect(path('VACCINE_ADMINISTERED')).toBe('/api/patient_vaccine_records/{id}');
		expect(findEvent('PATIENT_FLAG_CMODIFY')?.current).toMatchObject({
			path: '/api/patients/{patient}',
			pickFrom: 'patient_flags_attached',
		});
	});

	test('the Events option offers All Events plus one readable choice per event', () => {
		const events = new DrChronoTrigger().description.properties.find((p) => p.name === 'events');
		const options = events?.options as INodePropertyOptions[];
		expect(events?.type).toBe('multiOptions');
		expect(events?.default).toEqual([ALL_EVENTS]);
		expect(options[0]).toMatchObject({ name: 'All Events', value: '*' });
		expect(options).toHaveLength(30);
		expect(options.map((o) => o.value)).not.toContain('PATIENT_FLAG_CMODIFY');
		const flag = options.find((o) => o.value === 'PATIENT_FLAG_MODIFY');
		expect(flag?.name).toBe('Patient Flag Modified');
		expect(flag?.description).toContain('PATIENT_FLAG_CMODIFY');
	});

	test('isEventSelected', () => {
		expect(isEventSelected(['*'], 'SOMETHING_NEW')).toBe(true);
		expect(isEventSelected(['PATIENT_CREATE'], 'PATIENT_CREATE')).toBe(true);
		expect(isEventSelected(['PATIENT_CREATE'], 'PATIENT_MODIFY')).toBe(false);
		expect(isEventSelected(['PATIENT_FLAG_MODIFY'], 'PATIENT_FLAG_CMODIFY')).toBe(true);
		expect(isEventSelected([], 'PATIENT_CREATE')).toBe(false);
	});
});

describe('event filtering, through the webhook', () => {
	test('a signed delivery of an event not chosen gets 200 and no execution', async () => {
		const trigger = await startTrigger({ events: ['APPOINTMENT_CREATE', 'PATIENT_CREATE'] });
		const { response, execution } = await trigger.request(delivery('TASK_CREATE', { id: 400001 }));
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ message: 'TASK_CREATE is not selected in the trigger; ignored' });
		expect(execution).toBeUndefined();
		const chosen = await trigger.request(delivery('APPOINTMENT_CREATE', { id: 200000001 }));
		expect(chosen.execution?.items[0][0].json.event).toBe('APPOINTMENT_CREATE');
		expect(trigger.executions).toHaveLength(1);
	});

	test.each(['PATIENT_FLAG_MODIFY', 'PATIENT_FLAG_CMODIFY'])(
		'%s matches the one Patient Flag Modified choice and is output under one name',
		async (header) => {
			const trigger = await startTrigger({ events: ['PATIENT_FLAG_MODIFY'] });
			const { execution } = await trigger.request(delivery(header, { id: 3, patient: 100001 }));
			expect(execution?.items[0][0].json.event).toBe('PATIENT_FLAG_MODIFY');
		},
	);

	test('All Events lets through events the catalog does not know yet', async () => {
		const trigger = await startTrigger({ events: ['*'] });
		const { execution } = await trigger.request(delivery('DOCUMENT_CREATE', { id: 9 }));
		expect(execution?.items[0][0].json.event).toBe('DOCUMENT_CREATE');
	});

	test('a PING gets 200 and no execution by default, even with All Events', async () => {
		const trigger = await startTrigger({ events: ['*'] });
		const { response, execution } = await trigger.request(delivery('PING', {}));
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ message: 'Pong' });
		expect(execution).toBeUndefined();
	});

	test('with Emit Pings on, a PING starts an execution whatever events are chosen', async () => {
		const trigger = await startTrigger({ events: ['PATIENT_CREATE'], options: { emitPings: true } });
		const { response, execution } = await trigger.request(delivery('PING', {}));
		expect(response.status).toBe(200);
		expect(execution?.items[0][0].json).toMatchObject({ event: 'PING', object: {} });
	});

	test('a PING with a bad signature is refused like any delivery', async () => {
		const trigger = await startTrigger({ options: { emitPings: true } });
		const { response } = await trigger.request(delivery('PING', {}, { signature: 'nope' }));
		expect(response.status).toBe(401);
		expect(trigger.executions).toHaveLength(0);
	});

	test('a signed delivery without X-drchrono-event gets 400', async () => {
		const trigger = await startTrigger();
		const request = delivery('X', { id: 1 });
		delete (request.headers as Record<string, string>)['X-drchrono-event'];
		const { response } = await trigger.request(request);
		expect(response.status).toBe(400);
		expect(trigger.executions).toHaveLength(0);
	});
});

describe('the output item', () => {
	test('has event, deliveryId, object, receiver and receivedAt', async () => {
		const trigger = await startTrigger();
		const before = Date.now();
		const { execution } = await trigger.request(
			delivery('APPOINTMENT_MODIFY', { id: 200000009, status: 'Arrived' }, { deliveryId: 'abc-123' }),
		);
		const json = execution?.items[0][0].json;
		expect(json).toEqual({
			event: 'APPOINTMENT_MODIFY',
			deliveryId: 'abc-123',
			object: { id: 200000009, status: 'Arrived' },
			receiver: { id: 1, name: 'n8n', events: ['APPOINTMENT_MODIFY'] },
			receivedAt: expect.any(String),
		});
		expect(Date.parse(json?.receivedAt as string)).toBeGreaterThanOrEqual(before - 1000);
		expect(execution?.items).toHaveLength(1);
		expect(execution?.items[0]).toHaveLength(1);
	});

	test('a body sent without a JSON content type is still read (DrChrono does not document its content type)', async () => {
		const trigger = await startTrigger();
		const { execution } = await trigger.request(delivery('PATIENT_CREATE', { id: 5 }, { contentType: null }));
		expect(execution?.items[0][0].json.object).toEqual({ id: 5 });
		const text = await trigger.request(delivery('PATIENT_CREATE', { id: 6 }, { contentType: 'text/plain' }));
		expect(text.execution?.items[0][0].json.object).toEqual({ id: 6 });
	});

	test('a signed body that is not a JSON object gets 400 and no execution', async () => {
		const trigger = await startTrigger();
		const { response } = await trigger.request(delivery('PATIENT_CREATE', {}, { body: 'not json', contentType: 'text/plain' }));
		expect(response.status).toBe(400);
		expect(trigger.executions).toHaveLength(0);
	});
});
