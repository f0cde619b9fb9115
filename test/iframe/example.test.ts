/**
 * The example workflow examples/iframe/patient-panel.workflow.json: its shape (what `npm start`
 * imports into real n8n) and its Build Panel code, run here on the sandbox's data the way the
 * workflow feeds it (the DrChrono nodes' items), with n8n's `$('Node').all()` / `.first()` stood in.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DrChrono } from '../../nodes/DrChrono/DrChrono.node';
import { startSandbox, type Sandbox } from '../sandbox';

const WORKFLOW_FILE = path.resolve(__dirname, '..', '..', 'examples', 'iframe', 'patient-panel.workflow.json');

interface WorkflowNode {
	name: string;
	type: string;
	parameters: Record<string, any>;
	webhookId?: string;
	executeOnce?: boolean;
	alwaysOutputData?: boolean;
	credentials?: Record<string, { id: string; name: string }>;
}
const workflow = JSON.parse(fs.readFileSync(WORKFLOW_FILE, 'utf8')) as {
	id: string;
	nodes: WorkflowNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	settings: Record<string, unknown>;
};
const node = (name: string) => workflow.nodes.find((n) => n.name === name) as WorkflowNode;

type Items = Array<{ json: Record<string, unknown> }>;

/** Runs the Code node's JavaScript with n8n's `$()` replaced by the given node outputs. */
function buildPanel(outputs: Record<string, Items>): Record<string, unknown> {
	const code = node('Build Panel').parameters.jsCode as string;
	const $ = (name: string) => {
		const items = outputs[name];
		if (!items) throw new Error(`No output for node ${name}`);
		return { all: () => items, first: () => items[0] };
	};
	const result = new Function('$', code)($) as Items;
	expect(result).toHaveLength(1);
	return result[0].json;
}

