/**
 * Every relative link and #anchor in README.md and docs/*.md leads somewhere: the file exists and
 * the anchor is a heading of that file, as GitHub (and npm, which rewrites relative links to the
 * repository) renders it. Images must exist too.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

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
