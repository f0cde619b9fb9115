/**
 * `npm start`: the package in real n8n against a local DrChrono sandbox, ready to click through.
 *
 *   npm start                      # n8n line 1 (1.123.x on Node 20), editor on :5678, sandbox on :5050
 *   npm start -- --line 2          # n8n line 2 (2.x on Node 24 from npm); or N8N_LINE=2 npm start
 *   npm start -- --no-build --n8n-port 5679 --sandbox-port 5051 --patients 300 --fresh
 *
 * Builds and packs the package, starts the sandbox with a demo practice, installs n8n if needed
 * (cached), installs the packed package into n8n's user folder the way n8n's Community Nodes
 * installer does, imports a connected DrChrono credential, a webhook credential and the workflows in
 * examples/ (as they are, plus the task status a user would pick), starts n8n, activates the trigger workflows, points the sandbox's webhook and
 * patient iframe at n8n, verifies the webhook, creates a few appointments so the trigger fires,
 * and prints what to open. Ctrl-C stops n8n and the sandbox. See docs/sandbox.md.
 */
import { randomBytes } from 'crypto';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { startSandbox, type Sandbox } from '../test/sandbox';
import { loadExamples, nodeOfType, nodeType, OAUTH2_TYPE, REPO_ROOT, sandboxOAuth2Data, WEBHOOK_TYPE } from '../test/e2e/lib/drchrono';
import { installPackage, packPackage } from '../test/e2e/lib/install';
import { DEFAULT_OWNER, ensureN8nInstalled, importCredentials, importWorkflow, N8nInstance, type N8nLine } from '../test/e2e/lib/n8n';

const HELP = `Usage: npm start [-- options]
  --line 1|2            n8n line (default 1, or $N8N_LINE): 1 = n8n 1.123.x on this Node, 2 = n8n 2.x on Node 24
  --n8n-port N          n8n's port (default 5678)
  --sandbox-port N      the sandbox's port (default 5050)
  --patients N          demo patients (default 1000)
  --appointments N      appointments created after start so the trigger fires (default 3)
  --no-build            skip "npm run build" (dist/ must exist)
  --fresh               start with an empty n8n user folder (.n8n-start/line-<n>)
  --echo                copy n8n's log to the terminal
  --help`;

const CRED_ID = 'drchronoSandbox1';
const CRED_NAME = 'DrChrono Sandbox';
const WEBHOOK_CRED_ID = 'drchronoWebhook1';
const WEBHOOK_CRED_NAME = 'DrChrono Sandbox Webhook';
// Generated for each start, as the trigger requires (hand-made secrets are guessable offline).
const WEBHOOK_SECRET = randomBytes(32).toString('hex');
const CLIENT_ID = 'sandbox-client-id';

