import { forgetAllSeen } from '../../nodes/DrChrono/shared/seenMemory';
import { DELIVERY_MEMORY_MS, RECENT_DELIVERIES_PER_NODE, deliveryMemory, localDeliveryMemory } from '../../nodes/DrChrono/trigger';
import { captureLogs } from '../harness/webhook';
import { delivery, startTrigger } from './helpers';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
	logs = captureLogs();
	forgetAllSeen();
});
afterEach(() => logs.restore());

describe('recent deliveries memory', () => {
	const claim = async (node: string, id: string) => await deliveryMemory(node).firstSeen(id, DELIVERY_MEMORY_MS);

	test('claims an id once per node', async () => {
		expect(await claim('wf:a', 'd1')).toBe(true);
		expect(await claim('wf:a', 'd1')).toBe(false);
		expect(await claim('wf:b', 'd1')).toBe(true);
	});

	test(`is bounded to the last ${RECENT_DELIVERIES_PER_NODE} ids per node, oldest forgotten first`, async () => {
		for (let i = 0; i < RECENT_DELIVERIES_PER_NODE + 250; i++) await claim('wf:n', `d${i}`);
		expect(localDeliveryMemory('wf:n').size).toBe(RECENT_DELIVERIES_PER_NODE);
		expect(await claim('wf:n', 'd0')).toBe(true); // forgotten, so new again
		expect(await claim('wf:n', `d${RECENT_DELIVERIES_PER_NODE + 249}`)).toBe(false);
	});

	test('a released id can be claimed again', async () => {
		await claim('wf:r', 'd1');
		await deliveryMemory('wf:r').forget('d1');
		expect(await claim('wf:r', 'd1')).toBe(true);
	});
});

describe('repeated deliveries, through the webhook', () => {
	test('the same X-drchrono-delivery id again gets 200 and no second execution', async () => {
		const trigger = await startTrigger();
		const first = await trigger.request(delivery('PATIENT_MODIFY', { id: 1 }, { deliveryId: 'same-id' }));
		const again = await trigger.request(delivery('PATIENT_MODIFY', { id: 1 }, { deliveryId: 'same-id' }));
		expect(first.execution).toBeDefined();
		expect(again.response.status).toBe(200);
		expect(again.response.json).toEqual({ message: 'Delivery same-id was already received; ignored' });
		expect(again.execution).toBeUndefined();
		expect(trigger.executions).toHaveLength(1);
	});

	test('concurrent copies of one delivery start one execution', async () => {
		const trigger = await startTrigger();
		const results = await Promise.all(
			[1, 2, 3].map(() => trigger.request(delivery('PATIENT_MODIFY', { id: 1 }, { deliveryId: 'burst' }))),
		);
		expect(results.filter((r) => r.execution).length).toBe(1);
		expect(results.every((r) => r.response.status === 200)).toBe(true);
	});

	test('each trigger node remembers its own deliveries', async () => {
		const a = await startTrigger({ workflowId: 'wf-a' });
		const b = await startTrigger({ workflowId: 'wf-b' });
		await a.request(delivery('PATIENT_CREATE', { id: 1 }, { deliveryId: 'shared' }));
		const { execution } = await b.request(delivery('PATIENT_CREATE', { id: 1 }, { deliveryId: 'shared' }));
		expect(execution).toBeDefined();
	});

	test('a refused or ignored delivery is not remembered, so its genuine copy still runs', async () => {
		const trigger = await startTrigger({ events: ['PATIENT_CREATE'] });
		await trigger.request(delivery('PATIENT_CREATE', { id: 1 }, { deliveryId: 'd-forged', signature: 'forged' }));
		const genuine = await trigger.request(delivery('PATIENT_CREATE', { id: 1 }, { deliveryId: 'd-forged' }));
		expect(genuine.execution).toBeDefined();
	});

	test('a delivery that failed before its execution is not remembered, so its retry runs', async () => {
		const trigger = await startTrigger();
		const bad = await trigger.request(delivery('PATIENT_CREATE', {}, { deliveryId: 'd-retry', body: '[1,2]' }));
		expect(bad.response.status).toBe(400);
		const retry = await trigger.request(delivery('PATIENT_CREATE', { id: 1 }, { deliveryId: 'd-retry' }));
		expect(retry.execution).toBeDefined();
	});

	test('with Ignore Repeated Deliveries off, a redelivery runs again', async () => {
		const trigger = await startTrigger({ options: { ignoreRepeatedDeliveries: false } });
		await trigger.request(delivery('PATIENT_MODIFY', { id: 1 }, { deliveryId: 'again' }));
		await trigger.request(delivery('PATIENT_MODIFY', { id: 1 }, { deliveryId: 'again' }));
		expect(trigger.executions).toHaveLength(2);
	});

	test('deliveries without an id are never dropped', async () => {
		const trigger = await startTrigger();
		for (let i = 0; i < 2; i++) {
			const request = delivery('PATIENT_MODIFY', { id: 1 });
			delete (request.headers as Record<string, string>)['X-drchrono-delivery'];
			await trigger.request(request);
		}
		expect(trigger.executions).toHaveLength(2);
		expect(trigger.executions[0].items[0][0].json.deliveryId).toBeNull();
	});
});
