import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	files: string[];
	n8n: { n8nNodesApiVersion: number; nodes: string[]; credentials: string[] };
};

/** What n8n and its community-package rules expect of the published package. */
describe('the published package', () => {
	beforeAll(() => {
		execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
	}, 120_000);

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
