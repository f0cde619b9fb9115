/**
 * `npm run docs:screenshots`: the pictures in README.md and docs/, taken from real n8n (line 1)
 * and Debian's Chromium, against the local DrChrono sandbox:
 *
 *   docs/images/drchrono-node.png   the DrChrono node's panel (Patient: Get Many)
 *   docs/images/trigger.png         the DrChrono Trigger's panel
 *   docs/images/quota-error.png     a DrChrono node stopped by the quota guard (On Quota Exhausted: Fail)
 *   docs/images/iframe-panel.png    the sandbox's patient chart with the n8n panel in its iframe
 *
 *   npm run docs:screenshots [-- --no-build] [-- --line 2]
 *
 * Builds the package (unless --no-build), starts the sandbox and n8n on free ports with a
 * temporary user folder, imports the example workflows and a workflow whose credential allows two
 * calls an hour, and drives the editor as the browser tests do (test/e2e/lib/browser.ts).
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';

import { startSandbox, type Sandbox } from '../test/sandbox';
import { prepareScreenshotRun } from './screenshot-run';
import { launchChromium, signIn } from '../test/e2e/lib/browser';
import { loadExamples, nodeOfType, nodeType, OAUTH2_TYPE, REPO_ROOT, sandboxOAuth2Data, WEBHOOK_TYPE } from '../test/e2e/lib/drchrono';
import { ensureN8nInstalled, freePort, importCredentials, importWorkflow, N8nInstance } from '../test/e2e/lib/n8n';
import { installPackage, packPackage } from '../test/e2e/lib/install';

const OUT = path.join(REPO_ROOT, 'docs', 'images');
const VIEWPORT = { width: 1200, height: 720 };
/** The pictures go into the repository: keep each small. */
const MAX_BYTES = 200 * 1024;

const CLIENT_ID = 'sandbox-client-id';
/** A second sandbox app, so the quota picture's two calls an hour are its own. */
const QUOTA_CLIENT_ID = 'docs-quota-client';
const QUOTA_WORKFLOW_ID = 'drcDocsQuotaPic1';

const step = (msg: string) => process.stderr.write(`[docs-screenshots] ${msg}\n`);

/** Manual Trigger -> DrChrono (Patient: Get Many, Limit 5, On Quota Exhausted: Fail) with a 2-calls-an-hour credential. */
function quotaWorkflow(): Record<string, unknown> {
	return {
		id: QUOTA_WORKFLOW_ID,
		name: 'Quota guard: two calls an hour',
		active: false,
		settings: {},
		connections: { 'When clicking ‘Execute workflow’': { main: [[{ node: 'Get Patients', type: 'main', index: 0 }]] } },
		nodes: [
			{ id: 'b7d0c8e2-1f00-4a6e-9d11-000000000001', name: 'When clicking ‘Execute workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'b7d0c8e2-1f00-4a6e-9d11-000000000002',
				name: 'Get Patients',
				type: nodeType('drChrono'),
				typeVersion: 1,
				position: [260, 0],
				parameters: { resource: 'patient', operation: 'getAll', limit: 5, options: { onQuotaExhausted: 'fail' } },
				credentials: { [OAUTH2_TYPE]: { id: 'drchronoQuotaPic1', name: 'DrChrono Sandbox (2 calls an hour)' } },
			},
		],
	};
}

/** Opens a workflow and the panel of its node named `nodeName`. */
async function openNode(page: Page, baseUrl: string, workflowId: string, nodeName: string): Promise<void> {
	await page.goto(`${baseUrl}/workflow/${workflowId}`);
	const node = page.locator('[data-test-id="canvas-node"]', { hasText: nodeName }).first();
	await node.waitFor({ timeout: 60_000 });
	await node.dblclick();
	await page.locator('[data-test-id="ndv"]').waitFor();
	await page.waitForTimeout(1_000);
}

async function shoot(page: Page, name: string): Promise<void> {
	const file = path.join(OUT, name);
	await page.mouse.move(0, VIEWPORT.height - 1); // no hover highlights
	await page.waitForTimeout(300);
	await page.screenshot({ path: file });
	const size = fs.statSync(file).size;
	step(`${path.relative(REPO_ROOT, file)}: ${(size / 1024).toFixed(0)} kB`);
	if (size > MAX_BYTES) throw new Error(`${name} is ${size} bytes, over ${MAX_BYTES}: make the view smaller`);
}

