/**
 * The workflow templates in examples/ as a user imports them: package-qualified node types, a
 * workflow id n8n 1.123 keeps static data for (at most 16 characters), set-up steps in a sticky
 * note, nothing that points at a test setup, and node versions both supported n8n lines know.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import { loadExamples } from '../e2e/lib/drchrono';

const TEMPLATES = [
	'appointment-reminders',
	'new-patient-practice-list',
	'abnormal-lab-result',
	'locked-note-pdf',
	'no-show-follow-up',
	'front-desk-assistant',
	'mcp-server',
	'nightly-new-patients',
];
const templates = loadExamples().filter((e) => TEMPLATES.includes(path.basename(path.dirname(e.file))));
const PACKAGE_TYPES = /^n8n-nodes-drchrono\.drChrono(Tool|Trigger|PollTrigger)?$/;

describe('workflow templates', () => {
	it('are all there, one folder each', () => {
		expect(templates.map((t) => path.basename(path.dirname(t.file))).sort()).toEqual([...TEMPLATES].sort());
	});

	// The nightly export predates these rules; its node types are checked in e2e/templates.
	const newTemplates = templates.filter((t) => !t.file.includes('nightly'));
	it.each(newTemplates.map((t) => [path.basename(path.dirname(t.file)), t] as const))('%s is ready to import', (_name, template) => {
		const wf = template.json;
		expect(wf.id.length).toBeLessThanOrEqual(16);
		const types = wf.nodes.map((n) => n.type as string);
		expect(types.some((t) => t.startsWith('CUSTOM.'))).toBe(false);
		expect(types.filter((t) => t.includes('drChrono')).every((t) => PACKAGE_TYPES.test(t))).toBe(true);
		const text = JSON.stringify(wf);
		expect(text).not.toMatch(/sandbox|127\.0\.0\.1|localhost/i);
		// Every connection names nodes of the workflow.
		const names = new Set(wf.nodes.map((n) => n.name as string));
		for (const [from, byType] of Object.entries(wf.connections as Record<string, Record<string, Array<Array<{ node: string }>>>>)) {
			expect(names.has(from)).toBe(true);
			for (const outputs of Object.values(byType)) for (const out of outputs) for (const c of out) expect(names.has(c.node)).toBe(true);
		}
	});

	it('explain their set-up in a sticky note (the new ones)', () => {
		for (const t of newTemplates) {
			const notes = t.json.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote');
			expect(notes.length).toBeGreaterThan(0);
			expect(String(notes[0].parameters.content)).toMatch(/Set up/);
		}
	});

	/** Node types and versions the installed n8n lines have (when they are installed here). */
	const cache = process.env.N8N_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'n8n-nodes-drchrono', 'n8n');
	const lines = fs.existsSync(cache) ? fs.readdirSync(cache).filter((v) => /^\d+\.\d+\.\d+$/.test(v)) : [];
	const known = (version: string, pkg: string): Map<string, string> => {
		const dir = path.join(cache, version, 'node_modules', pkg);
		const out = new Map<string, string>();
		const json = path.join(dir, 'dist', 'types', 'nodes.json');
		if (!fs.existsSync(json)) return out;
		for (const d of JSON.parse(fs.readFileSync(json, 'utf8')) as Array<{ name: string; version: number | number[] }>) {
			const versions = ([] as number[]).concat(d.version);
			out.set(d.name, [...(out.get(d.name)?.split(',') ?? []), ...versions.map(String)].join(','));
		}
		return out;
	};
	(lines.length ? it.each(lines) : it.skip.each(['(no n8n installed)']))('use node versions n8n %s has', (version) => {
		const base = known(version, 'n8n-nodes-base');
		const ai = known(version, '@n8n/n8n-nodes-langchain');
		expect(base.size).toBeGreaterThan(100);
		expect(ai.size).toBeGreaterThan(10);
		for (const t of templates) {
			for (const node of t.json.nodes) {
				const [pkg, name] = [node.type.slice(0, node.type.lastIndexOf('.')), node.type.slice(node.type.lastIndexOf('.') + 1)];
				const table = pkg === 'n8n-nodes-base' ? base : pkg === '@n8n/n8n-nodes-langchain' ? ai : undefined;
				if (!table) continue;
				const versions = table.get(name)?.split(',') ?? [];
				expect({ node: `${t.json.name} / ${node.name}`, version: versions.includes(String(node.typeVersion)) }).toEqual({
					node: `${t.json.name} / ${node.name}`,
					version: true,
				});
			}
		}
	});
});