function parseArgs(argv: string[]) {
	const o = {
		line: (process.env.N8N_LINE ?? '1') as string,
		n8nPort: 5678,
		sandboxPort: 5050,
		patients: 1000,
		appointments: 3,
		build: true,
		fresh: false,
		echo: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=', 2);
		const value = () => {
			const v = inline ?? argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		const int = () => {
			const n = Number(value());
			if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a non-negative integer`);
			return n;
		};
		switch (flag) {
			case '--line': o.line = value(); break;
			case '--n8n-port': o.n8nPort = int(); break;
			case '--sandbox-port': o.sandboxPort = int(); break;
			case '--patients': o.patients = int(); break;
			case '--appointments': o.appointments = int(); break;
			case '--no-build': o.build = false; break;
			case '--fresh': o.fresh = true; break;
			case '--echo': o.echo = true; break;
			case '--help': case '-h': process.stdout.write(`${HELP}\n`); process.exit(0);
			default: throw new Error(`Unknown option ${argv[i]}\n${HELP}`);
		}
	}
	if (o.line !== '1' && o.line !== '2') throw new Error(`--line must be 1 or 2, not ${o.line}`);
	return { ...o, line: o.line as N8nLine };
}

const t0 = Date.now();
const step = (msg: string) => process.stderr.write(`[start ${((Date.now() - t0) / 1000).toFixed(0).padStart(3)} s] ${msg}\n`);

async function api(sandbox: Sandbox, token: string, method: string, p: string, body?: unknown): Promise<any> {
	const res = await fetch(`${sandbox.url}${p}`, {
		method,
		headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
		body: body ? JSON.stringify(body) : undefined,
	});
	const text = await res.text();
	if (!res.ok) throw new Error(`sandbox ${method} ${p}: ${res.status} ${text.slice(0, 500)}`);
	return text ? JSON.parse(text) : {};
}

/** Next weekday at `hour`:00, `days` ahead, as the sandbox's local time (no zone). */
function slot(daysAhead: number, hour: number): string {
	const d = new Date(Date.now() + daysAhead * 86_400_000);
	while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
	return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00:00`;
}

/** What Ctrl-C has to stop. */
const running: { n8n?: N8nInstance; sandbox?: Sandbox } = {};
let stopping = false;
function onSignal(signal: NodeJS.Signals): void {
	// A terminal's Ctrl-C arrives twice under npm + tsx (the group's and the relayed one): `on`, not `once`.
	if (stopping) return;
	stopping = true;
	process.stderr.write(`\n${signal}: stopping n8n and the sandbox ...\n`);
	const code = signal === 'SIGINT' ? 130 : 143;
	// Before n8n runs, exiting is enough: the library's exit hook kills n8n CLI processes it started.
	Promise.allSettled([running.n8n?.stop(), running.sandbox?.close()]).then(() => process.exit(code));
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

async function main(): Promise<void> {
	const o = parseArgs(process.argv.slice(2));

	if (o.build) {
		step('building the package (npm run build) ...');
		const r = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
		if (r.status !== 0) throw new Error('npm run build failed');
	}
	step('packing the package (npm pack) ...');
	const tarball = packPackage();

	step(`installing n8n line ${o.line} if needed (cold: minutes; cached: instant) ...`);
	const installation = await ensureN8nInstalled(o.line);

	step(`starting the sandbox on port ${o.sandboxPort} with ${o.patients} patients ...`);
	const sandbox = await startSandbox({ port: o.sandboxPort, patients: o.patients, quiet: true });
	running.sandbox = sandbox;

	const userFolder = path.join(REPO_ROOT, '.n8n-start', `line-${o.line}`);
	if (o.fresh) fs.rmSync(userFolder, { recursive: true, force: true });
	fs.mkdirSync(userFolder, { recursive: true });
	// The package as users get it: the packed tarball installed into ~/.n8n/nodes the way n8n's
	// Community Nodes installer does; n8n loads it with types n8n-nodes-drchrono.*.
	step('installing the packed package into n8n\'s user folder (Community Nodes installer steps) ...');
	await installPackage({ line: o.line, userFolder, tarball, method: 'n8n-installer' });
	fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
	const cli = { line: o.line, userFolder, env: { N8N_COMMUNITY_PACKAGES_ENABLED: 'true' } };

	// Credentials: imported with fixed ids (the example workflows refer to them). The sandbox is
	// new on every start, so the token is too: the import replaces last run's credential.
	const token = sandbox.issueToken(CLIENT_ID);
	step('importing credentials (n8n CLI) ...');
	await importCredentials(cli, [
		{
			id: CRED_ID,
			name: CRED_NAME,
			type: OAUTH2_TYPE,
			data: sandboxOAuth2Data(sandbox, token),
		},
		{ id: WEBHOOK_CRED_ID, name: WEBHOOK_CRED_NAME, type: WEBHOOK_TYPE, data: { secretToken: WEBHOOK_SECRET } },
	]);

	// Example workflows, with the task status their set-up note asks the user to pick.
	const examples = loadExamples();
	const openStatus = sandbox.store.collection('task_statuses').all().find((s) => !['C', 'Complete', 'Completed'].includes(String(s.status_category)));
	for (const ex of examples) {
		for (const n of ex.json.nodes) {
			if (n.type === nodeType('drChrono') && n.parameters?.resource === 'task' && n.parameters?.operation === 'create' && openStatus && !n.parameters.status) {
				n.parameters.status = openStatus.id;
			}
		}
		ex.json.active = false;
	}
	step(`importing ${examples.length} example workflows (n8n CLI) ...`);
	await importWorkflow(cli, examples.map((e) => e.json));

	step(`starting n8n ${installation.n8nVersion} on port ${o.n8nPort} (20-60 s) ...`);
	const n8n = await N8nInstance.start({
		...cli,
		port: o.n8nPort,
		logFile: path.join(userFolder, 'n8n.log'),
		echo: o.echo,
		startTimeoutMs: 300_000,
		keepUserFolder: true,
	});
	// Ctrl-C from here on: stop n8n (its own process group) and the sandbox, then exit.
	running.n8n = n8n;
	await n8n.login();

	// Activate the trigger workflows; wire the sandbox to their production URLs.
	// The three examples npm start runs; the workflow templates beside them need set-up first
	// (SMTP, OpenAI, Data Tables: docs/templates.md) and stay inactive.
	const started = (folder: string) => examples.filter((e) => path.basename(path.dirname(e.file)) === folder);
	const triggerWf = started('appointment-follow-up').find((e) => nodeOfType(e.json, nodeType('drChronoTrigger')));
	const iframeWf = started('iframe').find((e) => nodeOfType(e.json, nodeType('drChronoIframeTrigger')));
	const pollWf = started('lab-result-task').find((e) => nodeOfType(e.json, nodeType('drChronoPollTrigger')));
	const urls: string[] = [];
	for (const wf of [triggerWf, iframeWf, pollWf]) {
		if (!wf) continue;
		step(`activating "${wf.json.name}" ...`);
		await n8n.activateWorkflow(wf.json.id, 120_000);
	}
	let triggerUrl: string | undefined;
	if (triggerWf) {
		const trig = nodeOfType(triggerWf.json, nodeType('drChronoTrigger'))!;
		triggerUrl = n8n.webhookUrl(trig.webhookId, 'drchrono');
		const events: string[] = (trig.parameters?.events ?? []).filter((e: string) => /^[A-Z_]+[A-Za-z_]*$/.test(e));
		sandbox.configureWebhook(CLIENT_ID, { callbackUrl: triggerUrl, secretToken: WEBHOOK_SECRET, events: events.length ? events : ['APPOINTMENT_CREATE'], name: 'n8n' });
		const v = await sandbox.verifyWebhook(CLIENT_ID);
		step(`sandbox webhook -> ${triggerUrl}: verify ${v.verified ? 'passed' : `FAILED (${v.status} ${v.body ?? ''})`}`);
	}
	let patientPage: string | undefined;
	if (iframeWf) {
		const ifr = nodeOfType(iframeWf.json, nodeType('drChronoIframeTrigger'))!;
		const iframeUrl = n8n.webhookUrl(ifr.webhookId, 'patient');
		sandbox.upsertApp({ clientId: CLIENT_ID, patientIframe: { url: iframeUrl, height: 500 } });
		await api(sandbox, token.access_token, 'POST', '/api/iframe_integration', {});
		const patient = sandbox.store.collection('patients').all()[0];
		patientPage = `${sandbox.url}/patients/${patient.id}`;
		urls.push(`Patient iframe URL: ${iframeUrl}`);
	}

	// Some activity: appointments created through the API fire APPOINTMENT_CREATE.
	if (triggerWf && o.appointments > 0) {
		const meta = sandbox.store.meta;
		const office = sandbox.store.collection('offices').all().find((of) => of.doctor === meta.primaryDoctorId) ?? sandbox.store.collection('offices').all()[0];
		const patients = sandbox.store.collection('patients').all();
		step(`creating ${o.appointments} appointments in the sandbox ...`);
		for (let i = 0; i < o.appointments; i++) {
			await api(sandbox, token.access_token, 'POST', '/api/appointments?allow_overlapping=true', {
				doctor: meta.primaryDoctorId,
				office: office.id,
				exam_room: 1,
				patient: patients[i % patients.length].id,
				scheduled_time: slot(60 + i, 8),
				duration: 30,
				reason: 'Demo visit (npm start)',
				allow_overlapping: true,
			});
		}
		try {
			const execs = await n8n.waitForExecutions(triggerWf.json.id, o.appointments, 60_000);
			step(`the trigger ran ${execs.length} execution(s): ${execs.map((e) => e.status).join(', ')}`);
		} catch (e) {
			step(`the trigger's executions did not all show up: ${(e as Error).message.slice(0, 300)}`);
		}
	}

	const editor = `${n8n.baseUrl}/`;
	const lines = [
		'',
		`n8n ${installation.n8nVersion} (line ${o.line}) with n8n-nodes-drchrono is running.`,
		'',
		`  Editor:        ${editor}`,
		`  Login:         ${DEFAULT_OWNER.email} / ${DEFAULT_OWNER.password}`,
		`  Sandbox:       ${sandbox.url}/  (DrChrono emulator; control API ${sandbox.url}/_sandbox)`,
		`  Client:        ${CLIENT_ID} / sandbox-client-secret`,
		`  Access token:  ${token.access_token}`,
		triggerUrl ? `  Trigger URL:   ${triggerUrl}` : '',
		...urls.map((u) => `  ${u}`),
		`  n8n log:       ${n8n.logFile}`,
		'',
		'Try:',
		`  - Open the editor, log in, open "Executions": the trigger ran for the appointments just created.`,
		`  - Create another appointment (the sandbox sends APPOINTMENT_CREATE to n8n):`,
		`      curl -s -X POST ${sandbox.url}/_sandbox/mutate -H 'content-type: application/json' \\`,
		`        -d '{"resource":"appointments","action":"create","data":{"doctor":${sandbox.store.meta.primaryDoctorId},"office":${sandbox.store.collection('offices').all()[0].id},"exam_room":1,"patient":${sandbox.store.collection('patients').all()[1].id},"scheduled_time":"${slot(90, 9)}","duration":30,"allow_overlapping":true}}'`,
		patientPage ? `  - The patient chart with the n8n panel in its iframe: ${patientPage}` : '',
		pollWf ? `  - Create a lab result; within a minute "${pollWf.json.name}" creates a review task:` : '',
		pollWf ? `      curl -s -X POST ${sandbox.url}/_sandbox/mutate -H 'content-type: application/json' \\` : '',
		pollWf ? `        -d '{"resource":"patient_lab_results","action":"create","data":{"patient":${sandbox.store.collection('patients').all()[2].id},"ordering_doctor":${sandbox.store.meta.primaryDoctorId},"title":"Potassium","lab_result_value":"6.1","lab_result_value_units":"mmol/L","lab_abnormal_flag":"H"}}'` : '',
		`  - "DrChrono: nightly export of new patients (CSV)": open it and press "Execute workflow".`,
		`  - Credentials > "${CRED_NAME}" is connected to the sandbox; "Reconnect" walks the OAuth consent page.`,
		'',
		'Ctrl-C stops n8n and the sandbox.',
		'',
	].filter((l, i, a) => l !== '' || a[i - 1] !== '');
	process.stdout.write(lines.join('\n') + '\n');
}

main().catch((e) => {
	process.stderr.write(`npm start failed: ${(e as Error).stack ?? e}\n`);
	process.exit(1);
});
