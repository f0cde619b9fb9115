/**
 * The package installed into real n8n the way users install it, from the packed tarball:
 *
 *   'n8n-installer'  the steps of n8n's own Community Nodes installer (Settings > Community Nodes >
 *                    Install), read from the installed n8n's `community-packages.service.js`:
 *                    extract the tarball into `~/.n8n/nodes/node_modules/<name>`, drop dev, peer and
 *                    optional dependencies from its package.json, `npm install` there with n8n's
 *                    arguments, record the version in `~/.n8n/nodes/package.json`.
 *   'npm-install'    the documented manual install (queue mode, Docker): `npm i <package>` inside
 *                    `~/.n8n/nodes`.
 *
 * n8n then loads the package from `<N8N_USER_FOLDER>/.n8n/nodes/node_modules` with package-qualified
 * node types (`n8n-nodes-drchrono.drChrono`), as for every user. `npm pack` decides which files get
 * there, so a file missing from package.json's `files` fails the suites that run on this setup.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { REPO_ROOT, requireBuiltNode } from './drchrono';
import { ensureN8nInstalled, makeTempDir, N8nInstallation, N8nInstance, N8nInstanceOptions, N8nLine } from './n8n';

export type InstallMethod = 'n8n-installer' | 'npm-install';
export const INSTALL_METHODS: readonly InstallMethod[] = ['n8n-installer', 'npm-install'];

export const PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	version: string;
	n8n: { nodes: string[]; credentials: string[] };
};
export const PACKAGE_NAME = PACKAGE_JSON.name;

/** The folder n8n installs community packages into for a user folder (InstanceSettings.nodesDownloadDir). */
export function nodesDir(userFolder: string): string {
	return path.join(userFolder, '.n8n', 'nodes');
}

/** Where the package ends up inside a user folder. */
export function installedPackageDir(userFolder: string): string {
	return path.join(nodesDir(userFolder), 'node_modules', PACKAGE_NAME);
}

/**
 * `npm pack` of the repository (dist/ must be built) into `destDir`; returns the tarball's path.
 * npm applies package.json's `files`, exactly as for `npm publish`.
 */
export function packPackage(destDir = makeTempDir('n8n-pack-')): string {
	requireBuiltNode();
	const r = spawnSync('npm', ['pack', '--json', '--pack-destination', destDir], { cwd: REPO_ROOT, encoding: 'utf8', env: npmEnv() });
	if (r.status !== 0) throw new Error(`npm pack failed (exit ${r.status}):\n${r.stderr}`);
	const [{ filename }] = JSON.parse(r.stdout) as Array<{ filename: string }>;
	return path.join(destDir, path.basename(filename));
}

/** What n8n's installer does, as read from the installed n8n. */
export interface N8nInstallerSteps {
	/** The compiled service the steps were read from. */
	source: string;
	/** Arguments of its `npm install` in the package's folder (registry included). */
	npmInstallArgs: string[];
}

/**
 * Reads the Community Nodes installer of the line's installed n8n and checks that it still takes the
 * steps this harness repeats; throws naming what changed otherwise (then update installPackage()).
 */
export function readN8nInstallerSteps(inst: N8nInstallation): N8nInstallerSteps {
	const dist = path.join(inst.dir, 'node_modules', 'n8n', 'dist');
	const candidates = [
		path.join(dist, 'modules', 'community-packages', 'community-packages.service.js'),
		path.join(dist, 'community-packages', 'community-packages.service.js'),
		path.join(dist, 'services', 'community-packages.service.js'),
	];
	const source = candidates.find((f) => fs.existsSync(f));
	if (!source) throw new Error(`n8n ${inst.n8nVersion}: no community-packages.service.js in ${candidates.join(', ')}`);
	const js = fs.readFileSync(source, 'utf8');
	const array = (name: string): string[] => {
		const m = new RegExp(`const ${name} = \\[([^\\]]*)\\]`).exec(js);
		if (!m) throw new Error(`n8n ${inst.n8nVersion}: ${name} not found in ${source}`);
		return [...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1]);
	};
	const registry = /const DEFAULT_REGISTRY = '([^']+)'/.exec(js)?.[1];
	const steps: Array<[string, RegExp]> = [
		['tar -xzf <tarball> -C <package folder> --strip-components=1', /'-xzf'|tar -xzf/],
		['--strip-components=1', /--strip-components=1/],
		['drops devDependencies, peerDependencies, optionalDependencies', /devDependencies, peerDependencies, optionalDependencies, \.\.\.packageJson/],
		['npm install in the package folder', /'install', \.\.\.this\.getNpmInstallArgs\(\)|npm install \$\{this\.getNpmInstallArgs\(\)\}/],
		['records the version in nodes/package.json', /updatePackageJsonDependency\(packageName, packageJson\.version\)/],
		['the package folder is nodes/node_modules/<name>', /\/node_modules/],
	];
	const missing = steps.filter(([, re]) => !re.test(js)).map(([what]) => what);
	if (!registry) missing.push('DEFAULT_REGISTRY');
	if (missing.length) throw new Error(`n8n ${inst.n8nVersion}'s installer changed (${source}): no longer found: ${missing.join('; ')}`);
	return { source, npmInstallArgs: [...array('NPM_COMMON_ARGS'), ...array('NPM_INSTALL_ARGS'), `--registry=${registry}`] };
}