async function main(): Promise<void> {
	const line = prepareScreenshotRun(process.argv.slice(2), step);
	fs.mkdirSync(OUT, { recursive: true });
	const installation = await ensureN8nInstalled(line);

	let sandbox: Sandbox | undefined;
	let n8n: N8nInstance | undefined;
	const userFolder = fs.mkdtempSync(path.join(REPO_ROOT, '.cache', 'docs-screenshots-'));
	try {
		sandbox = await startSandbox({ port: await freePort(), patients: 200, quiet: true });
		sandbox.upsertApp({ clientId: QUOTA_CLIENT_ID, clientSecret: 'docs-quota-secret' });
		// The package installed as users install it (the editor then shows n8n-nodes-drchrono.* nodes).
		await installPackage({ line, userFolder, tarball: packPackage(userFolder), method: 'n8n-installer' });
		const cli = { line, userFolder, env: { N8N_COMMUNITY_PACKAGES_ENABLED: 'true' } };
		const token = sandbox.issueToken(CLIENT_ID);
		await importCredentials(cli, [
			{ id: 'drchronoSandbox1', name: 'DrChrono Sandbox', type: OAUTH2_TYPE, data: sandboxOAuth2Data(sandbox, token) },
			{ id: 'drchronoWebhook1', name: 'DrChrono Sandbox Webhook', type: WEBHOOK_TYPE, data: { secretToken: randomBytes(32).toString('hex') } },
			{
				id: 'drchronoQuotaPic1',
				name: 'DrChrono Sandbox (2 calls an hour)',
				type: OAUTH2_TYPE,
				data: sandboxOAuth2Data(sandbox, sandbox.issueToken(QUOTA_CLIENT_ID), { clientId: QUOTA_CLIENT_ID, clientSecret: 'docs-quota-secret', quotaPerHour: 2 }),
			},
		]);
		const examples = loadExamples();
		for (const ex of examples) ex.json.active = false;
		await importWorkflow(cli, [...examples.map((e) => e.json), quotaWorkflow()]);

		step(`starting n8n ${installation.n8nVersion} ...`);
		n8n = await N8nInstance.start({ ...cli, port: await freePort(), startTimeoutMs: 300_000 });
		await n8n.login();

		// The iframe example, active, framed by the sandbox's patient chart.
		const iframeWf = examples.find((e) => nodeOfType(e.json, nodeType('drChronoIframeTrigger')))!;
		await n8n.activateWorkflow(iframeWf.json.id, 120_000);
		const ifr = nodeOfType(iframeWf.json, nodeType('drChronoIframeTrigger'))!;
		sandbox.upsertApp({ clientId: CLIENT_ID, patientIframe: { url: n8n.webhookUrl(ifr.webhookId, 'patient'), height: 220 } });
		const registered = await fetch(`${sandbox.url}/api/iframe_integration`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
			body: '{}',
		});
		if (!registered.ok) throw new Error(`registering the doctor for the iframe: ${registered.status}`);
		// A patient with active problems makes a panel worth looking at.
		const problems = sandbox.store.collection('problems').all().filter((p) => p.status === 'active');
		const patientId = problems[0]?.patient ?? sandbox.store.collection('patients').all()[0].id;

		const browser = await launchChromium();
		try {
			const page = await browser.newPage({ viewport: VIEWPORT });
			await signIn(page, n8n.baseUrl);

			const nightly = examples.find((e) => e.file.includes('nightly'))!;
			await openNode(page, n8n.baseUrl, nightly.json.id, 'New Patients');
			await shoot(page, 'drchrono-node.png');

			const followUp = examples.find((e) => nodeOfType(e.json, nodeType('drChronoTrigger')))!;
			await openNode(page, n8n.baseUrl, followUp.json.id, nodeOfType(followUp.json, nodeType('drChronoTrigger'))!.name);
			// n8n's editor shows a credential it cannot match to the slot's type by its id
			// ("drchronoWebhook1"): such a picture would document a fault, not the node.
			const shown = await page.locator('[data-test-id="node-credentials-select"] input').first().inputValue();
			if (shown !== 'DrChrono Sandbox Webhook') {
				throw new Error(`the trigger's credential shows as "${shown}", not "DrChrono Sandbox Webhook": fix the trigger's credential display first`);
			}
			await shoot(page, 'trigger.png');

			// Two runs spend the credential's two calls; the third stops before calling DrChrono.
			await page.goto(`${n8n.baseUrl}/workflow/${QUOTA_WORKFLOW_ID}`);
			await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60_000 });
			for (let run = 1; run <= 3; run++) {
				await page.locator('[data-test-id="execute-workflow-button"]').click();
				await page.waitForTimeout(2_500);
			}
			await page.locator('[data-test-id="canvas-node"]', { hasText: 'Get Patients' }).dblclick();
			await page.locator('[data-test-id="ndv"]').waitFor();
			await page.locator('[data-test-id="ndv"]').getByText(/used up/).first().waitFor({ timeout: 30_000 });
			await page.waitForTimeout(800);
			await shoot(page, 'quota-error.png');

			// The chart is served by the sandbox on the credential's origin (the one frame-ancestors allows).
			await page.setViewportSize({ width: 1000, height: 470 });
			await page.goto(`${sandbox.url}/patients/${patientId}`);
			const frame = page.frameLocator('iframe').first();
			await frame.locator('#problems').waitFor({ timeout: 60_000 });
			await page.waitForTimeout(800);
			await shoot(page, 'iframe-panel.png');
		} catch (e) {
			const pages = browser.contexts().flatMap((c) => c.pages());
			const failed = path.join(REPO_ROOT, 'test-results', 'docs-screenshots-failed.png');
			fs.mkdirSync(path.dirname(failed), { recursive: true });
			await pages[0]?.screenshot({ path: failed }).catch(() => undefined);
			step(`failed; the page at that moment: ${path.relative(REPO_ROOT, failed)}`);
			throw e;
		} finally {
			await browser.close();
		}
	} finally {
		await n8n?.stop();
		await sandbox?.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((e) => {
	process.stderr.write(`docs:screenshots failed: ${(e as Error).stack ?? e}\n`);
	process.exit(1);
});
