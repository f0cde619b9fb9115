/**
 * The action node as an AI Agent tool: the description its model reads per operation, outputs
 * trimmed (Simplify on by default, empty fields dropped, a field limit) and errors answered as
 * data the model can act on instead of failing the agent's run.
 */
import { NodeHelpers, getToolDescriptionForNode } from 'n8n-workflow';
import type { INode, INodeTypeDescription } from 'n8n-workflow';

import { TOOL_MAX_FIELDS, trimForTool } from '../../nodes/DrChrono/actions/toolOutput';
import { resetQuotaGuards } from '../../nodes/DrChrono/quota';
import type { Sandbox } from '../sandbox';
import { rl, runAsTool, startNodeSandbox, TOOL_TYPE, toolNodeType } from './helpers';

/** The description a model receives for a tool node with these parameters, as n8n computes it. */
function toolDescriptionFor(parameters: Record<string, unknown>): string {
	const type = toolNodeType().description as INodeTypeDescription;
	const node = { name: 'Tool', type: TOOL_TYPE, typeVersion: 1, position: [0, 0], parameters } as unknown as INode;
	node.parameters = NodeHelpers.getNodeParameters(type.properties, node.parameters, true, false, node, type) ?? {};
	return getToolDescriptionForNode(node, { description: type } as never) as string;
}

describe('as an AI Agent tool', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startNodeSandbox();
	});
	afterAll(async () => {
		resetQuotaGuards();
		await sandbox.close();
	});

	const runTool = async (parameters: Record<string, unknown>) => {
		resetQuotaGuards();
		return await runAsTool(sandbox, parameters);
	};

	it('tells the model what each operation needs, and that writes need the user’s confirmation', () => {
		const find = toolDescriptionFor({ resource: 'patient', operation: 'getAll' });
		expect(find).toMatch(/^Find patients in DrChrono\. Filters \(leave out what you do not need\): first_name, last_name, /);
		expect(find).toContain('date_of_birth as YYYY-MM-DD');
		expect(find).toContain('Each has id, chart_id, first_name');
		expect(find).toContain('{error, hint}');
		const appointments = toolDescriptionFor({ resource: 'appointment', operation: 'getAll' });
		expect(appointments).toContain('At least one of');
		const book = toolDescriptionFor({ resource: 'appointment', operation: 'create' });
		expect(book).toMatch(/^Create an appointment in DrChrono\. Needs doctor, office, exam_room, patient, scheduled_time as YYYY-MM-DDTHH:MM:SS/);
		expect(book).toContain('only after the user has confirmed');
		// What the user writes in the tool's Description wins.
		expect(toolDescriptionFor({ resource: 'patient', operation: 'getAll', toolDescription: 'Look up a patient' })).toBe('Look up a patient');
	});

	it('returns only the Simplify fields unless the tool is set otherwise', async () => {
		const patient = sandbox.store.collection('patients').all()[0];
		const simplified = await runTool({ resource: 'patient', operation: 'get', id: rl(patient.id) });
		expect(simplified.error).toBeUndefined();
		const json = simplified.items[0].json;
		expect(json).toMatchObject({ id: patient.id, first_name: patient.first_name, last_name: patient.last_name });
		expect(json).not.toHaveProperty('primary_insurance');
		expect(json).not.toHaveProperty('race');

		const whole = await runTool({ resource: 'patient', operation: 'get', id: rl(patient.id), simplify: false, verbose: true });
		expect(whole.items[0].json).toHaveProperty('race');
		expect(Object.keys(whole.items[0].json).length).toBeLessThanOrEqual(TOOL_MAX_FIELDS + 1);
	});

	it('answers a failed call with the error and a hint instead of failing the agent', async () => {
		const result = await runTool({ resource: 'appointment', operation: 'getAll', limit: 5 });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(/^Add one of these filters/);
	});

	it('drops empty fields and names those over the limit', () => {
		const many = Object.fromEntries(Array.from({ length: TOOL_MAX_FIELDS + 5 }, (_, i) => [`f${i}`, i]));
		const trimmed = trimForTool({ empty: '', none: null, list: [], nested: {}, ...many });
		expect(trimmed).not.toHaveProperty('empty');
		expect(trimmed).not.toHaveProperty('nested');
		expect(Object.keys(trimmed)).toHaveLength(TOOL_MAX_FIELDS + 1);
		expect(trimmed.omitted_fields).toEqual(['f30', 'f31', 'f32', 'f33', 'f34']);
	});
});
