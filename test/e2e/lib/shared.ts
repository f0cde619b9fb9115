/**
 * One n8n per line for the whole e2e run, with the package installed as users install it (n8n's
 * Community Nodes installer steps, ./install.ts). Jest's global setup packs the package once and
 * starts an instance per line of N8N_E2E_LINES before the first test file; test files get it with
 * sharedN8n(line) and isolate themselves by the workflows and credentials they create (ids n8n
 * assigns, webhook paths of their own). A file that needs other n8n settings starts its own
 * instance (N8nInstance.start / startInstalledN8n).
 *
 * N8N_E2E_SHARED=0 skips the global start: sharedN8n() then starts an instance for the calling file
 * (same setup, one boot per file), as does a run without the global setup (another jest config).
 */
import * as fs from 'fs';
import * as path from 'path';

import { InstallReport, packPackage, startInstalledN8n } from './install';
import { makeTempDir, N8nInstance, N8nInstanceInfo, N8nLine } from './n8n';

const STATE_ENV = 'N8N_E2E_SHARED_STATE';

/** The lines an e2e run covers (N8N_E2E_LINES, default both). */
export function e2eLines(): N8nLine[] {
	return (process.env.N8N_E2E_LINES ?? '1,2')
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean) as N8nLine[];
}

interface SharedLine {
	info?: N8nInstanceInfo;
	install?: InstallReport;
	error?: string;
}
interface SharedState {
	tarball?: string;
	lines: Partial<Record<N8nLine, SharedLine>>;
}

export type SharedN8n = N8nInstance & { install?: InstallReport };

/**
 * The run's instance of `line`, or (without the global setup) a new one for the calling file.
 * Call its stop() in afterAll either way: it stops only an instance started for the file.
 */
export async function sharedN8n(line: N8nLine): Promise<SharedN8n> {
	const stateFile = process.env[STATE_ENV];
	const state: SharedState | undefined = stateFile && fs.existsSync(stateFile) ? JSON.parse(fs.readFileSync(stateFile, 'utf8')) : undefined;
	const shared = state?.lines[line];
	if (shared?.error) throw new Error(`the shared n8n of line ${line} did not start: ${shared.error}`);
	if (shared?.info) {
		const n8n = await N8nInstance.attach(shared.info);
		if (!n8n.running) throw new Error(`the shared n8n of line ${line} (pid ${shared.info.pid}) is gone; log ${shared.info.logFile}`);
		return Object.assign(n8n, { install: shared.install });
	}
	return startInstalledN8n({ line, tarball: state?.tarball, startTimeoutMs: 300_000 });
}

// Jest loads the global setup and teardown as separate modules: the instances live on globalThis.
const started = ((globalThis as { __sharedN8n?: N8nInstance[] }).__sharedN8n ??= []);

/** Jest globalSetup: pack once, start one installed n8n per line. */
export async function startSharedN8n(): Promise<void> {
	const dir = makeTempDir('n8n-e2e-shared-');
	const stateFile = path.join(dir, 'state.json');
	process.env[STATE_ENV] = stateFile;
	const state: SharedState = { lines: {} };
	if (process.env.N8N_E2E_SHARED === '0') return;
	const t0 = Date.now();
	state.tarball = packPackage(dir);
	for (const line of e2eLines()) {
		const t = Date.now();
		try {
			const n8n = await startInstalledN8n({ line, tarball: state.tarball, startTimeoutMs: 300_000, keepUserFolder: !!process.env.N8N_E2E_KEEP });
			started.push(n8n);
			state.lines[line] = { info: n8n.describe(), install: n8n.install };
			process.stderr.write(`[e2e] shared n8n ${n8n.installation.n8nVersion} (line ${line}) at ${n8n.baseUrl}: installed in ${(n8n.install.ms / 1000).toFixed(1)} s, ready in ${((Date.now() - t) / 1000).toFixed(1)} s; log ${n8n.logFile}\n`);
		} catch (e) {
			// Recorded, not thrown: the files that use this line fail with the reason, the others run.
			state.lines[line] = { error: (e as Error).message };
			process.stderr.write(`[e2e] shared n8n of line ${line} failed to start: ${(e as Error).message.slice(0, 2000)}\n`);
		}
	}
	fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
	process.stderr.write(`[e2e] shared setup: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

/** Jest globalTeardown. */
export async function stopSharedN8n(): Promise<void> {
	for (const n8n of started.splice(0)) {
		if (process.env.N8N_E2E_KEEP) process.stderr.write(`[e2e] kept ${n8n.userFolder}\n`);
		await n8n.stop();
	}
	const stateFile = process.env[STATE_ENV];
	if (stateFile) fs.rmSync(path.dirname(stateFile), { recursive: true, force: true });
}
