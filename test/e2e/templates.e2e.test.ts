/**
 * The workflow templates of examples/ in real n8n with the package installed as users install it
 * (the packed tarball, through n8n's Community Nodes installer): imported as they are, set up as their sticky
 * notes say (credentials with the ids the templates name, a Data Table chosen), then run or
 * activated against the sandbox, each checked by what it should leave behind: reminder emails at a
 * local SMTP server, Data Table rows, tasks, messages and the filed note PDF in the sandbox, an
 * AI Agent answering through a scripted OpenAI-compatible stand-in, and an MCP client listing and
 * calling the MCP server's tools.
 *
 *   npm run build && N8N_E2E_LINES=1 npx jest -c test/e2e/lib/jest.e2e.config.js --runInBand test/e2e/templates.e2e.test.ts
 */
import { randomBytes } from 'crypto';
import * as path from 'path';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import { startSandbox, type Sandbox } from '../sandbox';
import { startOpenAiStandin, type ChatRequest, type OpenAiStandin } from '../standins/openai-chat';
import { startSmtpStandin, type SmtpStandin } from '../standins/smtp';
import { loadExamples, nodeType, OAUTH2_TYPE, requireBuiltNode, sandboxOAuth2Data, WEBHOOK_TYPE } from './lib/drchrono';
import { startInstalledN8n } from './lib/install';
import { until } from './lib/wait';
import { ensureN8nInstalled, importCredentials, importWorkflow, makeTempDir, type N8nInstance, nodeOutput, type N8nLine } from './lib/n8n';

const lines = (process.env.N8N_E2E_LINES ?? '1,2').split(',').map((s) => s.trim()).filter(Boolean) as N8nLine[];
const CLIENT = 'sandbox-client-id';
// A generated secret, as the trigger requires (hand-made ones are guessable offline).
const SECRET = randomBytes(32).toString('hex');
const BEARER = 'mcp-token-0123456789abcdef0123456789';

/** The templates by folder, unchanged. */
function templates(): Record<string, any> {
	return Object.fromEntries(loadExamples().map((e) => [path.basename(path.dirname(e.file)), e.json]));
}
const TRIGGER = nodeType('drChronoTrigger');


