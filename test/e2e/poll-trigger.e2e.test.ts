/**
 * The DrChrono Poll Trigger in real n8n: the example workflow (examples/lab-result-task) is
 * activated with n8n's shortest poll interval (every minute; n8n refuses anything shorter), a lab
 * result is created in the sandbox, and the workflow runs once for it and creates the task for the
 * ordering doctor; the polls after that find nothing more.
 *
 *   npm run build && N8N_E2E_LINES=1 npx jest -c test/e2e/lib/jest.e2e.config.js --runInBand test/e2e/poll-trigger.e2e.test.ts
 */

import { startSandbox, type Sandbox } from '../sandbox';
import { loadExamples, nodeOfType, OAUTH2_TYPE, sandboxOAuth2Data, requireBuiltNode, NODE } from './lib/drchrono';
import { sharedN8n } from './lib/shared';
import { ensureN8nInstalled, N8nInstance, N8nLine, nodeOutput } from './lib/n8n';
import { until } from './lib/wait';

const lines = (process.env.N8N_E2E_LINES ?? '1,2').split(',').map((s) => s.trim()).filter(Boolean) as N8nLine[];
const POLL_NODE = NODE.poll;
const LIST = 'GET /api/patient_lab_results';


describe.each(lines)('DrChrono Poll Trigger in real n8n, line %s', (line) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;

	beforeAll(async () => {
		requireBuiltNode('DrChronoPollTrigger.node.js');
		await ensureN8nInstalled(line);
		sandbox = await startSandbox({ patients: 30, quiet: true });
		n8n = await sharedN8n(line);
	}, 40 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
	}, 120_000);

	it('the example workflow picks up a new lab result once and creates the task for its ordering doctor', async () => {
		const credId = await n8n.createCredential({
			name: 'DrChrono Sandbox',
			type: OAUTH2_TYPE,
			data: sandboxOAuth2Data(sandbox, sandbox.issueToken()),
		});
		const example = loadExamples().find((e) => nodeOfType(e.json, POLL_NODE));
		expect(example).toBeDefined();
		const wf = JSON.parse(JSON.stringify(example!.json));
		const openStatus = sandbox.store.collection('task_statuses').all().find((s) => !['C', 'Complete', 'Completed'].includes(String(s.status_category)))!;
		for (const node of wf.nodes) {
			if (node.credentials?.[OAUTH2_TYPE]) node.credentials[OAUTH2_TYPE] = { id: credId, name: 'DrChrono Sandbox' };
			if (node.parameters?.resource === 'task') node.parameters.status = openStatus.id;
		}
		delete wf.id;
		const id = await n8n.createWorkflow({ ...wf, name: `${wf.name} (line ${line})` });

		// History before activation is never emitted: first activation starts from now.
		const doctors = sandbox.store.collection('doctors').all();
		const orderingDoctor = doctors[1].id as number;
		const patient = sandbox.store.collection('patients').all()[3].id as number;
		const create = async (title: string) =>
			(await (
				await fetch(`${sandbox.url}/_sandbox/mutate`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						resource: 'patient_lab_results',
						action: 'create',
						data: { patient, ordering_doctor: orderingDoctor, title, lab_result_value: '6.1', lab_result_value_units: 'mmol/L', lab_abnormal_flag: 'H' },
					}),
				})
			).json()) as { id: number };
		await create('Old result');

		await n8n.activateWorkflow(id, 120_000);
		// n8n polls once on activation: that poll sets the cursor.
		await until('the activation poll', () => (sandbox.stats().callsByPath[LIST] ?? 0) >= 1, 60_000);
		await new Promise((r) => setTimeout(r, 1500));
		const result = await create('Potassium');

		const [execution] = await n8n.waitForExecutions(id, 1, 90_000);
		expect(execution.status).toBe('success');
		const emitted = nodeOutput(execution.data!, 'New Lab Result');
		expect(emitted.map((j) => j.id)).toEqual([result.id]);
		const [taskJson] = nodeOutput(execution.data!, 'Create Review Task');
		const doctorUser = sandbox.store.collection('users').all().find((u) => u.doctor === orderingDoctor)!;
		expect(taskJson.assignee_user).toBe(doctorUser.id);
		expect(String(taskJson.title)).toContain('Potassium');
		expect(String(taskJson.priority)).toBe('30');

		// The next poll (at most a minute later) finds nothing new: still one execution.
		const pollsSoFar = sandbox.stats().callsByPath[LIST] ?? 0;
		await until('the next poll', () => (sandbox.stats().callsByPath[LIST] ?? 0) > pollsSoFar, 75_000);
		await new Promise((r) => setTimeout(r, 3000));
		const all = await n8n.listExecutions(id);
		expect(all.map((e) => e.id)).toEqual([execution.id]);
		await n8n.deactivateWorkflow(id);
	}, 6 * 60_000);
});
