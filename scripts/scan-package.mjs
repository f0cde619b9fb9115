#!/usr/bin/env node
// n8n's community-package scan, offline, on what `npm publish` would ship.
//
//   npm run build && npm run scan
//
// `npx @n8n/scan-community-package <name>` downloads a published package from npm, lints its tarball
// with n8n's rules, then fetches the source its provenance statement names from GitHub and lints
// that too. Before a release neither download exists, so this script runs the same analysis
// (`analyzePackage` of @n8n/scan-community-package, same ESLint config) on
//   1. the unpacked `npm pack` tarball (the tarball leg: every .js/.json file), and
//   2. this checkout's package.json, nodes/ and credentials/ (the source leg, SOURCE_FILE_PATTERNS),
// and adds the rule n8n's recommended set gained after the released plugin
// (`no-codex-subcategories`: a codex file may carry `subcategories` only for a node that imports
// @n8n/ai-node-sdk), checked on the tarball's codex files.
// Exits 1 with the findings when any check fails. Needs only the local node_modules.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-scan-'));
const failures = [];

function run(cmd, args, cwd) {
	const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
	if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
	return r.stdout;
}

/** Codex files (`*.node.json`) below dir whose `subcategories` n8n's rule refuses. */
export function codexSubcategoryFindings(dir) {
	const findings = [];
	const walk = (d) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, e.name);
			if (e.isDirectory() && e.name !== 'node_modules') walk(p);
			else if (e.name.endsWith('.node.json')) {
				const codex = JSON.parse(fs.readFileSync(p, 'utf8'));
				if (!('subcategories' in codex)) continue;
				const node = p.replace(/\.json$/, '.js');
				const usesAiSdk = fs.existsSync(node) && /@n8n\/ai-node-sdk/.test(fs.readFileSync(node, 'utf8'));
				if (!usesAiSdk) findings.push(`${path.relative(dir, p)}: codex.subcategories is not allowed unless the node is built with @n8n/ai-node-sdk`);
			}
		}
	};
	walk(dir);
	return findings;
}

try {
	if (!fs.existsSync(path.join(repo, 'dist'))) throw new Error('dist/ is missing: run npm run build first');
	const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tmp], repo));
	const packageDir = path.join(tmp, 'package');
	fs.mkdirSync(packageDir);
	run('tar', ['-xzf', path.join(tmp, path.basename(filename)), '-C', packageDir, '--strip-components=1'], tmp);

	for (const [leg, dir, patterns] of [
		['packed tarball', packageDir, undefined],
		['source', repo, SOURCE_FILE_PATTERNS],
	]) {
		const result = await analyzePackage(dir, patterns);
		process.stdout.write(`${result.passed ? 'passed' : 'FAILED'}: n8n's scanner rules on the ${leg}${result.passed ? '' : `: ${result.message}`}\n`);
		if (!result.passed) failures.push(`${leg}: ${result.message}\n${result.details ?? ''}`);
	}
	const codex = codexSubcategoryFindings(packageDir);
	process.stdout.write(`${codex.length ? 'FAILED' : 'passed'}: no-codex-subcategories on the packed tarball\n`);
	if (codex.length) failures.push(codex.join('\n'));
} catch (e) {
	failures.push(String(e?.stack ?? e));
} finally {
	fs.rmSync(tmp, { recursive: true, force: true });
}
if (failures.length) {
	process.stderr.write(`\n${failures.join('\n\n')}\n`);
	process.exit(1);
}
