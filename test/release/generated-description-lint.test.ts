/**
 * n8n's lint rules, applied to the parameters as n8n receives them. The action node's resource,
 * operation, field, filter and locator parameters are built from the resource specs when the
 * node loads, so `npm run lint` (which reads source literals) never sees them. This test writes
 * each node's generated properties out as a source literal and runs eslint-plugin-n8n-nodes-base's
 * node rules on it, with the same rules switched off as n8n's default lint config
 * (`@n8n/node-cli/eslint`, which eslint.config.mjs is); then it checks what
 * those rules cannot see from a literal (resource-locator mode order, n8n's editor heuristics).
 */
import { ESLint, type Linter } from 'eslint';
import type { INodeCredentialDescription, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import tseslint from 'typescript-eslint';

import { nodeDescriptions, toSource } from './descriptions';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8nNodesBase = require('eslint-plugin-n8n-nodes-base') as {
	configs: { nodes: { rules: Linter.RulesRecord } };
	rules: Record<string, unknown>;
};

const repo = path.resolve(__dirname, '../..');

/** Switched off for the node files by n8n's default lint config (`@n8n/node-cli/eslint`). */
const OFF_AS_IN_ESLINT_CONFIG = [
	'n8n-nodes-base/node-class-description-inputs-wrong-regular-node',
	'n8n-nodes-base/node-class-description-outputs-wrong',
	'n8n-nodes-base/node-param-type-options-max-value-present',
];
/** Rules about files and classes, not parameters: the real files are linted by `npm run lint`. */
const ABOUT_FILES = /^n8n-nodes-base\/node-(filename|dirname|resource-description-filename|class-description|execute-block)/;

const rules: Linter.RulesRecord = Object.fromEntries(
	Object.entries(n8nNodesBase.configs.nodes.rules).filter(
		([name]) => !OFF_AS_IN_ESLINT_CONFIG.includes(name) && !ABOUT_FILES.test(name),
	),
);

async function lintProperties(description: INodeTypeDescription): Promise<string[]> {
	const eslint = new ESLint({
		cwd: repo,
		overrideConfigFile: true,
		overrideConfig: [
			{
				files: ['**/*.ts'],
				languageOptions: { parser: tseslint.parser as Linter.Parser },
				plugins: { 'n8n-nodes-base': n8nNodesBase as never },
				rules,
			},
		],
	});
	const source = `export const properties = ${toSource(description.properties)};\n`;
	const [result] = await eslint.lintText(source, { filePath: path.join(repo, 'nodes', 'DrChrono', `${description.name}.properties.ts`) });
	const lines = source.split('\n');
	return result.messages.map((m) => `${description.name}: ${m.ruleId ?? 'parse'}: ${m.message.split('\n')[0]} [${(lines[m.line - 1] ?? '').trim().slice(0, 90)}]`);
}

/** Every parameter, nested ones (collections, fixed collections) included. */
function allParameters(properties: INodeProperties[]): INodeProperties[] {
	const out: INodeProperties[] = [];
	const visit = (list: unknown[]) => {
		for (const p of list as Array<INodeProperties & { values?: unknown[] }>) {
			if (p.type) out.push(p);
			if (Array.isArray(p.options)) visit(p.options);
			if (Array.isArray(p.values)) visit(p.values);
		}
	};
	visit(properties);
	return out;
}

/**
 * Findings not fixed yet, each to be fixed where it lives (the resource specs, the property
 * builders, the node files). The test fails when the findings and this file differ either way: a
 * new finding fails it, and so does a fixed one still listed. After a fix, rewrite the file with
 * `WRITE_KNOWN_FINDINGS=1 npx jest test/release/generated-description-lint.test.ts` and review
 * the diff: it may only lose lines.
 */
const KNOWN_FILE = path.join(__dirname, 'known-lint-findings.json');
const known: Record<string, string[]> = existsSync(KNOWN_FILE) ? JSON.parse(readFileSync(KNOWN_FILE, 'utf8')) : {};
const found: Record<string, string[]> = {};

/** Repeated findings (the same field on several resources) folded into one line with a count. */
function folded(findings: string[]): string[] {
	const counts = new Map<string, number>();
	for (const f of findings) counts.set(f, (counts.get(f) ?? 0) + 1);
	return [...counts].map(([f, n]) => (n > 1 ? `${f} (x${n})` : f)).sort();
}
function expectKnown(check: string, findings: string[]): void {
	found[check] = folded(findings);
	expect(found[check]).toEqual(known[check] ?? []);
}
afterAll(() => {
	if (process.env.WRITE_KNOWN_FINDINGS === '1') writeFileSync(KNOWN_FILE, `${JSON.stringify(found, null, '\t')}\n`);
});

describe('generated node descriptions follow n8n lint rules', () => {
	const descriptions = nodeDescriptions();

	it('covers every node the package declares, whose rules are all active', () => {
		expect(descriptions.map((d) => d.name)).toEqual(['drChrono', 'drChronoTrigger', 'drChronoIframeTrigger', 'drChronoPollTrigger']);
		expect(Object.keys(rules).length).toBeGreaterThan(60);
	});

	it('passes eslint-plugin-n8n-nodes-base node-param rules (sorting, Title Case, descriptions, defaults)', async () => {
		const findings: string[] = [];
		for (const d of descriptions) findings.push(...(await lintProperties(d)));
		expectKnown('eslint-plugin-n8n-nodes-base', findings);
	}, 120_000);

	it('the rule runner catches a planted mistake (so a clean result means something)', async () => {
		const planted = {
			...descriptions[0],
			properties: [
				{ displayName: 'send email', name: 'sendEmail', type: 'boolean', default: false, description: 'Sends an email' },
				{
					displayName: 'Color',
					name: 'color',
					type: 'options',
					default: 'red',
					options: [
						{ name: 'Red', value: 'red' },
						{ name: 'Blue', value: 'blue' },
						{ name: 'Green', value: 'green' },
						{ name: 'Amber', value: 'amber' },
						{ name: 'Pink', value: 'pink' },
					],
				},
			],
		} as INodeTypeDescription;
		const findings = (await lintProperties(planted)).join('\n');
		expect(findings).toMatch(/node-param-display-name-miscased/);
		expect(findings).toMatch(/node-param-description-boolean-without-whether/);
		expect(findings).toMatch(/node-param-options-type-unsorted-items/);
	}, 60_000);

	it('lists resource-locator modes in n8n order: From List, By URL, By ID', () => {
		const order = ['list', 'url', 'id'];
		const wrong: string[] = [];
		for (const d of descriptions) {
			for (const p of allParameters(d.properties)) {
				if (p.type !== 'resourceLocator') continue;
				const modes = (p.modes ?? []).map((m) => m.name);
				const expected = [...modes].sort((a, b) => order.indexOf(a) - order.indexOf(b));
				if (modes.some((m) => !order.includes(m)) || modes.join() !== expected.join()) {
					wrong.push(`${d.name}: ${p.name}: ${modes.join(', ')}`);
				}
				if (!modes.includes('id')) wrong.push(`${d.name}: ${p.name}: no By ID mode`);
			}
		}
		expectKnown('resource-locator modes', wrong);
	});

	it('has no parameter text with leading, trailing or doubled spaces', () => {
		const wrong: string[] = [];
		for (const d of descriptions) {
			for (const p of allParameters(d.properties)) {
				for (const key of ['displayName', 'description', 'hint', 'placeholder'] as const) {
					const text = p[key];
					if (typeof text === 'string' && (text !== text.trim() || / {2}/.test(text))) wrong.push(`${d.name}: ${p.name}.${key}`);
				}
			}
		}
		expectKnown('text spacing', wrong);
	});

	/**
	 * n8n's editor (1.123 and 2.41, `getMainAuthField` / `findAlternativeAuthField`) takes any
	 * parameter that a credential's displayOptions depend on for the node's authentication selector:
	 * it hides that parameter and fills the first credential slot with the other credential's type,
	 * so a saved credential of the first type shows as its id.
	 */
	it('shows credentials on no parameter but "authentication" (the editor reads anything else as an auth selector)', () => {
		const findings: string[] = [];
		for (const d of descriptions) {
			for (const c of (d.credentials ?? []) as INodeCredentialDescription[]) {
				for (const field of Object.keys(c.displayOptions?.show ?? {})) {
					if (field !== 'authentication') findings.push(`${d.name}: credential ${c.name} is shown by ${field}`);
				}
			}
		}
		expectKnown('credential display', findings);
	});
});
