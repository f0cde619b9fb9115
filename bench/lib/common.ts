/**
 * Shared parts of the benchmarks: the machine line, plain-text tables, medians, a DrChrono sandbox
 * in a child process of its own (so the measured process holds only the n8n side, and the sandbox
 * gets the other core, as a remote DrChrono would be elsewhere), and the credential that points the
 * DrChrono node at it.
 *
 * Everything listens on 127.0.0.1 only and every child process is ended by its own pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const SANDBOX_CLIENT_ID = 'sandbox-client-id';
export const SANDBOX_CLIENT_SECRET = 'sandbox-client-secret';

function packageVersion(name: string): string {
	try {
		const file = path.join(REPO_ROOT, 'node_modules', ...name.split('/'), 'package.json');
		return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
	} catch {
		return '?';
	}
}

/** One line that says where the figures came from. */
export function machine(): string {
	const cpus = os.cpus();
	const model = (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
	const gib = (os.totalmem() / 1024 ** 3).toFixed(1);
	return (
		`${cpus.length} × ${model}, ${gib} GiB RAM, ${os.type()} ${os.release()} ${os.arch()}, ` +
		`Node ${process.version}, n8n-core ${packageVersion('n8n-core')}, n8n-workflow ${packageVersion('n8n-workflow')}, ` +
		`undici ${packageVersion('undici')}`
	);
}

/** The 1-minute load average: the machine is shared, so figures are only as quiet as this. */
export function load(): string {
	return `load average ${os.loadavg().map((l) => l.toFixed(2)).join(' / ')} (1/5/15 min) on ${os.cpus().length} cores`;
}

/** A plain table: columns padded, numbers right-aligned. */
export function table(headers: string[], rows: Array<Array<string | number>>): string {
	const cells = rows.map((r) => r.map((c) => String(c)));
	const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
	const numeric = headers.map((_, i) => cells.every((r) => /^[-+]?[\d.,]+( ?[%x×])?$|^$/.test(r[i] ?? '')));
	const line = (r: string[]) =>
		r.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
	return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const fmt = {
	int: (n: number) => Math.round(n).toLocaleString('en-US'),
	ms: (n: number) => n.toFixed(0),
	mb: (bytes: number) => (bytes / 1024 ** 2).toFixed(1),
	ratio: (n: number) => n.toFixed(2),
	pct: (n: number) => `${(n * 100).toFixed(1)}%`,
};

export function log(message: string): void {
	process.stderr.write(`${message}\n`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// -------------------------------------------------------------------------------------------------
// The sandbox in a child process

export interface RemoteSandbox {
	url: string;
	accessToken: string;
	refreshToken: string;
	pid: number;
	/** GET /_sandbox/stats */
	stats(): Promise<SandboxStatsLite>;
	resetStats(): Promise<void>;
	setFaults(faults: Record<string, unknown>): Promise<void>;
	resetQuota(): Promise<void>;
	close(): Promise<void>;
}

export interface SandboxStatsLite {
	calls: number;
	callsByPath: Record<string, number>;
	rateLimited: number;
	responsesByStatus: Record<string, number>;
	faultsInjected: number;
}

const children = new Set<ChildProcess>();
let exitHook = false;
function track(child: ChildProcess): void {
	children.add(child);
	child.on('exit', () => children.delete(child));
	if (!exitHook) {
		exitHook = true;
		process.on('exit', () => {
			for (const c of children) if (c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
		});
	}
}

async function control(url: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> {
	const response = await fetch(`${url}/_sandbox/${route}`, {
		method,
		headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`sandbox ${method} ${route}: ${response.status} ${await response.text()}`);
	return await response.json();
}

/**
 * Starts `test/sandbox/cli.ts --json` in a child process (Node with tsx) and waits for its JSON line.
 * `quota` is the app's calls per window; the benches that do not measure the quota set it out of reach.
 */
export async function spawnSandbox(options: { patients: number; quota?: number; hourMs?: number }): Promise<RemoteSandbox> {
	const args = [
		'--import',
		'tsx',
		path.join(REPO_ROOT, 'test', 'sandbox', 'cli.ts'),
		'--json',
		'--quiet',
		'--port',
		'0',
		'--patients',
		String(options.patients),
		'--quota',
		String(options.quota ?? 1_000_000_000),
	];
	if (options.hourMs !== undefined) args.push('--hour-ms', String(options.hourMs));
	const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
	track(child);
	const lines = createInterface({ input: child.stdout! });
	const first = await new Promise<string>((resolve, reject) => {
		lines.once('line', resolve);
		child.once('exit', (code) => reject(new Error(`sandbox exited with ${code} before it was ready`)));
	});
	const info = JSON.parse(first) as { url: string; accessToken: string; refreshToken: string };
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	return {
		url: info.url,
		accessToken: info.accessToken,
		refreshToken: info.refreshToken,
		pid: child.pid!,
		stats: async () => (await control(info.url, 'GET', 'stats')) as SandboxStatsLite,
		resetStats: async () => void (await control(info.url, 'POST', 'stats/reset', {})),
		setFaults: async (faults) => void (await control(info.url, 'POST', 'faults', faults)),
		resetQuota: async () => void (await control(info.url, 'POST', 'quota/reset', {})),
		close: async () => {
			if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGTERM');
			await exited;
		},
	};
}

/** The DrChrono OAuth2 credential as n8n decrypts it, for a sandbox at `url` with a token it issued. */
export function sandboxCredentialData(
	url: string,
	accessToken: string,
	refreshToken: string,
	overrides: Partial<ICredentialDataDecryptedObject> = {},
): ICredentialDataDecryptedObject {
	return {
		server: 'custom',
		baseUrl: url,
		apiUrl: url,
		authUrl: `${url}/o/authorize/`,
		accessTokenUrl: `${url}/o/token/`,
		clientId: SANDBOX_CLIENT_ID,
		clientSecret: SANDBOX_CLIENT_SECRET,
		grantType: 'authorizationCode',
		authentication: 'body',
		scope: 'patients:read patients:write',
		authQueryParameters: '',
		// Out of reach unless a bench measures the quota.
		quotaPerHour: 1_000_000_000,
		quotaReserve: 0,
		maxCallsPerSecond: 0,
		quotaWindowSeconds: 3600,
		oauthTokenData: { access_token: accessToken, refresh_token: refreshToken, token_type: 'Bearer', expires_in: 172800 },
		...overrides,
	};
}

/** Runs `fn`, sampling RSS and heap every `everyMs` and reading the kernel's peak RSS at the end. */
export async function withMemorySampling<T>(
	fn: () => Promise<T>,
	everyMs = 5,
): Promise<{ result: T; peakRss: number; peakHeapUsed: number; peakExternal: number; samples: number }> {
	let peakRss = 0;
	let peakHeapUsed = 0;
	let peakExternal = 0;
	let samples = 0;
	const sample = () => {
		const m = process.memoryUsage();
		samples++;
		if (m.rss > peakRss) peakRss = m.rss;
		if (m.heapUsed > peakHeapUsed) peakHeapUsed = m.heapUsed;
		if (m.external > peakExternal) peakExternal = m.external;
	};
	sample();
	const timer = setInterval(sample, everyMs);
	try {
		const result = await fn();
		sample();
		return { result, peakRss, peakHeapUsed, peakExternal, samples };
	} finally {
		clearInterval(timer);
	}
}

/** Full GC when Node runs with --expose-gc (the benches' child processes do). */
export function gc(): void {
	const collect = (globalThis as { gc?: () => void }).gc;
	if (collect) {
		collect();
		collect();
	}
}

/** Spawns this repo's TypeScript `file` as a Node child process (tsx, --expose-gc), returns its last stdout line as JSON. */
export async function runWorker<T>(file: string, args: string[], nodeFlags: string[] = []): Promise<T> {
	const child = spawn(process.execPath, ['--expose-gc', ...nodeFlags, '--import', 'tsx', file, ...args], {
		cwd: REPO_ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	track(child);
	let stdout = '';
	child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
	const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
	if (code !== 0) throw new Error(`${path.basename(file)} ${args.join(' ')} exited with ${code}:\n${stdout.slice(-2000)}`);
	const last = stdout.trim().split('\n').pop() ?? '';
	return JSON.parse(last) as T;
}

/** Runs a benchmark's main when its file is run directly; exits non-zero with the stack on failure. */
export function runIfMain(mod: NodeModule, main: () => Promise<void>): void {
	if (require.main !== mod) return;
	main().then(
		() => process.exit(0),
		(error) => {
			process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
			process.exit(1);
		},
	);
}
