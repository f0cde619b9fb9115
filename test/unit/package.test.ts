import { execFileSync } from 'node:child_process';
import { cpSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(__dirname, '../..');
/**
 * The package is built into a folder of its own, so the test never touches the repo's dist/ (which
 * n8n runs may be using). It lies inside the repo so that n8n-workflow resolves as it would in n8n.
 */
mkdirSync(path.join(repo, '.cache'), { recursive: true });
const root = mkdtempSync(path.join(repo, '.cache', 'package-test-'));
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	files: string[];
	scripts: Record<string, string>;
	n8n: { n8nNodesApiVersion: number; nodes: string[]; credentials: string[] };
};

/** What n8n and its community-package rules expect of the published package. */
describe('the published package', () => {
	beforeAll(() => {
		// What `npm run build` does (tsc with the build script's flags, then the icons), into the
		// temporary package folder.
		const tscFlags = /\btsc ([^&]+)&&/.exec(pkg.scripts.build)?.[1].trim().split(/\s+/) ?? [];
		expect(tscFlags).toContain('-p');
		const tsc = path.join(repo, 'node_modules', '.bin', 'tsc');
		execFileSync(tsc, [...tscFlags, '--outDir', path.join(root, 'dist')], {
			cwd: repo,
			stdio: 'pipe',
		});
		for (const folder of ['nodes', 'credentials']) {
			cpSync(path.join(repo, folder), path.join(root, 'dist', folder), {
				recursive: true,
				filter: (src) => !path.extname(src) || /\.(svg|png)$/.test(src),
			});
		}
		for (const file of ['package.json', 'index.js', 'README.md', 'LICENSE', 'CHANGELOG.md']) {
			copyFileSync(path.join(repo, file), path.join(root, file));
		}
	}, 120_000);
	afterAll(() => rmSync(root, { recursive: true, force: true }));

	it('builds every node and credential listed in the n8n block, with icons and codex files', () => {
		expect(pkg.n8n.n8nNodesApiVersion).toBe(1);
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			expect(existsSync(path.join(root, file))).toBe(true);
		}
		for (const node of pkg.n8n.nodes) {
			expect(existsSync(path.join(root, node.replace(/\.js$/, '.json')))).toBe(true);
		}
		expect(existsSync(path.join(root, 'dist/nodes/DrChrono/drchrono.svg'))).toBe(true);
		expect(existsSync(path.join(root, 'dist/nodes/DrChrono/drchrono.dark.svg'))).toBe(true);
	});

	it('loads in Node and describes each node and credential', () => {
		for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const mod = require(path.join(root, file)) as Record<string, new () => { description?: { name: string }; name?: string }>;
			const instances = Object.values(mod).map((Cls) => new Cls());
			expect(instances.length).toBe(1);
			expect(instances[0].description?.name ?? instances[0].name).toBeTruthy();
		}
	});

	it('names each node it ships in its description, the Poll Trigger included', () => {
		const meta = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { description: string };
		const words: Record<string, RegExp> = {
			'DrChrono.node.js': /action node/,
			'DrChronoTrigger.node.js': /webhook trigger/,
			'DrChronoPollTrigger.node.js': /poll trigger/,
			'DrChronoIframeTrigger.node.js': /iframe trigger/,
		};
		expect(pkg.n8n.nodes.map((file) => path.basename(file)).sort()).toEqual(Object.keys(words).sort());
		for (const pattern of Object.values(words)) expect(meta.description).toMatch(pattern);
	});

	it('keeps its compiler settings in tsconfig.json: the build adds none, and emits no maps or declarations', () => {
		expect(pkg.scripts.build).toMatch(/\btsc -p tsconfig\.json &&/);
		const emitted = readdirSync(path.join(root, 'dist'), { recursive: true, encoding: 'utf8' });
		expect(emitted.filter((f) => /\.(map|d\.ts|tsbuildinfo)$/.test(f))).toEqual([]);
	});

	it('has no runtime dependencies and only n8n-workflow as a peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		// Optional, so that `npm i` in ~/.n8n/nodes installs no second n8n-workflow beside n8n's own
		// (npm 7+ installs required peers; the e2e install suite checks what npm does).
		expect((pkg as { peerDependenciesMeta?: object }).peerDependenciesMeta).toEqual({ 'n8n-workflow': { optional: true } });
	});

	it('is MIT licensed, with the author, repository and homepage that n8n review checks', () => {
		const meta = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
		expect(meta.license).toBe('MIT');
		expect(readFileSync(path.join(repo, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
		expect(meta.author).toEqual({ name: expect.any(String), email: expect.stringMatching(/@/) });
		expect(meta.repository.url).toMatch(/^git\+https:\/\/github\.com\/[\w.-]+\/n8n-nodes-drchrono\.git$/);
		expect(meta.homepage.startsWith(meta.repository.url.replace(/^git\+/, '').replace(/\.git$/, ''))).toBe(true);
	});

	/**
	 * Exactly what n8n loads and users read: one .js per source file under nodes/ and credentials/,
	 * the codex .json files, the icons, and README, LICENSE, CHANGELOG, package.json, index.js. No
	 * .d.ts (nothing imports the package as a library), no source maps (they would point at .ts
	 * files that are not shipped), no tsconfig.tsbuildinfo, no copy of package.json under dist/,
	 * no test code, sandbox, scripts or docs.
	 */
	it('packs exactly the compiled nodes and credentials, their codex files and icons, and the documents', () => {
		const listing = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, stdio: 'pipe' }).toString();
		const files = (JSON.parse(listing) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path).sort();
		const sources = (dir: string): string[] =>
			readdirSync(path.join(repo, dir), { recursive: true, encoding: 'utf8' })
				.map((f) => path.posix.join(dir, f.split(path.sep).join('/')))
				.filter((f) => /\.(ts|json|svg|png)$/.test(f) && !f.endsWith('.d.ts'));
		const expected = [...sources('nodes'), ...sources('credentials')]
			.map((f) => `dist/${f.replace(/\.ts$/, '.js')}`)
			.concat(['CHANGELOG.md', 'LICENSE', 'README.md', 'index.js', 'package.json'])
			.sort();
		expect(files).toEqual(expected);
	});
});
