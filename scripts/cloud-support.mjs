#!/usr/bin/env node
// n8n Cloud eligibility, as n8n's own CLI reports it.
//
//   npm run cloud-support
//
// Runs `n8n-node cloud-support` (@n8n/node-cli, a dev dependency) and fails unless it reports the
// package eligible. The command reads two things only, offline: `"strict": true` in package.json's
// `n8n` block, and an eslint.config.mjs that is exactly n8n's default
// (`import { config } from '@n8n/node-cli/eslint'; export default config;`). The command itself
// always exits 0, so the verdict is read from its output. Its "(if lint passes)" is `npm run lint`,
// which lints what is published (nodes/, credentials/, package.json) with that default config.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repo, 'node_modules', '.bin', 'n8n-node');

const r = spawnSync(cli, ['cloud-support'], {
	cwd: repo,
	encoding: 'utf8',
	env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
});
const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
// Status lines only, without the list of commands the CLI prints after them.
const status = output
	.split('\n')
	.filter((line) => /Cloud support is|Strict mode:|ESLint config:|Status:/.test(line))
	.join('\n');
process.stdout.write(`${status || output}\n`);

if (r.status !== 0 || !/Status: eligible for n8n Cloud/.test(output)) {
	process.stderr.write(
		'n8n-node cloud-support does not report the package eligible for n8n Cloud: package.json needs ' +
			'"n8n": { "strict": true } and eslint.config.mjs must be n8n\'s default config unchanged.\n',
	);
	process.exit(1);
}
