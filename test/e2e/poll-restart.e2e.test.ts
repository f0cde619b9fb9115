/**
 * The DrChrono Poll Trigger across what happens to a real n8n, with the example workflow
 * (examples/lab-result-task) imported as shipped, its id included, and the sandbox running
 * throughout. One n8n user folder per line, one sequence of boots:
 *
 * 1. activate; 4 lab results in one second → 4 emitted;
 * 2. SIGTERM (a container restart), 3 created while down, start → the 3 are emitted at start;
 * 3. 1 created, emitted, and n8n SIGKILLed right after that emission; 260 created while down
 *    (more than one page), start → all 260 are emitted, each once; the one before the kill is not
 *    lost (a repeat is allowed only if n8n died before saving, see docs/poll-trigger.md);
 * 4. deactivate, 2 created, activate → the 2 are emitted (On Reactivation: continue).
 *
 * Every lab result becomes one review task for its ordering doctor's user, as the example promises.
 *
 *   npm run build && N8N_E2E_LINES=1 npx jest -c test/e2e/lib/jest.e2e.config.js --runInBand test/e2e/poll-restart.e2e.test.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { startSandbox, type Sandbox } from '../sandbox';
import { loadExamples, NODE, nodeOfType, OAUTH2_TYPE, sandboxOAuth2Data, requireBuiltNode } from './lib/drchrono';
import { startInstalledN8n } from './lib/install';
import { ensureN8nInstalled, importCredentials, importWorkflow, makeTempDir, N8nInstance, N8nLine, nodeOutput } from './lib/n8n';
import { until } from './lib/wait';

const lines = (process.env.N8N_E2E_LINES ?? '1,2').split(',').map((s) => s.trim()).filter(Boolean) as N8nLine[];
const POLL_NODE = NODE.poll;
const LIST = 'GET /api/patient_lab_results';
const CLIENT_ID = 'sandbox-client-id';

describe.each(lines)('DrChrono Poll Trigger across restarts of real n8n, line %s', (line) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance | undefined;
	let userFolder: string;
	let workflowId: string;
	const timings: string[] = [];
	const t0 = Date.now();
	const mark = (what: string) => timings.push(`${((Date.now() - t0) / 1000).toFixed(0)} s ${what}`);

	/** The first start installs the packed package as users do; later starts find it installed. */
	const start = async () => {
		n8n = n8n
			? await N8nInstance.start({ line, userFolder, removeUserFolder: false, env: { N8N_COMMUNITY_PACKAGES_ENABLED: 'true' }, startTimeoutMs: 300_000 })
			: await startInstalledN8n({ line, userFolder, removeUserFolder: false, startTimeoutMs: 300_000 });
		mark(`n8n up (${(n8n.startedInMs / 1000).toFixed(0)} s)`);
		return n8n;
	};

	let doctor: number;
	let patient: number;
	const created: number[] = [];
	const create = async (n: number, title: string): Promise<number[]> => {
		const data = Array.from({ length: n }, (_, i) => ({
			patient,
			ordering_doctor: doctor,
			title: `${title} ${i}`,
			lab_result_value: '6.1',
			lab_result_value_units: 'mmol/L',
			lab_abnormal_flag: 'H',
		}));
		const res = await fetch(`${sandbox.url}/_sandbox/mutate`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ resource: 'patient_lab_results', action: 'create', data }),
		});
		const rows = (await res.json()) as Array<{ id: number }>;
		const ids = rows.map((r) => r.id);
		created.push(...ids);
		return ids;
	};
	/** Ids the trigger emitted over all executions so far (with repeats). */
	const emitted = async (): Promise<number[]> => {
		const executions = await n8n!.listExecutions(workflowId, { limit: 250 });
		return executions.flatMap((e) => (e.data ? nodeOutput(e.data, 'New Lab Result').map((j) => j.id as number) : []));
	};
	const waitForEmitted = async (ids: number[], timeoutMs: number) =>
		await until(`lab results ${ids.length > 5 ? `${ids.length} ids` : ids.join(', ')} emitted`, async () => {
			const got = new Set(await emitted());
			return ids.every((id) => got.has(id)) || undefined;
		}, timeoutMs);
	const tasksFor = (ids: number[]) => {
		const titles = new Set(sandbox.store.collection('patient_lab_results').all().filter((r) => ids.includes(r.id as number)).map((r) => String(r.title)));
		return sandbox.store.collection('tasks').all().filter((t) => [...titles].some((title) => String(t.title).includes(`: ${title} =`))).length;
	};

	beforeAll(async () => {
		requireBuiltNode('DrChronoPollTrigger.node.js');
		await ensureN8nInstalled(line);
		sandbox = await startSandbox({
			patients: 30,
			quiet: true,
			apps: [{ clientId: CLIENT_ID, clientSecret: 'sandbox-client-secret', redirectUris: ['*'], quotaLimit: 5_000 }],
		});
		doctor = sandbox.store.collection('doctors').all()[1].id as number;
		patient = sandbox.store.collection('patients').all()[3].id as number;
		userFolder = makeTempDir(`n8n-poll-restart-${line}-`);
		const cli = { line, userFolder };

		// The example as shipped (its id too); only the task status is the sandbox's.
		const example = loadExamples().find((e) => e.file.endsWith(path.join('lab-result-task', 'new-lab-result-task.workflow.json')))!;
		const wf = JSON.parse(JSON.stringify(example.json));
		workflowId = wf.id;
		const credential = nodeOfType(wf, POLL_NODE)!.credentials[OAUTH2_TYPE];
		const openStatus = sandbox.store.collection('task_statuses').all().find((s) => !['C', 'Complete', 'Completed'].includes(String(s.status_category)))!;
		for (const node of wf.nodes) if (node.parameters?.resource === 'task') node.parameters.status = openStatus.id;
		wf.active = false;
		await importCredentials(cli, [
			{
				id: credential.id,
				name: credential.name,
				type: OAUTH2_TYPE,
				data: sandboxOAuth2Data(sandbox, sandbox.issueToken(CLIENT_ID), { quotaPerHour: 5_000, maxCallsPerSecond: 0 }),
			},
		]);
		await importWorkflow(cli, wf);
		mark('imported');
	}, 40 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
		process.stdout.write(`poll-restart line ${line}:\n  ${timings.join('\n  ')}\n`);
	}, 120_000);

	it('restart, crash, reactivation and a long downtime: every lab result emitted and turned into a task, none lost, none twice', async () => {
		await start();
		await n8n!.activateWorkflow(workflowId, 120_000);
		await until('the activation poll', () => (sandbox.stats().callsByPath[LIST] ?? 0) >= 1, 60_000);
		await new Promise((r) => setTimeout(r, 1500));

		// 1. Four in one second: one run, a High-priority review task each for the ordering doctor's user.
		const tie = await create(4, 'Tie');
		await waitForEmitted(tie, 100_000);
		mark('4 in one second emitted');
		const [run] = await n8n!.waitForExecutions(workflowId, 1, 60_000);
		// On failure, say which node failed and why.
		const failure = (run.data as { resultData?: { error?: { message?: string; node?: { name?: string } } } } | undefined)?.resultData?.error;
		expect([run.status, failure ? `${failure.node?.name}: ${failure.message}` : '']).toEqual(['success', '']);
		const tasks = nodeOutput(run.data!, 'Create Review Task');
		const doctorUser = sandbox.store.collection('users').all().find((u) => u.doctor === doctor)!;
		expect(tasks).toHaveLength(4);
		for (const task of tasks) {
			expect(task.assignee_user).toBe(doctorUser.id);
			expect(String(task.title)).toMatch(/^Review lab result: Tie \d = 6\.1 mmol\/L$/);
			expect(String(task.priority)).toBe('30');
		}

		// 2. SIGTERM; three while down; start.
		await n8n!.stop();
		const whileStopped = await create(3, 'While stopped');
		await start();
		await waitForEmitted(whileStopped, 100_000);
		mark('3 created while stopped emitted after the restart');

		// 3. One emitted, SIGKILL right after; a long downtime: 260 while down (more than one page); start.
		const beforeKill = await create(1, 'Before kill');
		await waitForEmitted(beforeKill, 100_000);
		await n8n!.kill();
		mark('killed right after an emission');
		const backlog = await create(260, 'Backlog');
		await start();
		await waitForEmitted(backlog, 180_000);
		mark('260 created while killed emitted');

		// 4. Deactivate, two while inactive, activate: continues where it stopped.
		await n8n!.deactivateWorkflow(workflowId);
		const whileInactive = await create(2, 'While inactive');
		await n8n!.activateWorkflow(workflowId, 120_000);
		await waitForEmitted(whileInactive, 100_000);
		mark('2 created while inactive emitted after reactivation');

		// Let the workflow runs finish, then count.
		await until('every execution finished', async () => {
			const executions = await n8n!.listExecutions(workflowId, { includeData: false, limit: 250 });
			return executions.every((e) => e.finished || (e.status && !['new', 'running', 'waiting'].includes(e.status))) || undefined;
		}, 60_000);
		const all = await emitted();
		const repeats = all.filter((id, i) => all.indexOf(id) !== i);
		expect([...new Set(all)].sort((a, b) => a - b)).toEqual([...created].sort((a, b) => a - b));
		// The only repeat allowed: the result emitted just before SIGKILL, if n8n died before saving.
		expect(repeats.filter((id) => !beforeKill.includes(id))).toEqual([]);
		expect(tasksFor(created)).toBeGreaterThanOrEqual(created.length);
		const log = fs.readFileSync(n8n!.logFile, 'utf8');
		expect(log).not.toMatch(/does not save the state of workflows|no saved poll state/);
		// Started from now once, at the first activation; never again after a restart.
		expect(log.match(/DrChrono Poll Trigger: first poll/g)).toHaveLength(1);
		mark(`done: ${created.length} results, ${all.length} emitted, ${repeats.length} repeated`);
	}, 15 * 60_000);
});
