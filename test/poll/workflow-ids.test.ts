/**
 * n8n saves a workflow's static data (the Poll Trigger's cursor) only for ids it calls valid:
 * n8n 1.123 `isWorkflowIdValid` is `typeof id === 'string' && id.length <= 16` (n8n's dist/utils.js);
 * n8n 2.41 accepts up to 21 characters. A longer id imports and activates fine, but every restart
 * of n8n 1.x forgets the cursor. So every workflow id the project ships or creates is checked here
 * against the stricter rule.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { INode, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { DrChronoPollTrigger } from '../../nodes/DrChrono/DrChronoPollTrigger.node';
import { MAX_SAVED_ID_N8N1, MAX_SAVED_ID_N8N2 } from '../../nodes/DrChrono/poll/state';

const ROOT = join(__dirname, '..', '..');

/** What both n8n lines save static data for: 1.123 allows 16 characters, 2.41 allows 21. */
function savedByBothLines(id: unknown): boolean {
	return typeof id === 'string' && id.length > 0 && id.length <= Math.min(MAX_SAVED_ID_N8N1, MAX_SAVED_ID_N8N2);
}

function files(dir: string, ext: string): string[] {
	const out: string[] = [];
	for (const name of readdirSync(dir)) {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) out.push(...files(full, ext));
		else if (name.endsWith(ext)) out.push(full);
	}
	return out;
}

/** Workflow ids in the examples (their top-level `id`) and in the scripts and e2e tests that create workflows. */
function shippedWorkflowIds(): Array<[string, string]> {
	const ids: Array<[string, string]> = [];
	for (const file of files(join(ROOT, 'examples'), '.json')) {
		const json = JSON.parse(readFileSync(file, 'utf8')) as { id?: unknown; nodes?: unknown };
		if (Array.isArray(json.nodes)) ids.push([relative(ROOT, file), String(json.id)]);
	}
	const sources = [...files(join(ROOT, 'scripts'), '.ts'), ...files(join(ROOT, 'test', 'e2e'), '.ts')];
	// `manualWorkflow('id', …)`, `WORKFLOW_ID = 'id'`, `workflowId: 'id'`: how these files name workflow ids.
	const patterns = [/\b\w*Workflow\(\s*'([^']+)'/g, /\b\w*WORKFLOW_ID\s*=\s*'([^']+)'/g, /\bworkflowId:\s*'([^']+)'/g];
	for (const file of sources) {
		const text = readFileSync(file, 'utf8');
		for (const re of patterns) for (const m of text.matchAll(re)) ids.push([relative(ROOT, file), m[1]]);
	}
	return ids;
}

describe('workflow ids the project ships or creates', () => {
	const ids = shippedWorkflowIds();

	test('are found: every example and the scripts that import workflows', () => {
		expect(ids.filter(([file]) => file.startsWith('examples')).length).toBe(files(join(ROOT, 'examples'), '.workflow.json').length);
		expect(ids.length).toBeGreaterThanOrEqual(6);
	});

	test('are at most 16 characters, so n8n 1.x and 2.x both save the Poll Trigger cursor', () => {
		const bad = ids.filter(([, id]) => !savedByBothLines(id) && id !== 'unused');
		expect(bad).toEqual([]);
	});

	test('the rule matches n8n 1.x: 16 characters saved, 17 not', () => {
		expect(savedByBothLines('drcLabResultTsk1')).toBe(true);
		expect(savedByBothLines('drcLabResultTask1')).toBe(false);
	});
});

describe('the Poll Trigger\'s output-pane warning about the workflow id', () => {
	const nodeType = new DrChronoPollTrigger();
	const hint = nodeType.description.hints!.find((h) => h.location === 'outputPane')!;
	const nodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) } as unknown as INodeTypes;
	const node: INode = { id: 'n', name: 'Poll', type: 'x', typeVersion: 1, position: [0, 0], parameters: {} };

	// As n8n's editor evaluates it (getNodeHints: getSimpleParameterValue on the condition).
	test.each([
		['drcLabResultTask1', true],
		['drcLabResultTsk1', false],
		['', false],
	])('workflow id "%s": shown %s', (id, shown) => {
		const workflow = new Workflow({ id, nodes: [node], connections: {}, active: false, nodeTypes });
		const display = workflow.expression.getSimpleParameterValue(node, hint.displayCondition!, 'internal', {});
		expect(display).toBe(shown);
	});
});
