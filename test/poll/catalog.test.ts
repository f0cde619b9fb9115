/**
 * The event catalog against DrChrono's OpenAPI, every event against the sandbox, and the quota
 * cost the node shows for n8n's Poll Times.
 */
import type { IDataObject, INode, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { DrChronoPollTrigger } from '../../nodes/DrChrono/DrChronoPollTrigger.node';
import { COST_SUBTITLE, POLL_EVENTS, pollCost } from '../../nodes/DrChrono/poll';
import { objectSchema, queryParameters } from '../conformance/openapi';
import { startPollWorld } from './helpers';

describe('Poll Trigger events', () => {
	// The list's query parameters in DrChrono's OpenAPI (the copy the conformance test reads).
	const paramsOf = (p: string) => new Set(queryParameters(p));

	test('offers each list it watches: lab results, documents, notes, messages, patients, appointments, tasks, payments, billing', () => {
		const paths = new Set(POLL_EVENTS.map((e) => e.path));
		for (const p of [
			'/api/patient_lab_results',
			'/api/documents',
			'/api/lab_documents',
			'/api/clinical_notes',
			'/api/messages',
			'/api/patients',
			'/api/appointments',
			'/api/tasks',
			'/api/patient_payments',
			'/api/transactions',
			'/api/line_items',
		]) {
			expect(paths).toContain(p);
		}
	});

	test.each(POLL_EVENTS.map((e) => [e.value, e]))('%s: its list has the since filter and every offered filter in the OpenAPI', (_v, event) => {
		const params = paramsOf(event.path);
		expect(params).toContain(event.sinceParam);
		for (const f of event.filters) expect(params).toContain(f.key);
	});

	test.each(POLL_EVENTS.map((e) => [e.value, e]))('%s: its change-time and identity fields are those of the OpenAPI schema', (_v, event) => {
		const fields = Object.keys(objectSchema(event.path)?.properties ?? {});
		const expected = event.kind === 'created' ? ['created_at'] : ['updated_at', 'timestamp', 'created_at'].filter((f) => fields.includes(f));
		expect(event.timeFields).toEqual(expected);
		if (event.kind === 'created') expect(fields).toContain('created_at');
		expect(fields).toContain(event.idField);
	});

	test('every filter is entered as a number or as text, the two kinds the Filters collection shows', () => {
		const kinds = POLL_EVENTS.flatMap((e) => e.filters.map((f) => `${e.value}.${f.key}: ${f.kind}`));
		expect(kinds.filter((k) => !/: (number|string)$/.test(k))).toEqual([]);
	});

	test('event values are unique and names read "New ..." / "New or Updated ..."', () => {
		expect(new Set(POLL_EVENTS.map((e) => e.value)).size).toBe(POLL_EVENTS.length);
		for (const e of POLL_EVENTS) expect(e.name).toMatch(e.kind === 'created' ? /^New (?!or)/ : /^New or Updated /);
	});

	// The seed stamps every record with one second, so an idle poll re-reads that whole second
	// (the cursor's overlap): 1 call where a list has less than a page of them, more for the
	// appointments (20 a page). exactly-once.test.ts proves the one-call idle poll on spread data.
	test('every event polls the sandbox without an error; an idle poll emits nothing and costs no more than the first', async () => {
		const world = await startPollWorld();
		try {
			for (const event of POLL_EVENTS) {
				const trigger = world.trigger({ event: event.value });
				await world.resetStats();
				const baseline = await trigger.poll();
				expect([event.value, baseline.error?.message]).toEqual([event.value, undefined]);
				const baselineCalls = world.sandbox.stats().calls;
				world.clock.advance(10);
				await world.resetStats();
				const idle = await trigger.poll();
				expect([event.value, idle.error?.message, idle.items]).toEqual([event.value, undefined, null]);
				const idleCalls = world.sandbox.stats().calls;
				expect([event.value, idleCalls >= 1 && idleCalls <= baselineCalls]).toEqual([event.value, true]);
				if (!event.path.startsWith('/api/appointments')) expect([event.value, idleCalls]).toEqual([event.value, 1]);
			}
		} finally {
			await world.sandbox.close();
		}
	}, 60_000);
});

describe('Poll Trigger quota cost', () => {
	test.each([
		[{ item: [{ mode: 'everyMinute' }] }, 60, 60_000],
		[{ item: [{ mode: 'everyX', value: 5, unit: 'minutes' }] }, 12, 300_000],
		[{ item: [{ mode: 'everyX', value: 45, unit: 'minutes' }] }, 2, 900_000],
		[{ item: [{ mode: 'everyHour', minute: 10 }] }, 1, 3_600_000],
		[{ item: [{ mode: 'everyX', value: 2, unit: 'hours' }] }, 0.5, 7_200_000],
		[{ item: [{ mode: 'everyHour', minute: 0 }, { mode: 'everyHour', minute: 30 }] }, 2, 1_800_000],
		[{ item: [{ mode: 'custom', cronExpression: '0 */10 8-17 * * 1-5' }] }, 1.79, 600_000],
		[{ item: [{ mode: 'custom', cronExpression: '*/15 9 * * *' }] }, 0.17, 900_000],
	])('%j costs %d calls/hour when idle', (pollTimes, perHour, gapMs) => {
		const cost = pollCost(pollTimes);
		expect(cost.known).toBe(true);
		expect(cost.callsPerHour).toBe(perHour);
		expect(cost.minGapMs).toBe(gapMs);
	});

	test('the canvas subtitle, evaluated by n8n, shows the same cost as pollCost', () => {
		const nodeType = new DrChronoPollTrigger();
		expect(nodeType.description.subtitle).toBe(COST_SUBTITLE);
		const nodeTypes = {
			getByName: () => nodeType,
			getByNameAndVersion: () => nodeType,
			getKnownTypes: () => ({}),
		} as unknown as INodeTypes;
		const cases: Array<[IDataObject, string]> = [
			[{ item: [{ mode: 'everyMinute' }] }, '60 calls/hour when idle'],
			[{ item: [{ mode: 'everyX', value: 5, unit: 'minutes' }, { mode: 'everyHour', minute: 3 }] }, '13 calls/hour when idle'],
			[{ item: [{ mode: 'everyDay', hour: 8, minute: 0 }] }, '0.04 calls/hour when idle'],
			[{ item: [{ mode: 'custom', cronExpression: '0 * * * *' }] }, 'custom schedule'],
		];
		for (const [pollTimes, expected] of cases) {
			const node: INode = {
				id: 'n',
				name: 'Poll',
				type: 'x',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes, event: 'newLabResult' } as INode['parameters'],
			};
			const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
			const value = workflow.expression.getSimpleParameterValue(node, COST_SUBTITLE, 'internal', {});
			expect(value).toBe(expected);
			if (!expected.startsWith('custom')) expect(`${pollCost(pollTimes).callsPerHour} calls/hour when idle`).toBe(expected);
		}
	});
});
