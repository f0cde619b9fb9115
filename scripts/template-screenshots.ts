/**
 * `npm run docs:template-screenshots`: a picture of each workflow template's canvas for
 * docs/templates.md, taken from real n8n (line 1) with Debian's Chromium:
 *
 *   docs/images/templates/<template folder>.png
 *
 *   npm run docs:template-screenshots [-- --no-build] [-- --line 2]
 *
 * Builds the package (unless --no-build), starts n8n on a free port with a temporary user folder,
 * imports the templates of examples/ (nothing runs: no credential is needed for a picture) and
 * opens each in the editor, zoomed to fit.
 */
import * as fs from 'fs';
import * as path from 'path';

import { prepareScreenshotRun } from './screenshot-run';
import { launchChromium, signIn } from '../test/e2e/lib/browser';
import { DIST_DIR, loadExamples, REPO_ROOT } from '../test/e2e/lib/drchrono';
import { ensureN8nInstalled, importWorkflow, N8nInstance } from '../test/e2e/lib/n8n';

const OUT = path.join(REPO_ROOT, 'docs', 'images', 'templates');
const VIEWPORT = { width: 1400, height: 760 };
/** The pictures go into the repository: keep each small. */
const MAX_BYTES = 250 * 1024;
const TEMPLATES = [
	'appointment-reminders',
	'new-patient-practice-list',
	'abnormal-lab-result',
	'locked-note-pdf',
	'nightly-new-patients',
	'no-show-follow-up',
	'front-desk-assistant',
	'mcp-server',
];

const step = (msg: string) => process.stderr.write(`[template-screenshots] ${msg}\n`);

async function main(): Promise<void> {
	const line = prepareScreenshotRun(process.argv.slice(2), step);
	fs.mkdirSync(OUT, { recursive: true });
	await ensureN8nInstalled(line);
	fs.mkdirSync(path.join(REPO_ROOT, '.cache'), { recursive: true });
	const userFolder = fs.mkdtempSync(path.join(REPO_ROOT, '.cache', 'template-screenshots-'));
	let n8n: N8nInstance | undefined;
	try {
		// The package is loaded as a custom extension here, so its node types are CUSTOM.*.
		const templates = loadExamples()
			.filter((e) => TEMPLATES.includes(path.basename(path.dirname(e.file))))
			.map((e) => ({
				folder: path.basename(path.dirname(e.file)),
				json: JSON.parse(JSON.stringify(e.json).replace(/"n8n-nodes-drchrono\.(drChrono\w*)"/g, '"CUSTOM.$1"')),
			}));
		await importWorkflow({ line, userFolder, customExtensions: [DIST_DIR] }, templates.map((t) => t.json));
		n8n = await N8nInstance.start({ line, userFolder, customExtensions: [DIST_DIR], startTimeoutMs: 300_000 });
		await n8n.login();
		const browser = await launchChromium();
		try {
			const page = await browser.newPage({ viewport: VIEWPORT });
			await signIn(page, n8n.baseUrl);
			for (const t of templates) {
				await page.goto(`${n8n.baseUrl}/workflow/${t.json.id}`);
				await page
					.locator('[data-test-id="canvas-node"]')
					.first()
					.waitFor({ timeout: 60_000 })
					.catch(async (error) => {
						const shot = path.join(REPO_ROOT, '.cache', 'template-screenshots-failure.png');
						await page.screenshot({ path: shot });
						throw new Error(`${t.folder}: no canvas at ${page.url()} (see ${shot}): ${String(error)}`);
					});
				await page.waitForTimeout(1_500);
				await page.keyboard.press('1'); // zoom to fit
				await page.mouse.move(0, VIEWPORT.height - 1); // no hover highlights
				await page.waitForTimeout(800);
				const file = path.join(OUT, `${t.folder}.png`);
				await page.screenshot({ path: file });
				const size = fs.statSync(file).size;
				step(`${path.relative(REPO_ROOT, file)}: ${(size / 1024).toFixed(0)} kB`);
				if (size > MAX_BYTES) throw new Error(`${file} is ${size} bytes, over ${MAX_BYTES}`);
			}
		} finally {
			await browser.close();
		}
	} finally {
		await n8n?.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

main().catch((error) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
