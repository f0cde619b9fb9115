import { execFileSync } from 'node:child_process';
import { cpSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
	n8n: { n8nNodesApiVersion: number; nodes: string[]; credentials: string[] };
};

/** What n8n and its community-package rules expect of the published package. */
describe('the published package', () => {
	beforeAll(() => {
		// What `npm run build` does (tsc, then the icons), into the temporary package folder.
		const tsc = path.join(repo, 'node_modules', '.bin', 'tsc');
		execFileSync(tsc, ['-p', 'tsconfig.json', '--outDir', path.join(root, 'dist'), '--incremental', 'false'], {
			cwd: repo,
			stdio: 'pipe',
		});
		for (const folder of ['nodes', 'credentials']) {
			cpSync(path.join(repo, folder), path.join(root, 'dist', folder), {
				recursive: true,
				filter: (src) => !path.extname(src) || /\.(svg|png)$/.test(src),
			});
		}
		copyFileSync(path.join(repo, 'package.json'), path.join(root, 'package.json'));
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

	it('has no runtime dependencies and only n8n-workflow as a peer', () => {
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.files).toEqual(['dist']);
	});

	it('ships no test code, sandbox or scripts', () => {
		const listing = execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: root, stdio: 'pipe' }).toString();
		const files = (JSON.parse(listing) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
		expect(files.some((f) => f.startsWith('dist/nodes/'))).toBe(true);
		expect(files.filter((f) => /(^|\/)(test|sandbox|bench|scripts)\//.test(f))).toEqual([]);
	});
});
