/**
 * The example workflows (every `*.workflow.json` below examples/) as a user imports them into an n8n
 * that installed the package: node types as n8n names installed packages, a set-up note, nothing
 * that exists only in the sandbox, and each one listed in docs/sandbox.md. The e2e install suite
 * (test/e2e/install.e2e.test.ts) imports and runs them in real n8n.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { DrChrono } from '../../nodes/DrChrono/DrChrono.node';
import { DrChronoIframeTrigger } from '../../nodes/DrChrono/DrChronoIframeTrigger.node';
import { DrChronoPollTrigger } from '../../nodes/DrChrono/DrChronoPollTrigger.node';
import { DrChronoTrigger } from '../../nodes/DrChrono/DrChronoTrigger.node';

const repo = path.resolve(__dirname, '../..');
const packageName = (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { name: string }).name;
const nodeNames = [DrChrono, DrChronoTrigger, DrChronoIframeTrigger, DrChronoPollTrigger].map((Node) => new Node().description.name);

interface WorkflowNode {
	name: string;
	type: string;
	position?: [number, number];
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

function exampleFiles(dir = path.join(repo, 'examples')): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? exampleFiles(path.join(dir, e.name)) : e.name.endsWith('.workflow.json') ? [path.join(dir, e.name)] : [],
	);
}

/**
 * Parameters that name a record of one practice (a status, a category, a doctor, ...): an example
 * leaves them for the user to pick, or computes them with an expression.
 */
const PRACTICE_RECORDS = /^(status|category|doctor|office|patient|ordering_doctor|assignee_user|assignee_group|appointment|task|exam_room|user)$/;

/** `path: value` of every literal practice record in the parameters. */
function literalRecords(value: unknown, at = ''): string[] {
	if (!value || typeof value !== 'object') return [];
	return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => {
		const here = at ? `${at}.${key}` : key;
		const literal = (x: unknown) => (typeof x === 'number' || (typeof x === 'string' && x !== '' && !x.startsWith('='))) && PRACTICE_RECORDS.test(key);
		if (literal(v)) return [`${here}: ${JSON.stringify(v)}`];
		// A resource locator: { __rl, mode, value }.
		if (v && typeof v === 'object' && '__rl' in v && literal((v as unknown as { value: unknown }).value)) return [`${here}: ${JSON.stringify(v)}`];
		return literalRecords(v, here);
	});
}

const files = exampleFiles();
const sandboxDoc = readFileSync(path.join(repo, 'docs', 'sandbox.md'), 'utf8');

describe('the example workflows', () => {
	it('finds every example', () => {
		expect(files.length).toBeGreaterThanOrEqual(4);
	});

	for (const file of files) {
		const where = path.relative(repo, file);
		const workflow = JSON.parse(readFileSync(file, 'utf8')) as { name: string; nodes: WorkflowNode[] };
		const ours = workflow.nodes.filter((n) => /drchrono/i.test(n.type));

		describe(where, () => {
			it(`names the package's nodes as n8n does once the package is installed (${packageName}.<node>)`, () => {
				expect(ours.length).toBeGreaterThan(0);
				// An AI Agent's tool is the action node's tool variant, which n8n names `<node>Tool`.
				const types = [...nodeNames, `${new DrChrono().description.name}Tool`].map((name) => `${packageName}.${name}`);
				for (const node of ours) expect(types).toContain(node.type);
			});

			it('holds no status, category, doctor or other record id that only one practice has', () => {
				expect(ours.flatMap((n) => literalRecords(n.parameters).map((p) => `${n.name}: ${p}`))).toEqual([]);
			});

			it('has a sticky note that says what to set up, naming every DrChrono node that needs a choice', () => {
				const notes = workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote').map((n) => String(n.parameters?.content ?? ''));
				const setUp = notes.find((c) => /^## Set up/m.test(c));
				expect(setUp).toBeDefined();
				expect(setUp).toMatch(/credential/i);
				// A node left without a required choice (an empty Status) is named in the note.
				for (const node of ours.filter((n) => Object.values(n.parameters ?? {}).includes(''))) expect(setUp).toContain(node.name);
			});

			it('leaves a gap between its sticky notes and the nodes, so the canvas shows every node whole', () => {
				// n8n draws a node about 100 × 100 from its position; a sticky note width × height from its own.
				const box = (n: WorkflowNode) => {
					const [x, y] = n.position ?? [0, 0];
					const sticky = n.type === 'n8n-nodes-base.stickyNote';
					const w = sticky ? Number(n.parameters?.width ?? 240) : 100;
					const h = sticky ? Number(n.parameters?.height ?? 160) : 100;
					return { x, y, w, h };
				};
				const GAP = 20;
				const touching = workflow.nodes
					.filter((s) => s.type === 'n8n-nodes-base.stickyNote')
					.flatMap((s) => {
						const a = box(s);
						return workflow.nodes
							.filter((n) => n.type !== 'n8n-nodes-base.stickyNote')
							.filter((n) => {
								const b = box(n);
								return a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP && a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP;
							})
							.map((n) => `${s.name} / ${n.name}`);
					});
				expect(touching).toEqual([]);
			});

			it('is listed in docs/sandbox.md', () => {
				expect(sandboxDoc).toContain(workflow.name);
				expect(sandboxDoc).toContain(`examples/${path.relative(path.join(repo, 'examples'), path.dirname(file))}/`);
			});
		});
	}
});

describe('docs/templates.md', () => {
	const doc = readFileSync(path.join(repo, 'docs', 'templates.md'), 'utf8');
	const sections = doc.split(/^## /m).slice(1);
	const templates = sections
		.map((section) => ({ title: section.split('\n')[0], folder: /\(\.\.\/examples\/([a-z0-9-]+)\)/.exec(section)?.[1] }))
		.filter((t): t is { title: string; folder: string } => t.folder !== undefined);

	it('describes each template with a picture of its canvas (npm run docs:template-screenshots)', () => {
		expect(templates.length).toBeGreaterThanOrEqual(7);
		for (const { title, folder } of templates) {
			const section = sections.find((s) => s.startsWith(title))!;
			expect([title, section.includes(`](images/templates/${folder}.png)`)]).toEqual([title, true]);
			expect(exampleFiles(path.join(repo, 'examples', folder)).length).toBeGreaterThan(0);
		}
	});
});
