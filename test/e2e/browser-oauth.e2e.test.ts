/**
 * The OAuth flow as a user clicks it: headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core) logs into n8n's editor, creates a DrChrono OAuth2 credential for the sandbox
 * (Server: Custom), clicks Connect, approves on the sandbox's consent page, and sees the credential
 * connected; then adds the DrChrono node on a canvas and sees its resources.
 *
 * Opt-in: N8N_E2E_BROWSER=1. Runs on line 1 (N8N_E2E_BROWSER_LINES=1,2 for both) when N8N_E2E_LINES includes it.
 * Screenshots of failures go to test-results/ (git-ignored).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';

import { startSandbox, type Sandbox } from '../sandbox';
import { DIST_DIR, E2E_SCOPES } from './lib/drchrono';
import { sharedN8n } from './lib/shared';
import { browserTestLines, launchChromium, RESULTS } from './lib/browser';
import { DEFAULT_OWNER, N8nInstance, N8nLine } from './lib/n8n';

const lines = browserTestLines();

/** The credential's default scopes, which the authorize URL must carry when the user keeps them. */
const SCOPES = E2E_SCOPES;

(lines.length ? describe.each(lines) : describe.skip.each(['1' as N8nLine]))('browser: DrChrono OAuth2 in n8n line %s', (line) => {
	let sandbox: Sandbox;
	let n8n: N8nInstance;
	let browser: Browser;
	let page: Page;

	beforeAll(async () => {
		sandbox = await startSandbox({ patients: 20, quiet: true });
		n8n = await sharedN8n(line);
		await n8n.login(); // sets up the owner the browser logs in as
		browser = await launchChromium();
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		context.setDefaultTimeout(60_000);
		page = await context.newPage();
	}, 20 * 60_000);

	afterAll(async () => {
		await browser?.close().catch(() => undefined);
		await n8n?.stop();
		await sandbox?.close();
	}, 120_000);

	/** Runs a step; on failure saves a screenshot of every open page. */
	async function shot<T>(name: string, fn: () => Promise<T>): Promise<T> {
		try {
			return await fn();
		} catch (e) {
			fs.mkdirSync(RESULTS, { recursive: true });
			const pages = page ? page.context().pages() : [];
			for (let i = 0; i < pages.length; i++) {
				await pages[i].screenshot({ path: path.join(RESULTS, `browser-line${line}-${name}-${i}.png`), fullPage: true }).catch(() => undefined);
			}
			throw e;
		}
	}

	it('logs in, creates the credential, connects through the sandbox consent page', async () => {
		await shot('signin', async () => {
			await page.goto(`${n8n.baseUrl}/signin`);
			await page.locator('[data-test-id="signin-form"] input[type="email"], input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(DEFAULT_OWNER.email);
			await page.locator('input[name="password"]').fill(DEFAULT_OWNER.password);
			await page.locator('[data-test-id="form-submit-button"]').click();
			await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60_000 });
		});

		await shot('credential', async () => {
			await page.goto(`${n8n.baseUrl}/home/credentials/create`);
			const typeSelect = page.locator('[data-test-id="new-credential-type-select"] input');
			await typeSelect.fill('DrChrono OAuth2');
			await page.locator('[data-test-id="new-credential-type-select-option"]', { hasText: 'DrChrono OAuth2 API' }).first().click();
			await page.locator('[data-test-id="new-credential-type-button"]').click();

			await page.locator('[data-test-id="parameter-input-server"]').click();
			await page.locator('.el-select-dropdown__item:visible', { hasText: 'Custom' }).first().click();
			await page.locator('[data-test-id="parameter-input-baseUrl"] input').fill(sandbox.url);
			await page.locator('[data-test-id="parameter-input-clientId"] input').fill('sandbox-client-id');
			await page.locator('[data-test-id="parameter-input-clientSecret"] input').fill('sandbox-client-secret');
		});

		const popup = await shot('connect', async () => {
			const popupPromise = page.context().waitForEvent('page', { timeout: 60_000 });
			await page.locator('[data-test-id="oauth-connect-button"]').click();
			const p = await popupPromise;
			await p.waitForLoadState('domcontentloaded');
			return p;
		});

		await shot('consent', async () => {
			await popup.locator('#approve').waitFor();
			const authorize = new URL(popup.url());
			expect(`${authorize.origin}${authorize.pathname}`).toBe(`${sandbox.url}/o/authorize/`);
			expect(authorize.searchParams.get('client_id')).toBe('sandbox-client-id');
			expect(authorize.searchParams.get('redirect_uri')).toBe(`${n8n.baseUrl}/rest/oauth2-credential/callback`);
			expect((authorize.searchParams.get('scope') ?? '').split(' ').sort()).toEqual([...SCOPES].sort());
			await popup.locator('#approve').click();
			await page.locator('[data-test-id="oauth-connect-success-banner"]').waitFor({ timeout: 60_000 });
		});
	});

	it('adds the DrChrono node to a canvas and shows its resources', async () => {
		// The resources the built node declares (dist/ is what n8n loaded).
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { DrChrono } = require(path.join(DIST_DIR, 'nodes', 'DrChrono', 'DrChrono.node.js'));
		const declared = (new DrChrono().description.properties as Array<{ name: string; options?: Array<{ name: string }> }>)
			.find((p) => p.name === 'resource')!
			.options!.map((o) => o.name);
		expect(declared).toEqual(expect.arrayContaining(['Patient', 'Appointment', 'Task']));

		await shot('canvas', async () => {
			await page.keyboard.press('Escape').catch(() => undefined); // the credential modal
			await page.goto(`${n8n.baseUrl}/workflow/new`);
			// Empty canvas: "Add first step..." opens the node creator.
			await page.locator('[data-test-id="canvas-add-button"]').click();
			await page.locator('[data-test-id="node-creator-search-bar"]').fill('DrChrono');
			// The results are DrChrono (action node and trigger merged) and DrChrono Iframe Trigger.
			await page.locator('[data-test-id="node-creator"] [data-test-id="node-creator-item-name"]', { hasText: /^DrChrono$/ }).click();
			// An installed community package opens its details panel (Installed, Via npm) with the node's
			// Triggers (…) and Actions (…) and no search bar: pick the action from the list.
			const creator = page.locator('[data-test-id="node-creator"]');
			await creator.getByText('Installed', { exact: true }).waitFor();
			// Opened from an empty canvas, the triggers are expanded and the actions collapsed.
			await creator.getByText(/^Actions \(\d+\)$/).click();
			const action = creator.getByText('Get a patient', { exact: true });
			await action.scrollIntoViewIfNeeded();
			await action.click();
		});

		await shot('ndv', async () => {
			// Picking the action adds the node (after a Manual Trigger) and opens its parameters.
			const ndv = page.locator('[data-test-id="ndv"]');
			const resource = ndv.locator('[data-test-id="parameter-input-resource"] input');
			await resource.waitFor();
			expect(await resource.inputValue()).toBe('Patient');
			expect(await ndv.locator('[data-test-id="parameter-input-operation"] input').inputValue()).toBe('Get');

			// Open the Resource dropdown; its options live in a popper the input names in aria-controls.
			await resource.click();
			const listId = await resource.getAttribute('aria-controls');
			expect(listId).toBeTruthy();
			const options = page.locator(`[id="${listId}"] .el-select-dropdown__item`);
			await options.filter({ hasText: /^Task$/ }).waitFor({ state: 'attached' });
			const shown = (await options.allInnerTexts()).map((t) => t.split('\n')[0].trim());
			expect(shown).toEqual(expect.arrayContaining(['Patient', 'Appointment', 'Task']));
			expect(shown).toEqual(declared);
			await page.keyboard.press('Escape');

			// Back on the canvas: the trigger n8n added plus the DrChrono node.
			await page.locator('[data-test-id="back-to-canvas"]').click();
			await page.locator('[data-test-id="canvas-node"]', { hasText: 'Get a patient' }).waitFor();
			expect(await page.locator('[data-test-id="canvas-node"]').count()).toBe(2);
		});
	});
});
