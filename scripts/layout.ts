/**
 * Prints measures of the package's layout: its rooms (the folders under nodes/DrChrono, each node
 * file, credentials/), the floors of imports between rooms (the longest chain of rooms importing
 * one another), the imports that climb against the layer order, the circles among files, and the
 * lines per room.
 *
 *   npx tsx scripts/layout.ts [repository root]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const repo = resolve(process.argv[2] ?? join(__dirname, '..'));
const nodesRoot = join(repo, 'nodes', 'DrChrono');

/** Lower number = lower layer; a room may import only rooms of a lower number (or its own). */
const LAYER: Record<string, number> = {
	shared: 0,
	store: 1,
	quota: 2,
	transport: 3,
	resources: 4,
	actions: 5,
	methods: 5,
	trigger: 5,
	iframe: 5,
	poll: 5,
	credentials: 5,
};
const NODE_LEVEL = 6;

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
	});
}

function roomOf(file: string): string {
	if (file.startsWith(join(repo, 'credentials') + sep)) return 'credentials';
	return relative(nodesRoot, file).split(sep)[0].replace(/\.ts$/, '');
}

const layerOf = (room: string) => LAYER[room] ?? NODE_LEVEL;

const files = [...filesUnder(nodesRoot), ...filesUnder(join(repo, 'credentials'))];
const known = new Set(files);

/** The package files a file imports (relative imports, type-only ones included). */
function importsOf(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const specs = [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1]);
	return specs
		.map((spec) => resolve(dirname(file), spec))
		.map((target) => [`${target}.ts`, join(target, 'index.ts')].find((candidate) => known.has(candidate)))
		.filter((target): target is string => target !== undefined);
}

const edges = new Map(files.map((file) => [file, importsOf(file)]));

// Rooms and the imports between them.
const roomEdges = new Map<string, Set<string>>();
const upward: string[] = [];
for (const [file, targets] of edges) {
	const from = roomOf(file);
	if (!roomEdges.has(from)) roomEdges.set(from, new Set());
	for (const target of targets) {
		const to = roomOf(target);
		if (to === from) continue;
		roomEdges.get(from)!.add(to);
		if (layerOf(to) >= layerOf(from)) upward.push(`${relative(repo, file)} -> ${relative(repo, target)}`);
	}
}

// Floors: the longest chain of rooms, counting the rooms on it (a room importing nothing is floor 1).
const floorMemo = new Map<string, number>();
function floor(room: string, path: string[] = []): number {
	if (floorMemo.has(room)) return floorMemo.get(room)!;
	if (path.includes(room)) return 0;
	const below = [...(roomEdges.get(room) ?? [])].map((to) => floor(to, [...path, room]));
	const value = 1 + Math.max(0, ...below);
	floorMemo.set(room, value);
	return value;
}
const rooms = [...new Set(files.map(roomOf))].sort();
const floors = Math.max(...rooms.map((room) => floor(room)));

// Circles among files: strongly connected components of more than one file (Tarjan).
let index = 0;
const indexOf = new Map<string, number>();
const low = new Map<string, number>();
const stack: string[] = [];
const onStack = new Set<string>();
const circles: string[][] = [];
function connect(file: string): void {
	indexOf.set(file, index);
	low.set(file, index);
	index++;
	stack.push(file);
	onStack.add(file);
	for (const target of edges.get(file) ?? []) {
		if (!indexOf.has(target)) {
			connect(target);
			low.set(file, Math.min(low.get(file)!, low.get(target)!));
		} else if (onStack.has(target)) {
			low.set(file, Math.min(low.get(file)!, indexOf.get(target)!));
		}
	}
	if (low.get(file) === indexOf.get(file)) {
		const component: string[] = [];
		let member: string;
		do {
			member = stack.pop()!;
			onStack.delete(member);
			component.push(relative(repo, member));
		} while (member !== file);
		if (component.length > 1) circles.push(component.sort());
	}
}
for (const file of files) if (!indexOf.has(file)) connect(file);

const lines = (file: string) => readFileSync(file, 'utf8').split('\n').length;
const largest = files.map((file) => ({ file: relative(repo, file), lines: lines(file) })).sort((a, b) => b.lines - a.lines)[0];

console.log(`rooms: ${rooms.length}`);
console.log(`floors of imports: ${floors}`);
console.log(`imports that climb: ${upward.length}${upward.length ? `\n  ${upward.join('\n  ')}` : ''}`);
console.log(`circles among files: ${circles.length}${circles.length ? `\n  ${circles.map((c) => c.join(' <-> ')).join('\n  ')}` : ''}`);
console.log(`largest file: ${largest.file} (${largest.lines} lines)`);
console.log('lines per room (files):');
for (const room of rooms) {
	const inRoom = files.filter((file) => roomOf(file) === room);
	const total = inRoom.reduce((sum, file) => sum + lines(file), 0);
	console.log(`  ${room.padEnd(28)} ${String(total).padStart(5)} (${inRoom.length}), floor ${floor(room)}`);
}