describe('the workflow file', () => {
	test('Iframe Trigger → Problems → Task Statuses → Tasks → Build Panel, with the types n8n gives the installed package', () => {
		expect(workflow.id).toHaveLength(16);
		expect(workflow.settings.executionOrder).toBe('v1');
		expect(workflow.nodes.filter((n) => n.type !== 'n8n-nodes-base.stickyNote').map((n) => [n.name, n.type])).toEqual([
			['DrChrono Iframe', 'n8n-nodes-drchrono.drChronoIframeTrigger'],
			['Active Problems', 'n8n-nodes-drchrono.drChrono'],
			['Task Statuses', 'n8n-nodes-drchrono.drChrono'],
			['Tasks', 'n8n-nodes-drchrono.drChrono'],
			['Build Panel', 'n8n-nodes-base.code'],
		]);
		const next = (name: string) => workflow.connections[name]?.main[0]?.map((c) => c.node);
		expect(next('DrChrono Iframe')).toEqual(['Active Problems']);
		expect(next('Active Problems')).toEqual(['Task Statuses']);
		expect(next('Task Statuses')).toEqual(['Tasks']);
		expect(next('Tasks')).toEqual(['Build Panel']);
	});

	test('the trigger answers with the html field of the last node, on a fixed webhook ID', () => {
		const trigger = node('DrChrono Iframe');
		expect(trigger.parameters).toMatchObject({ responseMode: 'lastNode', htmlField: 'html' });
		expect(trigger.webhookId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
	});

	test('the DrChrono nodes: the patient filter from the token, one run each, never waiting for quota', () => {
		expect(node('Active Problems').parameters).toMatchObject({
			resource: 'problem',
			operation: 'getAll',
			returnAll: true,
			filters: { patient: '={{ $json.patientId }}' },
		});
		expect(node('Task Statuses').parameters).toMatchObject({ resource: 'taskStatus', operation: 'getAll' });
		expect(node('Tasks').parameters).toMatchObject({ resource: 'task', operation: 'getAll', returnAll: true });
		for (const name of ['Active Problems', 'Task Statuses', 'Tasks']) {
			expect(node(name).alwaysOutputData).toBe(true);
			expect(node(name).parameters.options).toEqual({ onQuotaExhausted: 'fail' });
			expect(node(name).credentials?.drChronoOAuth2Api).toBeDefined();
		}
		expect(node('Task Statuses').executeOnce).toBe(true);
		expect(node('Tasks').executeOnce).toBe(true);
	});


	test('every parameter it sets exists in the DrChrono node for that resource and operation', () => {
		const properties = new DrChrono().description.properties;
		const shown = (name: string, resource: string, operation: string) =>
			properties.filter((p) => {
				const show = p.displayOptions?.show ?? {};
				const ok = (key: string, value: string) => !show[key] || (show[key] as unknown[]).includes(value);
				return p.name === name && ok('resource', resource) && ok('operation', operation);
			});
		for (const name of ['Active Problems', 'Task Statuses', 'Tasks']) {
			const { resource, operation, filters, options, ...rest } = node(name).parameters;
			const resourceOptions = properties.find((p) => p.name === 'resource')?.options as Array<{ value: string }>;
			expect(resourceOptions.map((o) => o.value)).toContain(resource);
			const operationProperty = shown('operation', resource, operation).find((p) => p.displayOptions?.show?.resource);
			expect((operationProperty?.options as Array<{ value: string }>).map((o) => o.value)).toContain(operation);
			for (const key of Object.keys(rest)) expect(shown(key, resource, operation).length).toBeGreaterThan(0);
			for (const [collection, values] of Object.entries({ filters, options })) {
				if (!values) continue;
				const property = shown(collection, resource, operation)[0];
				const known = (property?.options as Array<{ name: string }>).map((o) => o.name);
				for (const key of Object.keys(values)) expect(known).toContain(key);
			}
		}
	});
});

describe('the panel, on the sandbox practice', () => {
	let sandbox: Sandbox;
	let token: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ quiet: true, patients: 30 });
		token = sandbox.issueToken().access_token;
	});
	afterAll(() => sandbox.close());

	async function list(pathAndQuery: string): Promise<Array<Record<string, unknown>>> {
		const out: Array<Record<string, unknown>> = [];
		let url: string | null = `${sandbox.url}${pathAndQuery}`;
		while (url) {
			const res: Response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
			const body = (await res.json()) as { results: Array<Record<string, unknown>>; next: string | null };
			out.push(...body.results);
			url = body.next;
		}
		return out;
	}
	const items = (objects: Array<Record<string, unknown>>): Items =>
		objects.length ? objects.map((json) => ({ json })) : [{ json: {} }];

	test('lists the patient’s active problems and open tasks, and nothing of other patients', async () => {
		const tasks = await list('/api/tasks');
		const statuses = await list('/api/task_statuses');
		const openStatusIds = new Set(statuses.filter((s) => s.status_category !== 'C').map((s) => s.id));
		// A patient with at least one open task and one active problem, if the seed has one.
		const problemsByPatient = new Map<unknown, Array<Record<string, unknown>>>();
		for (const p of await list('/api/problems')) {
			problemsByPatient.set(p.patient, [...(problemsByPatient.get(p.patient) ?? []), p]);
		}
		const candidate =
			tasks.find((t) => openStatusIds.has(t.status) && problemsByPatient.get(t.patient)?.some((p) => p.status === 'active')) ??
			tasks.find((t) => openStatusIds.has(t.status));
		expect(candidate).toBeDefined();
		const patientId = candidate!.patient as number;
		const problems = await list(`/api/problems?patient=${patientId}`);

		const panel = buildPanel({
			'DrChrono Iframe': [{ json: { kind: 'patient', patientId, doctorId: 1, practiceId: 2 } }],
			'Active Problems': items(problems),
			'Task Statuses': items(statuses),
			// The Tasks node returns every task of the practice; the panel keeps the patient's.
			Tasks: items(tasks),
		});
		const html = panel.html as string;
		const expectedProblems = problems.filter((p) => p.status === 'active');
		const expectedTasks = tasks.filter((t) => t.patient === patientId && openStatusIds.has(t.status) && !t.archived);
		expect(panel.problemCount).toBe(expectedProblems.length);
		expect(panel.taskCount).toBe(expectedTasks.length);
		expect(expectedTasks.length).toBeGreaterThan(0);
		expect(html).toContain('<h1>Patient panel</h1>');
		for (const p of expectedProblems) expect(html).toContain(`data-id="${p.id}"`);
		for (const t of expectedTasks) expect(html).toContain(`data-id="${t.id}"`);
		for (const t of tasks.filter((t) => !expectedTasks.includes(t))) expect(html).not.toContain(`class="task" data-id="${t.id}"`);
		for (const p of problems.filter((p) => p.status !== 'active')) expect(html).not.toContain(`data-id="${p.id}"`);
	});

	test('empty lists (Always Output Data gives one empty item) show "none" lines', () => {
		const panel = buildPanel({
			'DrChrono Iframe': [{ json: { kind: 'clinical_note', patientId: 42 } }],
			'Active Problems': [{ json: {} }],
			'Task Statuses': [{ json: {} }],
			Tasks: [{ json: {} }],
		});
		expect(panel.html).toContain('No active problems');
		expect(panel.html).toContain('No open tasks');
		expect(panel.html).toContain('data-kind="clinical_note"');
	});

	test('tasks tied to the patient by an associated item count; completed ones and other patients’ do not; text is escaped', () => {
		const panel = buildPanel({
			'DrChrono Iframe': [{ json: { kind: 'patient', patientId: 7 } }],
			'Active Problems': [
				{ json: { id: 1, patient: 7, name: '<script>alert(1)</script>', status: 'active', icd_code: 'I10' } },
				{ json: { id: 2, patient: 8, name: 'Someone else', status: 'active' } },
			],
			'Task Statuses': [
				{ json: { id: 10, name: 'Open', status_category: 'O' } },
				{ json: { id: 11, name: 'Done', status_category: 'C' } },
			],
			Tasks: [
				{ json: { id: 100, title: 'Call back', status: 10, priority: '30', associated_items: [{ type: 'Patient', value: 7 }], due_date: { time: '2026-12-01T17:00:00' } } },
				{ json: { id: 101, title: 'Closed', status: 11, priority: '20', patient: 7 } },
				{ json: { id: 102, title: 'Other patient', status: 10, priority: '20', patient: 8 } },
				{ json: { id: 103, title: 'Archived', status: 10, priority: '20', patient: 7, archived: true } },
			],
		});
		const html = panel.html as string;
		expect(panel).toMatchObject({ problemCount: 1, taskCount: 1 });
		expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		expect(html).not.toContain('<script>');
		expect(html).toContain('Call back');
		expect(html).toContain('High · Open · due 2026-12-01');
		expect(html).not.toContain('Other patient');
		expect(html).not.toContain('Someone else');
	});
});
