/**
 * Every relative link and #anchor in README.md and docs/*.md leads somewhere: the file exists and
 * the anchor is a heading of that file, as GitHub (and npm, which rewrites relative links to the
 * repository) renders it. Images must exist too. The same for every documentation link n8n's editor
 * shows: the credentials' documentationUrl and the codex files' primary and credential documentation.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { DrChronoOAuth2Api } from '../../credentials/DrChronoOAuth2Api.credentials';
import { DrChronoWebhookApi } from '../../credentials/DrChronoWebhookApi.credentials';

const repo = path.resolve(__dirname, '../..');
const pages = ['README.md', ...readdirSync(path.join(repo, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Text outside fenced code blocks and inline code (links there are not links). */
function prose(markdown: string): string {
	return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, (code) => code.replace(/[[\]()]/g, ' '));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchorsOf(markdown: string): Set<string> {
	const seen = new Map<string, number>();
	const anchors = new Set<string>();
	for (const line of markdown.replace(/^```[\s\S]*?^```/gm, '').split('\n')) {
		const heading = /^#{1,6} (.+)$/.exec(line);
		if (!heading) continue;
		const base = heading[1]
			.trim()
			.toLowerCase()
			.replace(/[^\p{L}\p{N}\s_-]/gu, '')
			.replace(/\s/g, '-');
		const n = seen.get(base) ?? 0;
		seen.set(base, n + 1);
		anchors.add(n ? `${base}-${n}` : base);
	}
	return anchors;
}

function links(markdown: string): string[] {
	return [...prose(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

describe('documentation links', () => {
	it('finds the overview and the docs pages', () => {
		expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/credentials.md', 'docs/trigger.md', 'docs/phi.md', 'docs/development.md']));
	});

	it('GitHub anchors as GitHub makes them', () => {
		expect([...anchorsOf('## Security: what protects the trigger\'s URLs\n## 3. Quota settings\n## Try it: `npm start`\n## A\n## A')]).toEqual([
			'security-what-protects-the-triggers-urls',
			'3-quota-settings',
			'try-it-npm-start',
			'a',
			'a-1',
		]);
	});

	for (const page of pages) {
		it(`${page}: every relative link and anchor resolves`, () => {
			const text = readFileSync(path.join(repo, page), 'utf8');
			const broken: string[] = [];
			for (const link of links(text)) {
				if (/^[a-z]+:/i.test(link)) continue; // https:, mailto:
				const [file, anchor] = link.split('#', 2);
				const target = file ? path.join(repo, path.dirname(page), decodeURI(file)) : path.join(repo, page);
				if (!existsSync(target)) {
					broken.push(`${link}: no such file`);
					continue;
				}
				if (anchor !== undefined && !anchorsOf(readFileSync(target, 'utf8')).has(anchor)) broken.push(`${link}: no such heading`);
			}
			expect(broken).toEqual([]);
		});
	}
});

/** The repository's web address, from package.json (`git+https://github.com/o/r.git`). */
const repoWeb = (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).repository.url as string)
	.replace(/^git\+/, '')
	.replace(/\.git$/, '');

/** A documentation URL as a file of this repository and an anchor, or why it is not one. */
export function docsTarget(url: string): { file: string; anchor?: string } | { error: string } {
	const [address, anchor] = url.split('#', 2);
	let file: string;
	if (address === repoWeb || address === `${repoWeb}/`) file = 'README.md';
	else if (address.startsWith(`${repoWeb}/blob/main/`)) file = decodeURI(address.slice(`${repoWeb}/blob/main/`.length));
	else return { error: `not a page of ${repoWeb} on main` };
	return { file, anchor };
}

/** The codex files (`<Node>.node.json`) beside the nodes. */
function codexFiles(dir = path.join(repo, 'nodes')): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? codexFiles(path.join(dir, e.name)) : e.name.endsWith('.node.json') ? [path.join(dir, e.name)] : [],
	);
}

/** The example workflows (`*.workflow.json` below examples/). */
function exampleFiles(dir = path.join(repo, 'examples')): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? exampleFiles(path.join(dir, e.name)) : e.name.endsWith('.workflow.json') ? [path.join(dir, e.name)] : [],
	);
}

describe('documentation links in the editor', () => {
	const editorLinks: Array<[string, string]> = [
		['DrChrono OAuth2 API credential', new DrChronoOAuth2Api().documentationUrl],
		['DrChrono Webhook API credential', new DrChronoWebhookApi().documentationUrl],
	];
	// The set-up notes of the example workflows link their docs page.
	for (const file of exampleFiles()) {
		const workflow = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Array<{ type: string; parameters?: { content?: string } }> };
		for (const note of workflow.nodes.filter((n) => n.type === 'n8n-nodes-base.stickyNote')) {
			for (const [, url] of (note.parameters?.content ?? '').matchAll(/\]\((https:[^)\s]+)\)/g)) editorLinks.push([path.relative(repo, file), url]);
		}
	}
	for (const file of codexFiles()) {
		const codex = JSON.parse(readFileSync(file, 'utf8')) as { resources?: Record<string, Array<{ url: string }>> };
		for (const [kind, entries] of Object.entries(codex.resources ?? {})) {
			for (const { url } of entries) editorLinks.push([`${path.basename(file)} ${kind}`, url]);
		}
	}

	it("finds the links of both credentials, of the four codex files and of the examples' set-up notes", () => {
		expect(codexFiles().map((f) => path.basename(f)).sort()).toEqual([
			'DrChrono.node.json',
			'DrChronoIframeTrigger.node.json',
			'DrChronoPollTrigger.node.json',
			'DrChronoTrigger.node.json',
		]);
		expect(editorLinks.length).toBeGreaterThanOrEqual(2 + 4 * 2 + exampleFiles().length);
	});

	for (const [where, url] of editorLinks) {
		it(`${where}: ${url} is a docs page (and heading) of the repository`, () => {
			const target = docsTarget(url);
			if ('error' in target) throw new Error(`${url}: ${target.error}`);
			const file = path.join(repo, target.file);
			expect(existsSync(file)).toBe(true);
			if (target.anchor !== undefined) expect([...anchorsOf(readFileSync(file, 'utf8'))]).toContain(target.anchor);
		});
	}
});
