import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { REPO_ROOT } from './drchrono';
import { DEFAULT_OWNER, type N8nLine } from './n8n';

/** Debian's Chromium, which `.ci/run` installs when missing. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where the browser tests save screenshots of failing steps (git-ignored). */
export const RESULTS = path.join(REPO_ROOT, 'test-results');

/**
 * The n8n lines the browser tests run on: opt-in with N8N_E2E_BROWSER=1, line 1 unless
 * N8N_E2E_BROWSER_LINES says more, and only lines N8N_E2E_LINES selects.
 */
export function browserTestLines(): N8nLine[] {
	const selected = (process.env.N8N_E2E_LINES ?? '1,2').split(',').map((s) => s.trim());
	const browserLines = (process.env.N8N_E2E_BROWSER_LINES ?? '1').split(',').map((s) => s.trim());
	return (process.env.N8N_E2E_BROWSER === '1' ? browserLines.filter((l) => selected.includes(l)) : []) as N8nLine[];
}

/**
 * Headless Chromium with the flags this machine needs: without the background-networking ones it
 * tries to reach Google's services at every start, which the closed network refuses.
 */
export async function launchChromium(): Promise<Browser> {
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
	return await chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/** Signs in to n8n's editor as the owner the e2e helpers set up. */
export async function signIn(page: Page, baseUrl: string): Promise<void> {
	await page.goto(`${baseUrl}/signin`);
	await page.locator('input[name="emailOrLdapLoginId"], input[name="email"]').first().fill(DEFAULT_OWNER.email);
	await page.locator('input[name="password"]').fill(DEFAULT_OWNER.password);
	await page.locator('[data-test-id="form-submit-button"]').click();
	await page.waitForURL((u) => !u.pathname.startsWith('/signin'), { timeout: 60_000 });
}
