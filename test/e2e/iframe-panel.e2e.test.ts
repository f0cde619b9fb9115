/**
 * The iframe path as a doctor sees it: the sandbox's patient chart, opened in headless Chromium,
 * embeds the app's iframe URL (the DrChrono Iframe Trigger in real n8n) with a signed token, and
 * shows the panel the example workflow renders for that patient. A URL whose patient_id was changed
 * gets the 403 page and starts no execution.
 *
 * Runs with the browser test (N8N_E2E_BROWSER=1), on line 1 unless N8N_E2E_BROWSER_LINES says more.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';

import { startSandbox, type Sandbox } from '../sandbox';
import { EXAMPLES_DIR, OAUTH2_TYPE, sandboxOAuth2Data, NODE } from './lib/drchrono';
import { sharedN8n } from './lib/shared';
import { browserTestLines, launchChromium, RESULTS } from './lib/browser';
import { N8nInstance, N8nLine } from './lib/n8n';

const lines = browserTestLines();
const EXAMPLE = path.join(EXAMPLES_DIR, 'iframe', 'patient-panel.workflow.json');

(lines.length ? describe.each(lines) : describe.skip.each(['1' as N8nLine]))('iframe panel in n8n line %s', (line) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let browser: Browser;
	let workflowId: string;
	let panelUrl: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ patients: 30, quiet: true });
		n8n = await sharedN8n(line);

		const credentialId = await n8n.createCredential({
			name: 'DrChrono Sandbox',
			type: OAUTH2_TYPE,
			data: sandboxOAuth2Data(sandbox, sandbox.issueToken()),
		});
		const example = JSON.parse(
			fs.readFileSync(EXAMPLE, 'utf8').replace(/"drchronoSandbox1"/g, JSON.stringify(credentialId)),
		) as { name: string; nodes: Array<Record<string, unknown>>; connections: object; settings?: object };
		workflowId = await n8n.createWorkflow({
			name: example.name,
			nodes: example.nodes,
			connections: example.connections,
			settings: example.settings ?? { executionOrder: 'v1' },
		});
		await n8n.activateWorkflow(workflowId, 120_000);

		const trigger = example.nodes.find((n) => n.type === NODE.iframe)!;
		panelUrl = n8n.webhookUrl(trigger.webhookId as string, 'patient');
		sandbox.upsertApp({ clientId: 'sandbox-client-id', patientIframe: { url: panelUrl, height: 500 } });
		const registered = await fetch(`${sandbox.url}/api/iframe_integration`, {
			method: 'POST',
			headers: { authorization: `Bearer ${sandbox.issueToken().access_token}` },
		});
		expect(registered.status).toBe(201);

		browser = await launchChromium();
	}, 20 * 60_000);

	afterAll(async () => {
		await browser?.close().catch(() => undefined);
		await n8n?.stop();
		await sandbox?.close();
	}, 120_000);

	it('the patient chart shows the panel the workflow renders for that patient', async () => {
		// A patient with an active problem, so the panel has something of theirs to show.
		const problem = sandbox.store.collection('problems').all().find((p) => p.status === 'active')!;
		const patientId = problem.patient as number;
		const page = await browser.newPage();
		try {
			await page.goto(`${sandbox.url}/patients/${patientId}`);
			const frame = page.frameLocator('iframe');
			const body = frame.locator('body');
			await body.locator('h1').waitFor({ timeout: 60_000 });
			expect(await body.getAttribute('data-patient-id')).toBe(String(patientId));
			expect(await body.getAttribute('data-kind')).toBe('patient');
			await frame.locator(`#problems li.problem[data-id="${problem.id}"]`).waitFor({ timeout: 10_000 });
			// Only this patient's problems are listed.
			const listed = await frame.locator('#problems li.problem').evaluateAll((els) =>
				els.map((el) => Number(el.getAttribute('data-id'))),
			);
			const theirs = new Set(
				sandbox.store
					.collection('problems')
					.all()
					.filter((p) => p.patient === patientId)
					.map((p) => p.id),
			);
			expect(listed.length).toBeGreaterThan(0);
			expect(listed.every((id) => theirs.has(id))).toBe(true);
		} catch (error) {
			fs.mkdirSync(RESULTS, { recursive: true });
			await page.screenshot({ path: path.join(RESULTS, `iframe-panel-line${line}.png`), fullPage: true });
			throw error;
		} finally {
			await page.close();
		}
	}, 180_000);

	it('a URL whose patient_id was changed gets the 403 page and starts no execution', async () => {
		const before = (await n8n.listExecutions(workflowId, { includeData: false })).length;
		// The chart page's HTML, read without a browser, so its genuine iframe never loads.
		const chart = await (await fetch(`${sandbox.url}/patients/${sandbox.store.collection('patients').all()[0].id}`)).text();
		const src = /<iframe[^>]*\ssrc="([^"]+)"/.exec(chart)![1].replace(/&amp;/g, '&');
		expect(src.startsWith(panelUrl)).toBe(true);
		const genuine = new URL(src);
		const forged = new URL(src);
		forged.searchParams.set('patient_id', String(Number(forged.searchParams.get('patient_id')) + 1));
		const response = await fetch(forged);
		expect(response.status).toBe(403);
		expect(await response.text()).not.toContain('Patient panel');
		expect(genuine.searchParams.get('jwt')).toBe(forged.searchParams.get('jwt'));
		// Give n8n time to record an execution, were one started.
		await new Promise((resolve) => setTimeout(resolve, 2000));
		expect(await n8n.listExecutions(workflowId, { includeData: false })).toHaveLength(before);
	}, 120_000);
});
