import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

test('the CLI prints URL, credentials and a token, serves, and stops cleanly on SIGINT', async () => {
	const child = spawn(process.execPath, ['--import', 'tsx', 'test/sandbox/cli.ts', '--port', '0', '--patients', '10', '--json'], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	try {
		const firstLine = await new Promise<string>((resolve, reject) => {
			let out = '';
			let err = '';
			child.stdout.on('data', (c: Buffer) => {
				out += c.toString();
				const nl = out.indexOf('\n');
				if (nl >= 0) resolve(out.slice(0, nl));
			});
			child.stderr.on('data', (c: Buffer) => (err += c.toString()));
			child.on('exit', (code) => reject(new Error(`cli exited early (${code}): ${err}`)));
		});
		const info = JSON.parse(firstLine) as { url: string; clientId: string; clientSecret: string; accessToken: string };
		expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(info.clientId).toBe('sandbox-client-id');
		expect(info.clientSecret).toBe('sandbox-client-secret');
		const res = await fetch(`${info.url}/api/users/current`, { headers: { Authorization: `Bearer ${info.accessToken}` }, redirect: 'manual' });
		expect(res.status).toBe(302);

		const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
		child.kill('SIGINT');
		expect(await exit).toBe(0);
	} finally {
		if (child.exitCode === null) child.kill('SIGKILL');
	}
}, 30_000);
