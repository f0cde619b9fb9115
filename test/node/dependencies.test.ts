/**
 * Dependencies run one way: node files -> actions (router, executors) -> resources (data) ->
 * transport -> quota -> store (Redis over HTTP) -> shared (checks and the refusal log both triggers use). A lower module never imports a higher one, so resources stay data that any
 * executor, list search or test can read without pulling in the executors.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '../../nodes/DrChrono');
const LAYERS = ['shared', 'store', 'quota', 'transport', 'resources', 'actions'] as const;

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
	});
}

/** The top-level folder (or the node file itself) under nodes/DrChrono that an import lands in. */
function importedModules(file: string): Array<{ spec: string; module: string }> {
	const text = readFileSync(file, 'utf8');
	const specs = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
	return specs
		.filter((spec) => spec.startsWith('.'))
		.map((spec) => ({ spec, module: relative(ROOT, resolve(file, '..', spec)).split(sep)[0] }));
}

/** Modules a layer must not import: every layer above it, plus the node-level folders. */
const above = (layer: (typeof LAYERS)[number]): string[] => [
	...LAYERS.slice(LAYERS.indexOf(layer) + 1),
	'methods',
	'trigger',
	'iframe',
	'poll',
	'DrChrono.node.ts',
	'DrChronoTrigger.node.ts',
	'DrChronoIframeTrigger.node.ts',
	'DrChronoPollTrigger.node.ts',
];

describe.each(LAYERS.slice(0, 5).map((layer) => [layer]))('%s/', (layer) => {
	it('imports nothing from a higher module', () => {
		const offending = filesUnder(join(ROOT, layer)).flatMap((file) =>
			importedModules(file)
				.filter(({ module }) => above(layer).some((m) => module === m || module === m.replace(/\.ts$/, '')))
				.map(({ spec }) => `${relative(ROOT, file)} imports ${spec}`),
		);
		expect(offending).toEqual([]);
	});
});

it('the check sees imports that climb (it would catch resources/ importing actions/)', () => {
	const modules = importedModules(join(ROOT, 'actions', 'router.ts')).map((m) => m.module);
	expect(modules).toContain('resources');
	expect(above('resources')).toContain('actions');
});

it('every special operation a resource declares has an executor', async () => {
	const { resources } = await import('../../nodes/DrChrono/resources');
	const { specialOperations } = await import('../../nodes/DrChrono/actions/router');
	const declared = resources.flatMap((r) => (r.special ?? []).map((op) => `${r.value}.${op.value}`)).sort();
	const executors = Object.entries(specialOperations).flatMap(([resource, ops]) => Object.keys(ops).map((op) => `${resource}.${op}`));
	expect(executors.sort()).toEqual(declared);
});
