import { spawnSync } from 'child_process';

import { REPO_ROOT } from '../test/e2e/lib/drchrono';
import type { N8nLine } from '../test/e2e/lib/n8n';

/**
 * The command line the screenshot scripts share: `--line 1|2` (default 1), and a build of the
 * package first unless `--no-build`.
 */
export function prepareScreenshotRun(argv: string[], step: (msg: string) => void): N8nLine {
	const line = (argv.includes('--line') ? argv[argv.indexOf('--line') + 1] : '1') as N8nLine;
	if (!argv.includes('--no-build')) {
		step('building the package ...');
		const r = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
		if (r.status !== 0) throw new Error('npm run build failed');
	}
	return line;
}
