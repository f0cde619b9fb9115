/**
 * The parts of n8n's queue mode, from Debian's packages, each on 127.0.0.1 on a free port and
 * started and stopped by its own pid: redis-server (n8n's Bull queue and the quota store's Redis)
 * and PostgreSQL (n8n's database in queue mode). `scripts/queue/install.sh` installs the packages
 * (CI runs as root on a fresh machine); these helpers install them too when they are missing and the
 * process is root.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { RespClient } from '../store/resp';

export interface Service {
	port: number;
	pid: number;
	stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

function which(binary: string): string | undefined {
	try {
		return execFileSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' }).trim() || undefined;
	} catch {
		return undefined;
	}
}

/** Installs Debian packages when a binary is missing (root only: CI); otherwise says what to run. */
export function ensurePackages(binary: string | (() => string | undefined), packages: string[]): void {
	const found = typeof binary === 'string' ? which(binary) : binary();
	if (found) return;
	if (process.getuid?.() !== 0) {
		throw new Error(`${packages.join(' ')} missing: run scripts/queue/install.sh as root (apt-get install ${packages.join(' ')})`);
	}
	execFileSync('sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages.join(' ')}`], {
		stdio: 'inherit',
	});
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill(signal);
	const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 10_000).unref());
	if ((await Promise.race([exited, timer])) === 'late') {
		child.kill('SIGKILL');
		await exited;
	}
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (await check().catch(() => false)) return;
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	throw new Error(`${what} did not start within ${timeoutMs / 1000} s`);
}

/** redis-server without persistence, on a free port of 127.0.0.1. */
export async function startRedis(port?: number): Promise<Service> {
	ensurePackages('redis-server', ['redis-server']);
	const chosen = port ?? (await freePort());
	const dir = mkdtempSync(join(tmpdir(), 'drchrono-redis-'));
	const child = spawn(
		'redis-server',
		['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'no'],
		{ stdio: 'ignore' },
	);
	const client = new RespClient(chosen);
	try {
		await waitFor(async () => (await client.send(['PING'])) === 'PONG', 'redis-server');
	} finally {
		client.close();
	}
	return {
		port: chosen,
		pid: child.pid!,
		async stop() {
			await stopChild(child);
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : undefined;
}

export interface Postgres extends Service {
	user: string;
	database: string;
}

/**
 * A throw-away PostgreSQL cluster (initdb, trust auth on 127.0.0.1). PostgreSQL refuses to run as
 * root, so as root it runs as the `postgres` user the package creates.
 */
export async function startPostgres(): Promise<Postgres> {
	ensurePackages(postgresBin, ['postgresql']);
	const bin = postgresBin()!;
	const port = await freePort();
	const dir = mkdtempSync(join(tmpdir(), 'drchrono-pg-'));
	const ids = process.getuid?.() === 0 ? osUser('postgres') : undefined;
	if (ids) chownSync(dir, ids.uid, ids.gid);
	const options = { ...(ids ? { uid: ids.uid, gid: ids.gid } : {}), env: { ...process.env, LC_ALL: 'C.UTF-8' } };
	execFileSync(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-U', 'n8n', '--auth=trust', '-E', 'UTF8'], {
		...options,
		stdio: 'ignore',
	});
	const child = spawn(
		join(bin, 'postgres'),
		['-D', join(dir, 'data'), '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
		{ ...options, stdio: 'ignore' },
	);
	await waitFor(async () => {
		execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
		return true;
	}, 'postgres');
	return {
		port,
		pid: child.pid!,
		user: 'n8n',
		database: 'postgres',
		async stop() {
			await stopChild(child, 'SIGINT');
			rmSync(dir, { recursive: true, force: true });
		},
	};
}

function osUser(name: string): { uid: number; gid: number } {
	const [uid, gid] = execFileSync('sh', ['-c', `id -u ${name} && id -g ${name}`], { encoding: 'utf8' }).trim().split('\n').map(Number);
	return { uid, gid };
}
