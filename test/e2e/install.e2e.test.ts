/**
 * The packed package installed into real n8n the way users install it, on each line, both ways:
 * the steps of n8n's Community Nodes installer (the run's shared instance, lib/shared.ts) and the
 * documented manual `npm i` in ~/.n8n/nodes (an instance of its own). Through n8n itself: the four
 * nodes and two credentials load as `n8n-nodes-drchrono.*`; every example workflow imports from its
 * file unchanged, gets what its Set up note asks for (credentials, a task status), is activated and
 * runs against the sandbox (a webhook delivery, a poll, the iframe panel, the nightly export run by
 * hand).
 *
 *   npm run build && N8N_E2E_LINES=1 npx jest -c test/e2e/lib/jest.e2e.config.js test/e2e/install.e2e.test.ts
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import { startSandbox, type Sandbox } from '../sandbox';
import { DrChronoNodeName, ExampleWorkflow, loadExamples, nodeOfType, nodeType, OAUTH2_TYPE, requireBuiltNode, sandboxOAuth2Data, WEBHOOK_TYPE } from './lib/drchrono';
import { INSTALL_METHODS, InstallMethod, InstallReport, nodesDir, PACKAGE_JSON, PACKAGE_NAME, startInstalledN8n } from './lib/install';
import { N8nExecution, N8nInstance, nodeOutput } from './lib/n8n';
import { e2eLines, sharedN8n } from './lib/shared';
import { until } from './lib/wait';

const NODE_NAMES: DrChronoNodeName[] = ['drChrono', 'drChronoIframeTrigger', 'drChronoPollTrigger', 'drChronoTrigger'];
const CLIENT = 'sandbox-client-id';
// A generated secret, as the trigger requires (hand-made ones are guessable offline).
const SECRET = randomBytes(32).toString('hex');

function failure(e: N8nExecution): string {
	const err = e.data?.resultData?.error;
	return err ? `${err.message}${err.description ? ` (${err.description})` : ''}` : '';
}

describe.each(e2eLines())('the packed package installed as users install it, line %s', (line) => {
	describe.each(INSTALL_METHODS)('%s', (method: InstallMethod) => {
		let sandbox: Sandbox;
		let n8n: N8nInstance;
		let install: InstallReport;

		beforeAll(async () => {
			requireBuiltNode();
			sandbox = await startSandbox({ patients: 30, quiet: true });
			const instance = method === 'n8n-installer' ? await sharedN8n(line) : await startInstalledN8n({ line, method, startTimeoutMs: 300_000 });
			n8n = instance;
			install = instance.install!;
			process.stderr.write(`[e2e] line ${line} ${method}: installed in ${(install.ms / 1000).toFixed(1)} s: ${install.commands.join('; ')}\n`);
		}, 20 * 60_000);

		afterAll(async () => {
			await n8n?.stop();
			await sandbox?.close();
		}, 120_000);

		it("installs the package's files and nothing of n8n's", () => {
			expect(install.nodeModules).toEqual([PACKAGE_NAME]);
			for (const file of [...PACKAGE_JSON.n8n.nodes, ...PACKAGE_JSON.n8n.credentials]) {
				expect(fs.existsSync(path.join(install.packageDir, file))).toBe(true);
			}
			const recorded = JSON.parse(fs.readFileSync(path.join(nodesDir(n8n.userFolder), 'package.json'), 'utf8'));
			const installed = JSON.parse(fs.readFileSync(path.join(install.packageDir, 'package.json'), 'utf8'));
			if (method === 'n8n-installer') {
				// n8n records the version and strips dev, peer and optional dependencies.
				expect(recorded.dependencies).toEqual({ [PACKAGE_NAME]: PACKAGE_JSON.version });
				expect(installed.peerDependencies).toBeUndefined();
				expect(installed.devDependencies).toBeUndefined();
			} else {
				expect(Object.keys(recorded.dependencies)).toEqual([PACKAGE_NAME]);
				expect(installed.peerDependencies).toEqual({ 'n8n-workflow': '*' });
			}
		});

		it('n8n loads the four nodes (and the action node\'s AI tool) and two credentials as n8n-nodes-drchrono.*', async () => {
			const nodes = (await n8n.editorTypes('nodes')).filter((t) => /drchrono/i.test(t.name));
			// The action node is usable as an AI tool: n8n adds its tool variant, `<name>Tool`.
			expect([...new Set(nodes.map((t) => t.name))].sort()).toEqual([...NODE_NAMES.map((name) => nodeType(name)), `${nodeType('drChrono')}Tool`].sort());
			const credentials = (await n8n.editorTypes('credentials')).filter((t) => /drchrono/i.test(t.name));
			expect(credentials.map((c) => c.name).sort()).toEqual([OAUTH2_TYPE, WEBHOOK_TYPE]);
			const webhook = credentials.find((c) => c.name === WEBHOOK_TYPE)!;
			expect(webhook.supportedNodes).toEqual([nodeType('drChronoTrigger')]);
		});

		it('every example workflow imports from its file unchanged, activates and runs against the sandbox', async () => {
			const examples = loadExamples();
			const oauth2 = { id: await n8n.createCredential({ name: 'DrChrono', type: OAUTH2_TYPE, data: sandboxOAuth2Data(sandbox, sandbox.issueToken(CLIENT)) }), name: 'DrChrono' };
			const webhookCred = { id: await n8n.createCredential({ name: 'DrChrono Webhook', type: WEBHOOK_TYPE, data: { secretToken: SECRET } }), name: 'DrChrono Webhook' };

			// Workflows > Import from File, for every file at once: n8n's CLI import of the files as they are.
			const dir = path.join(n8n.userFolder, `examples-${method}`);
			fs.mkdirSync(dir, { recursive: true });
			for (const ex of examples) fs.copyFileSync(ex.file, path.join(dir, path.basename(ex.file)));
			const imported = await n8n.cli(['import:workflow', '--separate', `--input=${dir}`]);
			expect(imported.code).toBe(0);

			// What each Set up note asks for: the user's credentials, a task status of the practice, a
			// Data Table for the nightly export.
			const openStatus = sandbox.store.collection('task_statuses').all().find((s) => s.status_category === 'O')!;
			const projectId = (await n8n.rest<{ id: string }>('GET', '/projects/personal')).id;
			const columns = [{ name: 'patient_id', type: 'number' }, ...['chart_id', 'first_name', 'last_name', 'date_of_birth', 'email', 'created_at'].map((name) => ({ name, type: 'string' }))];
			const table = (await n8n.rest<{ id: string }>('POST', `/projects/${projectId}/data-tables`, { name: `Nightly new patients (${method})`, columns })).id;
			// This suite activates and drives the four examples that show each node at work; the
			// templates (which also need mail, AI and Data Table set-ups) are activated and driven by
			// templates.e2e.test.ts. All are imported and checked here.
			const driven = new Set(['appointment-follow-up', 'lab-result-task', 'iframe', 'nightly-new-patients']);
			const folderOf = (ex: ExampleWorkflow) => path.basename(path.dirname(ex.file));
			const ids = new Map<ExampleWorkflow, string>();
			try {
				for (const ex of examples) {
					const stored = await n8n.api<{ id: string; nodes: Array<Record<string, any>>; connections: object; settings?: object; name: string }>('GET', `/workflows/${ex.json.id}`);
					// Unknown node types would show up as such: the stored nodes are those of the file.
					expect(stored.nodes.map((n) => [n.name, n.type])).toEqual(ex.json.nodes.map((n) => [n.name, n.type]));
					for (const node of stored.nodes) {
						if (node.credentials?.[OAUTH2_TYPE]) node.credentials[OAUTH2_TYPE] = oauth2;
						if (node.credentials?.[WEBHOOK_TYPE]) node.credentials[WEBHOOK_TYPE] = webhookCred;
						if (node.type === nodeType('drChrono') && node.parameters?.resource === 'task' && node.parameters?.operation === 'create') {
							// The examples pick the practice's first Open status themselves; a Status left empty is the user's to choose.
							if (node.parameters.status === '') node.parameters.status = openStatus.id;
							else expect(String(node.parameters.status)).toMatch(/^=\{\{/);
						}
					}
					if (!driven.has(folderOf(ex))) continue;
					for (const node of stored.nodes) if (node.type === 'n8n-nodes-base.dataTable') node.parameters.dataTableId = { __rl: true, mode: 'id', value: table };
					await n8n.api('PUT', `/workflows/${stored.id}`, { name: stored.name, nodes: stored.nodes, connections: stored.connections, settings: { executionOrder: 'v1' } });
					await n8n.activateWorkflow(stored.id, 120_000);
					ids.set(ex, stored.id);
				}
				expect([...ids.keys()].map(folderOf).sort()).toEqual([...driven].sort());
				// Every example is imported and activated above; this suite drives the four that show each
				// node at work (the templates are driven by templates.e2e.test.ts).
				const inFolder = (folder: string) => examples.find((e) => folderOf(e) === folder)!;
				const example = (type: string, folder: string) => {
					const ex = inFolder(folder);
					return { ex, id: ids.get(ex)!, node: nodeOfType(ex.json, type)! };
				};
				const patients = sandbox.store.collection('patients').all();
				const doctor = sandbox.store.meta.primaryDoctorId as number;

				// Poll Trigger: activation polled once (the cursor starts now); a lab result recorded
				// afterwards gives one run and a review task.
				const poll = example(nodeType('drChronoPollTrigger'), 'lab-result-task');
				await until('the activation poll', () => (sandbox.stats().callsByPath['GET /api/patient_lab_results'] ?? 0) >= 1, 60_000);
				await new Promise((r) => setTimeout(r, 1500));
				const labResult = await sandboxCreate(sandbox, 'patient_lab_results', {
					patient: patients[2].id,
					ordering_doctor: doctor,
					title: 'Potassium',
					lab_result_value: '6.1',
					lab_result_value_units: 'mmol/L',
					lab_abnormal_flag: 'H',
				});

				// DrChrono Trigger: the sandbox's Verify against the production URL, then a new
				// appointment gives one run that creates the follow-up task.
				const trigger = example(nodeType('drChronoTrigger'), 'appointment-follow-up');
				sandbox.configureWebhook(CLIENT, { callbackUrl: n8n.webhookUrl(trigger.node.webhookId, 'drchrono'), secretToken: SECRET, events: ['APPOINTMENT_CREATE'], name: 'n8n' });
				expect((await sandbox.verifyWebhook(CLIENT)).verified).toBe(true);
				const office = sandbox.store.collection('offices').all()[0].id;
				const appointment = await sandboxCreate(sandbox, 'appointments', {
					doctor,
					office,
					exam_room: 1,
					patient: patients[1].id,
					scheduled_time: '2031-03-04T09:00:00',
					duration: 30,
					allow_overlapping: true,
				});
				const [delivered] = await n8n.waitForExecutions(trigger.id, 1, 60_000);
				expect([delivered.status, failure(delivered)]).toEqual(['success', '']);
				const [followUp] = nodeOutput(delivered.data!, 'Create Follow-up Task');
				expect(String(followUp.title)).toContain(`appointment ${appointment.id}`);
				expect(sandbox.store.collection('tasks').all().some((t) => t.id === followUp.id)).toBe(true);

				// Iframe Trigger: the chart page's iframe URL, signed by the sandbox, answers with the panel.
				const iframe = example(nodeType('drChronoIframeTrigger'), 'iframe');
				const panelUrl = n8n.webhookUrl(iframe.node.webhookId, 'patient');
				sandbox.upsertApp({ clientId: CLIENT, patientIframe: { url: panelUrl, height: 500 } });
				const registered = await fetch(`${sandbox.url}/api/iframe_integration`, { method: 'POST', headers: { authorization: `Bearer ${sandbox.issueToken(CLIENT).access_token}` } });
				expect(registered.status).toBe(201);
				const chart = await (await fetch(`${sandbox.url}/patients/${patients[0].id}`)).text();
				const src = /<iframe[^>]*\ssrc="([^"]+)"/.exec(chart)![1].replace(/&amp;/g, '&');
				expect(src.startsWith(panelUrl)).toBe(true);
				const panel = await fetch(src);
				const html = await panel.text();
				expect([panel.status, html]).toEqual([200, expect.stringContaining(`data-patient-id="${patients[0].id}"`)]);

				// The nightly export, run by hand (the editor's Execute workflow) after its Set up choice (a
				// Data Table): yesterday's new patients land in the table.
				await sandboxCreate(sandbox, 'patients', { first_name: 'Ada', last_name: 'Export', gender: 'Female', date_of_birth: '1980-02-03', doctor });
				const nightly = inFolder('nightly-new-patients');
				const nightlyId = ids.get(nightly)!;
				const nightlyTrigger = nightly.json.nodes.find((n) => n.type === 'n8n-nodes-base.scheduleTrigger')!;
				const workflowData = await n8n.rest('GET', `/workflows/${nightlyId}`);
				await n8n.rest('POST', `/workflows/${nightlyId}/run`, { workflowData, triggerToStartFrom: { name: nightlyTrigger.name } });
				const [exported] = await n8n.waitForExecutions(nightlyId, 1, 90_000);
				expect([exported.status, failure(exported)]).toEqual(['success', '']);
				const rows = (await n8n.rest<{ data: Array<Record<string, unknown>> }>('GET', `/projects/${projectId}/data-tables/${table}/rows?take=100&skip=0`)).data;
				expect(rows.map((r) => r.last_name)).toContain('Export');

				// Back to the poll: the lab result's run and its task.
				const [polled] = await n8n.waitForExecutions(poll.id, 1, 120_000);
				expect([polled.status, failure(polled)]).toEqual(['success', '']);
				expect(nodeOutput(polled.data!, poll.node.name).map((j) => j.id)).toEqual([labResult.id]);
				expect(String(nodeOutput(polled.data!, 'Create Review Task')[0].title)).toContain('Potassium');

			} finally {
				// The shared instance serves the other suites: leave none of these workflows active.
				for (const id of ids.values()) await n8n.deactivateWorkflow(id).catch(() => undefined);
			}
		}, 8 * 60_000);
	});
});

async function sandboxCreate(sandbox: Sandbox, resource: string, data: Record<string, unknown>): Promise<{ id: number }> {
	const res = await fetch(`${sandbox.url}/_sandbox/mutate`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ resource, action: 'create', data }),
	});
	if (!res.ok) throw new Error(`sandbox create ${resource}: ${res.status} ${await res.text()}`);
	return (await res.json()) as { id: number };
}