describe.each(lines)('workflow templates in real n8n, line %s', (line) => {
	let sandbox: Sandbox;
	let smtp: SmtpStandin;
	let openai: OpenAiStandin;
	let n8n: N8nInstance;
	let projectId: string;
	const wf = templates();
	const started = Date.now();

	const control = async (p: string, body?: unknown) => {
		const res = await fetch(`${sandbox.url}/_sandbox/${p}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!res.ok) throw new Error(`sandbox ${p}: ${res.status} ${await res.text()}`);
		return (await res.json()) as any;
	};
	/** Points the app's one DrChrono webhook at a trigger of a template and verifies it, as a user does in DrChrono. */
	const hookUp = async (template: string, events: string[]) => {
		const trigger = wf[template].nodes.find((n: any) => n.type === TRIGGER);
		sandbox.configureWebhook(CLIENT, { callbackUrl: n8n.webhookUrl(trigger.webhookId, 'drchrono'), secretToken: SECRET, events });
		expect(await sandbox.verifyWebhook(CLIENT)).toMatchObject({ verified: true });
	};
	const chooseTable = async (workflowId: string, tableId: string) => {
		const current = await n8n.rest<any>('GET', `/workflows/${workflowId}`);
		for (const node of current.nodes) if (node.type === 'n8n-nodes-base.dataTable') node.parameters.dataTableId = { __rl: true, mode: 'id', value: tableId };
		await n8n.rest('PATCH', `/workflows/${workflowId}`, { nodes: current.nodes, connections: current.connections, versionId: current.versionId });
	};
	const createTable = async (name: string) =>
		(
			await n8n.rest<{ id: string }>('POST', `/projects/${projectId}/data-tables`, {
				name,
				columns: [
					{ name: 'patient_id', type: 'number' },
					...['chart_id', 'first_name', 'last_name', 'date_of_birth', 'email', 'created_at'].map((c) => ({ name: c, type: 'string' })),
				],
			})
		).id;
	/** Runs a workflow as the editor's Execute Workflow button does, from its trigger; returns the finished execution's data. */
	const runFromTrigger = async (workflowId: string, trigger: string) => {
		const before = (await n8n.listExecutions(workflowId, { includeData: false })).length;
		const workflowData = await n8n.rest<any>('GET', `/workflows/${workflowId}`);
		await n8n.rest('POST', `/workflows/${workflowId}/run`, { workflowData, triggerToStartFrom: { name: trigger } });
		const [latest] = await n8n.waitForExecutions(workflowId, before + 1, 180_000);
		if (latest.status !== 'success') throw new Error(`${workflowId} ended ${latest.status}: ${JSON.stringify(latest.data?.resultData?.error ?? {}).slice(0, 800)}`);
		return latest.data!;
	};
	const rows = async (tableId: string) =>
		(await n8n.rest<{ data: any[] }>('GET', `/projects/${projectId}/data-tables/${tableId}/rows?take=100&skip=0`)).data;

	beforeAll(async () => {
		requireBuiltNode();
		await ensureN8nInstalled(line);
		sandbox = await startSandbox({ patients: 30, quiet: true });
		sandbox.upsertApp({ clientId: CLIENT, quotaLimit: 100_000 });
		smtp = await startSmtpStandin();
		openai = await startOpenAiStandin(frontDeskScript);
		const userFolder = makeTempDir('n8n-templates-');
		const cli = { line, userFolder };
		// What a user sets up after importing: the credentials each template names.
		await importCredentials(cli, [
			{ id: 'drchronoAccount1', name: 'DrChrono account', type: OAUTH2_TYPE, data: sandboxOAuth2Data(sandbox, sandbox.issueToken(CLIENT), { quotaPerHour: 100_000, maxCallsPerSecond: 50 }) },
			// The nightly export still names the credential of `npm start`.
			{ id: 'drchronoSandbox1', name: 'DrChrono Sandbox', type: OAUTH2_TYPE, data: sandboxOAuth2Data(sandbox, sandbox.issueToken(CLIENT), { quotaPerHour: 100_000, maxCallsPerSecond: 50 }) },
			{ id: 'drchronoWebhook1', name: 'DrChrono webhook', type: WEBHOOK_TYPE, data: { secretToken: SECRET } },
			{ id: 'practiceSmtp1', name: 'Practice SMTP', type: 'smtp', data: { user: '', password: '', host: '127.0.0.1', port: smtp.port, secure: false, disableStartTls: true } },
			{ id: 'openAiAccount1', name: 'OpenAI account', type: 'openAiApi', data: { apiKey: 'sk-test', url: openai.baseUrl } },
			{ id: 'mcpBearerToken1', name: 'MCP bearer token', type: 'httpBearerAuth', data: { token: BEARER } },
		]);
		await importWorkflow(cli, Object.values(wf));
		// Line 1: n8n's Community Nodes installer. Line 2: the documented manual install (`npm i` in
		// ~/.n8n/nodes), since the harness's copy of the installer's steps does not read 2.41's yet.
		n8n = await startInstalledN8n({ line, userFolder, removeUserFolder: true, startTimeoutMs: 300_000, method: line === '1' ? 'n8n-installer' : 'npm-install' });
		await n8n.login();
		projectId = (await n8n.rest<{ id: string }>('GET', '/projects/personal')).id;
	}, 40 * 60_000);

	afterAll(async () => {
		await n8n?.stop();
		await sandbox?.close();
		await smtp?.close();
		await openai?.close();
		// eslint-disable-next-line no-console
		console.log(`templates e2e, line ${line}: ${Math.round((Date.now() - started) / 1000)} s`);
	}, 120_000);

	it('Appointment reminders: one email per patient booked tomorrow, none for cancelled visits or opted-out patients', async () => {
		// Tomorrow may be a weekend the demo practice does not work: book four patients for it.
		const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
		const doctor = sandbox.store.collection('doctors').all()[2];
		const office = sandbox.store.collection('offices').all()[1].id;
		const someone = sandbox.store.collection('patients').all().slice(10, 14);
		for (const [i, p] of someone.entries()) {
			await control('mutate', {
				resource: 'appointments',
				action: 'create',
				data: { doctor: doctor.id, office, exam_room: 3, patient: p.id, scheduled_time: `${tomorrow}T0${i + 1}:00:00`, duration: 30 },
			});
		}
		const appointments = sandbox.store.collection('appointments').all().filter((a) => String(a.scheduled_time).startsWith(tomorrow));
		expect(appointments.length).toBeGreaterThanOrEqual(4);
		const [cancelled, optedOut] = appointments;
		await control('mutate', { resource: 'appointments', action: 'update', id: cancelled.id, data: { status: 'Cancelled' } });
		await control('mutate', { resource: 'patients', action: 'update', id: optedOut.patient, data: { disable_sms_messages: true } });
		const patients = sandbox.store.collection('patients');
		const expected = [
			...new Set(
				appointments
					.filter((a) => a.status !== 'Cancelled' && a.patient !== optedOut.patient && a.patient !== cancelled.patient)
					.map((a) => String(patients.get(a.patient as number)!.email)),
			),
		];

		const run = await runFromTrigger(wf['appointment-reminders'].id, 'Every Morning');
		const sent = nodeOutput(run, 'Send Reminder');
		const mails = await smtp.waitFor(sent.length, (m) => m.subject.startsWith('Reminder:'));
		const to = mails.map((m) => m.to[0]);
		for (const email of expected) expect(to).toContain(email);
		expect(to).not.toContain(String(patients.get(optedOut.patient as number)!.email));
		expect(mails[0].text).toContain('This is a reminder of your appointment tomorrow');
	}, 5 * 60_000);

	it('New patient → practice list: PATIENT_CREATE adds one row per patient to the Data Table', async () => {
		const table = await createTable(`New patients ${line}`);
		await chooseTable(wf['new-patient-practice-list'].id, table);
		await n8n.activateWorkflow(wf['new-patient-practice-list'].id, 120_000);
		await hookUp('new-patient-practice-list', ['PATIENT_CREATE']);
		const doctor = sandbox.store.collection('doctors').all()[0].id;
		const created = await control('mutate', { resource: 'patients', action: 'create', data: { doctor, gender: 'Female', first_name: 'Ana', last_name: `Template${line}`, date_of_birth: '1990-04-05' } });
		const [row] = await until('the Data Table row', async () => {
			const r = await rows(table);
			return r.length ? r : undefined;
		});
		expect(row).toMatchObject({ patient_id: created.id, first_name: 'Ana', last_name: `Template${line}`, date_of_birth: '1990-04-05' });
		// The same patient delivered again under a new delivery id runs the workflow again, and still
		// leaves one row for the patient.
		const delivery = sandbox.deliveries().find((d) => d.event === 'PATIENT_CREATE')!;
		const trigger = wf['new-patient-practice-list'].nodes.find((n: any) => n.type === TRIGGER);
		const again = await fetch(n8n.webhookUrl(trigger.webhookId, 'drchrono'), {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-drchrono-event': 'PATIENT_CREATE', 'x-drchrono-signature': SECRET, 'x-drchrono-delivery': `again-${line}` },
			body: delivery.body,
		});
		expect(again.status).toBe(200);
		await n8n.waitForExecutions(wf['new-patient-practice-list'].id, 2, 60_000);
		expect((await rows(table)).filter((r) => r.patient_id === created.id)).toHaveLength(1);
		await n8n.deactivateWorkflow(wf['new-patient-practice-list'].id);
	}, 5 * 60_000);

	it('Locked clinical note → PDF filed: locking a note files its PDF, bytes unchanged, on the patient’s chart', async () => {
		await n8n.activateWorkflow(wf['locked-note-pdf'].id, 120_000);
		await hookUp('locked-note-pdf', ['CLINICAL_NOTE_LOCK']);
		const notes = sandbox.store.collection('clinical_notes');
		const appt = sandbox.store.collection('appointments').all().find((a) => !notes.has(a.id))!;
		const before = sandbox.store.collection('documents').size;
		await control(`clinical_notes/${appt.id}/lock`);
		const pdf = sandbox.store.fileOf('clinical_notes', appt.id, 'pdf')!;
		const doc = await until('the filed document', () =>
			sandbox.store.collection('documents').all().find((d) => d.patient === appt.patient && String(d.description).startsWith('Clinical note')),
		);
		expect(sandbox.store.collection('documents').size).toBe(before + 1);
		expect(doc).toMatchObject({ doctor: appt.doctor, date: String(appt.scheduled_time).slice(0, 10), metatags: ['Clinical note'] });
		expect(sandbox.store.documentBytes(doc.id)!.equals(pdf.data)).toBe(true);
		await n8n.deactivateWorkflow(wf['locked-note-pdf'].id);
	}, 5 * 60_000);

	it('No-show follow-up: a visit marked No Show gets one task and one patient message', async () => {
		await n8n.activateWorkflow(wf['no-show-follow-up'].id, 120_000);
		await hookUp('no-show-follow-up', ['APPOINTMENT_MODIFY']);
		const appt = sandbox.store.collection('appointments').all().find((a) => a.status !== 'No Show' && a.patient)!;
		const messagesBefore = sandbox.store.collection('patient_messages').size;
		await control('mutate', { resource: 'appointments', action: 'update', id: appt.id, data: { status: 'No Show' } });
		const task = await until('the follow-up task', () =>
			sandbox.store.collection('tasks').all().find((t) => String(t.title).includes(`appointment ${appt.id}`)),
		);
		expect(task.title).toMatch(/^No-show: call to rebook/);
		await until('the patient message', () => sandbox.store.collection('patient_messages').size === messagesBefore + 1);
		const message = sandbox.store.collection('patient_messages').all().slice(-1)[0];
		expect(message).toMatchObject({ patient: appt.patient, subject: 'We missed you today' });
		// Another change of the same appointment: no second follow-up.
		await control('mutate', { resource: 'appointments', action: 'update', id: appt.id, data: { notes: 'left a voicemail' } });
		await new Promise((r) => setTimeout(r, 4000));
		expect(sandbox.store.collection('tasks').all().filter((t) => String(t.title).includes(`appointment ${appt.id}`))).toHaveLength(1);
		await n8n.deactivateWorkflow(wf['no-show-follow-up'].id);
	}, 5 * 60_000);

	it('Abnormal lab result → doctor: a task for the ordering doctor and an email, none for a normal result', async () => {
		const doctor = sandbox.store.collection('doctors').all()[1];
		const patient = sandbox.store.collection('patients').all()[2].id;
		await control('mutate', {
			resource: 'patient_lab_results',
			action: 'create',
			data: { patient, ordering_doctor: doctor.id, title: 'Potassium', lab_result_value: '6.1', lab_result_value_units: 'mmol/L', lab_abnormal_flag: 'H' },
		});
		// A manual run of a Poll Trigger takes the latest record: the abnormal one just made.
		const run = await runFromTrigger(wf['abnormal-lab-result'].id, 'New Lab Result');
		const [task] = nodeOutput(run, 'Create Review Task');
		expect(task.title).toBe('Abnormal lab result (H): Potassium');
		const doctorUser = sandbox.store.collection('users').all().find((u) => u.doctor === doctor.id)!;
		expect(task.assignee_user).toBe(doctorUser.id);
		const [mail] = await smtp.waitFor(1, (m) => m.subject === 'Abnormal lab result to review');
		expect(mail.to).toEqual([doctor.email]);
		expect(mail.text).not.toContain('6.1');
	}, 5 * 60_000);

	it('Nightly export: only patients created since yesterday go to the Data Table, once', async () => {
		const table = await createTable(`Nightly new patients ${line}`);
		await chooseTable(wf['nightly-new-patients'].id, table);
		const doctor = sandbox.store.collection('doctors').all()[0].id;
		const created = await control('mutate', { resource: 'patients', action: 'create', data: { doctor, gender: 'Male', first_name: 'Nightly', last_name: `New${line}` } });
		// An old patient changed today is not new.
		const old = sandbox.store.collection('patients').all().find((p) => Date.parse(String(p.created_at)) < Date.now() - 3 * 86_400_000)!;
		await control('mutate', { resource: 'patients', action: 'update', id: old.id, data: { nick_name: 'changed' } });
		await runFromTrigger(wf['nightly-new-patients'].id, 'Every Night');
		await runFromTrigger(wf['nightly-new-patients'].id, 'Every Night');
		const r = await rows(table);
		expect(r.filter((x) => x.patient_id === created.id)).toHaveLength(1);
		expect(r.find((x) => x.patient_id === old.id)).toBeUndefined();
	}, 5 * 60_000);

	it('DrChrono MCP server: an MCP client lists the read-only tools and finds a patient', async () => {
		await n8n.activateWorkflow(wf['mcp-server'].id, 120_000);
		const patient = sandbox.store.collection('patients').all()[5];
		const transport = new StreamableHTTPClientTransport(new URL(`${n8n.baseUrl}/mcp/drchrono`), {
			requestInit: { headers: { Authorization: `Bearer ${BEARER}` } },
		});
		const client = new Client({ name: 'templates-e2e', version: '1.0.0' });
		await client.connect(transport);
		try {
			const { tools } = await client.listTools();
			expect(tools.map((t) => t.name).sort()).toEqual(['Day_s_Appointments', 'Find_Patients', 'Offices_and_Rooms'].sort());
			const find = tools.find((t) => t.name === 'Find_Patients')!;
			expect(find.description).toContain('Find patients of the practice by last name');
			const result = (await client.callTool({ name: 'Find_Patients', arguments: { last_name: patient.last_name, first_name: patient.first_name, date_of_birth: '' } })) as {
				content: Array<{ type: string; text: string }>;
			};
			const text = result.content.map((c) => c.text).join('\n');
			expect(text).toContain(String(patient.id));
			expect(text).toContain(String(patient.first_name));
		} finally {
			await client.close();
		}
		// Without the token: refused.
		const anonymous = await fetch(`${n8n.baseUrl}/mcp/drchrono`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
		expect([401, 403]).toContain(anonymous.status);
		await n8n.deactivateWorkflow(wf['mcp-server'].id);
	}, 5 * 60_000);

	it('Front-desk assistant: the agent looks a patient up with its tool; the booking it prepares is written only after approval', async () => {
		await n8n.activateWorkflow(wf['front-desk-assistant'].id, 120_000);
		const trigger = wf['front-desk-assistant'].nodes.find((n: any) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger');
		const patient = sandbox.store.collection('patients').all()[7];
		frontDesk.patient = { id: patient.id as number, last_name: String(patient.last_name), doctor: patient.doctor as number };
		frontDesk.office = sandbox.store.collection('offices').all()[0].id;
		const cookie = (n8n as unknown as { cookie: string }).cookie;
		const appointmentsBefore = sandbox.store.collection('appointments').size;
		const chat = fetch(`${n8n.baseUrl}/webhook/${trigger.webhookId}/chat`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ action: 'sendMessage', sessionId: `s-${line}`, chatInput: `Book ${patient.last_name} on Monday at 10:30 please` }),
		}).catch((e) => e);
		const [approval] = await smtp.waitFor(1, (m) => m.subject === 'Approve a booking', 120_000);
		// The model used the Find Patients tool and got the patient from DrChrono.
		const toolAnswer = openai.requests.flatMap((r) => r.messages).find((m) => m.role === 'tool');
		expect(String(toolAnswer?.content)).toContain(String(patient.id));
		expect(sandbox.store.collection('appointments').size).toBe(appointmentsBefore);
		const approve = /href="([^"]*approved=true[^"]*)"/.exec(approval.text.replace(/&amp;/g, '&'))?.[1];
		expect(approve).toBeDefined();
		// A person opens the link in a browser (n8n ignores clients it takes for link scanners). The
		// email goes out just before n8n puts the execution to wait; until then the link answers 409.
		const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36' };
		await until('the approval to be taken', async () => ((await fetch(approve!, { headers: browser })).status < 400 ? true : undefined), 30_000);
		const booked = await until('the approved booking', () =>
			sandbox.store.collection('appointments').all().find((a) => a.patient === patient.id && String(a.scheduled_time).endsWith('10:30:00') && a.reason === 'Booked by the assistant'),
		).catch(async (e) => {
			const executionId = /webhook-waiting\/(\d+)\//.exec(approve!)?.[1];
			const execution = await n8n.api<any>('GET', `/executions/${executionId}?includeData=true`).catch((x) => ({ error: String(x) }));
			const r = execution?.data?.resultData;
			throw new Error(`${e.message}; execution ${executionId} ${execution?.status}: ${r?.lastNodeExecuted} ${JSON.stringify(r?.error ?? execution?.error ?? {}).slice(0, 1500)}`);
		});
		expect(booked).toMatchObject({ doctor: patient.doctor, office: frontDesk.office });
		await chat;
		await n8n.deactivateWorkflow(wf['front-desk-assistant'].id);
	}, 5 * 60_000);
});

/** What the scripted model knows of the test: the patient to look up and the office to book in. */
const frontDesk: { patient?: { id: number; last_name: string; doctor: number }; office?: number } = {};

/** First turn: call the Find Patients tool; second: answer with a booking proposal for the patient the tool found. */
function frontDeskScript(request: ChatRequest): { content: string } | { toolCall: { name: string; arguments: Record<string, unknown> } } {
	const toolMessage = request.messages.find((m) => m.role === 'tool');
	if (!toolMessage) {
		const find = request.tools?.find((t) => t.function.name.startsWith('Find_Patients'));
		return { toolCall: { name: find?.function.name ?? 'Find_Patients', arguments: { last_name: frontDesk.patient!.last_name, first_name: '', date_of_birth: '' } } };
	}
	const found = String(toolMessage.content);
	const id = frontDesk.patient!.id;
	if (!found.includes(String(id))) return { content: 'I could not find that patient.' };
	const monday = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
	const proposal = {
		action: 'book_appointment',
		patient: id,
		doctor: frontDesk.patient!.doctor,
		office: frontDesk.office,
		exam_room: 1,
		scheduled_time: `${monday}T10:30:00`,
		duration: 30,
		reason: 'Booked by the assistant',
	};
	return { content: `I prepared the booking; a colleague will approve it.\n\`\`\`proposal\n${JSON.stringify(proposal)}\n\`\`\`` };
}