export interface InstallReport {
	method: InstallMethod;
	tarball: string;
	/** `~/.n8n/nodes` of the user folder. */
	nodesDir: string;
	packageDir: string;
	/** The commands run, for messages. */
	commands: string[];
	/** Top-level entries of `~/.n8n/nodes/node_modules` afterwards (the package alone when nothing of n8n came along). */
	nodeModules: string[];
	ms: number;
}

/**
 * Installs the packed package into `<userFolder>/.n8n/nodes` by `method`, with the npm on the line's
 * PATH (what n8n's installer runs, and what a user of that Node has).
 */
export async function installPackage(o: { line: N8nLine; userFolder: string; tarball: string; method: InstallMethod }): Promise<InstallReport> {
	const t0 = Date.now();
	const inst = await ensureN8nInstalled(o.line);
	const dir = nodesDir(o.userFolder);
	const packageDir = installedPackageDir(o.userFolder);
	fs.mkdirSync(dir, { recursive: true });
	const nodesPackageJson = path.join(dir, 'package.json');
	// n8n's CommunityPackagesService.ensurePackageJson(); a user following the manual install has
	// this file from n8n already (or npm creates one).
	if (!fs.existsSync(nodesPackageJson)) {
		fs.writeFileSync(nodesPackageJson, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	const commands: string[] = [];
	const env = npmEnv(inst);
	const run = async (cmd: string, args: string[], cwd: string) => {
		commands.push(`(cd ${cwd} && ${cmd} ${args.join(' ')})`);
		const r = await exec(cmd, args, cwd, env);
		if (r.code !== 0) throw new Error(`${commands[commands.length - 1]} failed (exit ${r.code}):\n${(r.stdout + r.stderr).slice(-4000)}`);
	};

	if (o.method === 'n8n-installer') {
		const steps = readN8nInstallerSteps(inst);
		// downloadPackage(): a fresh package folder, the tarball beside it (where `npm pack` puts it).
		fs.rmSync(packageDir, { recursive: true, force: true });
		fs.mkdirSync(packageDir, { recursive: true });
		const tarballName = path.basename(o.tarball);
		fs.copyFileSync(o.tarball, path.join(dir, tarballName));
		try {
			await run('tar', ['-xzf', tarballName, '-C', packageDir, '--strip-components=1'], dir);
			const pkgFile = path.join(packageDir, 'package.json');
			const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
			void devDependencies, void peerDependencies, void optionalDependencies;
			fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 2), 'utf-8');
			await run('npm', ['install', ...steps.npmInstallArgs], packageDir);
			const nodesPkg = JSON.parse(fs.readFileSync(nodesPackageJson, 'utf8'));
			nodesPkg.dependencies = { ...(nodesPkg.dependencies ?? {}), [pkg.name]: pkg.version };
			fs.writeFileSync(nodesPackageJson, JSON.stringify(nodesPkg, null, 2), 'utf-8');
		} finally {
			fs.rmSync(path.join(dir, tarballName), { force: true });
		}
	} else {
		await run('npm', ['install', o.tarball, '--audit=false', '--fund=false'], dir);
	}
	const nodeModulesDir = path.join(dir, 'node_modules');
	const nodeModules = fs
		.readdirSync(nodeModulesDir)
		.filter((e) => !e.startsWith('.'))
		.flatMap((e) => (e.startsWith('@') ? fs.readdirSync(path.join(nodeModulesDir, e)).map((s) => `${e}/${s}`) : [e]));
	return { method: o.method, tarball: o.tarball, nodesDir: dir, packageDir, commands, nodeModules, ms: Date.now() - t0 };
}

export type InstalledN8nOptions = Omit<N8nInstanceOptions, 'customExtensions'> & {
	method?: InstallMethod;
	/** A tarball from packPackage(); packed now when omitted. */
	tarball?: string;
};

/**
 * Installs the packed package into a (fresh) user folder by `method` (default: n8n's installer) and
 * starts n8n on it with community packages enabled. Node types are `n8n-nodes-drchrono.*`
 * (use nodeType() from ./drchrono). The install report is on `install`.
 */
export async function startInstalledN8n(opts: InstalledN8nOptions): Promise<N8nInstance & { install: InstallReport }> {
	const { method = 'n8n-installer', tarball, ...rest } = opts;
	const userFolder = rest.userFolder ?? makeTempDir(`n8n-${opts.line}-installed-`);
	const install = await installPackage({ line: opts.line, userFolder, tarball: tarball ?? packPackage(), method });
	const n8n = await N8nInstance.start({
		...rest,
		userFolder,
		// A user folder made here goes with the instance, as in N8nInstance.start().
		removeUserFolder: rest.removeUserFolder ?? !rest.userFolder,
		env: { N8N_COMMUNITY_PACKAGES_ENABLED: 'true', ...(rest.env ?? {}) },
	});
	return Object.assign(n8n, { install });
}

function npmEnv(inst?: N8nInstallation): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	// npm_* of an `npm run` calling us would configure the inner npm (prefix, workspace, ...).
	for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && v !== undefined) env[k] = v;
	if (inst?.env.PATH) env.PATH = inst.env.PATH;
	env.NODE_ENV = 'production';
	return env;
}

function exec(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
		child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
		child.on('error', reject);
		child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
	});
}
