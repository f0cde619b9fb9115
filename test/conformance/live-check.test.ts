/**
 * The live check (scripts/live-check.ts) run with the sandbox standing in for real DrChrono: against
 * itself it reports no difference; against a deliberately different stand-in (a proxy that renames,
 * adds and retypes fields) it names each difference, and its report holds no value from the data.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { liveCheck } from '../../scripts/live-check';
import { addAppointmentsOn, startSandbox, type Sandbox } from '../sandbox';

let sandbox: Sandbox;
let reference: Sandbox;

beforeAll(async () => {
	sandbox = await startSandbox({ quiet: true, patients: 60 });
	reference = await startSandbox({ quiet: true, patients: 60 });
	// Today's appointments are one of the calls: have some, whatever the weekday.
	const today = new Date().toISOString().slice(0, 10);
	for (const sb of [sandbox, reference]) addAppointmentsOn(sb.store, today, 5);
});
afterAll(async () => {
	await sandbox.close();
	await reference.close();
});

const target = (sb: Sandbox) => ({ url: sb.url, token: sb.issueToken().access_token });

/** A stand-in that answers like the sandbox, with a few shapes changed the way a drifted DrChrono might. */
async function differentStandIn(upstream: Sandbox): Promise<{ url: string; close: () => Promise<void> }> {
	const server = http.createServer(async (req, res) => {
		const answer = await fetch(upstream.url + req.url, { method: req.method, headers: { authorization: String(req.headers.authorization ?? '') }, redirect: 'follow' });
		const text = await answer.text();
		let body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
		try {
			body = JSON.parse(text);
		} catch {
			res.writeHead(answer.status);
			res.end(text);
			return;
		}
		const rows = Array.isArray(body?.results) ? body.results : [body];
		for (const row of rows) {
			if (!row || typeof row !== 'object') continue;
			if ('first_name' in row && 'chart_id' in row) {
				row.archived = false; // a field the sandbox does not send
				delete row.nick_name; // one it sends and this DrChrono does not
			}
			if ('scheduled_time' in row && typeof row.id === 'string') row.id = Number(row.id); // a retyped id
		}
		res.writeHead(answer.status, { 'content-type': 'application/json' });
		res.end(JSON.stringify(body));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

test('against the sandbox itself: every call has the same shape', async () => {
	const lines = await liveCheck(target(sandbox), target(reference));
	expect(lines.filter((l) => l.startsWith('DIFF'))).toEqual([]);
	expect(lines.filter((l) => l.startsWith('same'))).toHaveLength(9);
}, 120_000);

test('against a different stand-in: each difference is named, and no value is printed', async () => {
	const standIn = await differentStandIn(sandbox);
	try {
		const lines = await liveCheck({ url: standIn.url, token: sandbox.issueToken().access_token }, target(reference));
		const report = lines.join('\n');
		expect(report).toMatch(/GET \/api\/patients page_size=25: fields DrChrono sends and the sandbox does not: archived/);
		expect(report).toMatch(/GET \/api\/patients page_size=25: fields the sandbox sends and DrChrono does not: nick_name/);
		expect(report).toMatch(/GET \/api\/appointments today: id is integer \(sandbox string\)/);
		// Names and types only: no patient's name, no id, no timestamp.
		const names = sandbox.store.collection('patients').all().flatMap((p) => [String(p.first_name), String(p.last_name)]);
		for (const name of names) expect(report).not.toContain(name);
		expect(report).not.toMatch(/\d{5,}/);
	} finally {
		await standIn.close();
	}
}, 120_000);
