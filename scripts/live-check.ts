/**
 * Live check: the same read-only calls against a real DrChrono app and against the sandbox, and a
 * comparison of the answers' SHAPES (field names, value types, nullability, page sizes, `next`
 * links). It prints names and types only, never a value, so its output can be pasted into an issue.
 *
 *   DRCHRONO_ACCESS_TOKEN=... [DRCHRONO_API_URL=https://app.drchrono.com] npm run live-check
 *
 * Read-only: current user, doctors, offices, one page of patients and of today's appointments (with
 * and without verbose), and one bulk page of patients (a bulk POST starts a read-only export job).
 * Never in CI: it needs a real app's token. docs/development.md, "Live check".
 */
import { startSandbox } from '../test/sandbox';

export interface Target {
	url: string;
	token: string;
}

/** The kinds a JSON value can have, as the comparison names them. */
type Kind = 'null' | 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

function kindOf(value: unknown): Kind {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value as Kind;
}

/** One answer reduced to its shape: per field, the kinds seen across rows. */
export interface Shape {
	status: number;
	envelope?: string[];
	rows?: number;
	next?: 'null' | 'absolute URL on the API host' | 'other host' | 'relative' | 'absent';
	fields: Record<string, Kind[]>;
}

function nextKind(next: unknown, apiUrl: string): Shape['next'] {
	if (next === undefined) return 'absent';
	if (next === null) return 'null';
	if (typeof next !== 'string') return 'relative';
	if (!/^https?:\/\//.test(next)) return 'relative';
	return new URL(next).host === new URL(apiUrl).host ? 'absolute URL on the API host' : 'other host';
}

function shapeOf(status: number, body: unknown, apiUrl: string): Shape {
	const shape: Shape = { status, fields: {} };
	if (typeof body !== 'object' || body === null) return shape;
	const record = body as Record<string, unknown>;
	let rows: unknown[] = [body];
	if (Array.isArray(record.results) || Array.isArray(record.data)) {
		shape.envelope = Object.keys(record).sort();
		rows = (record.results ?? record.data) as unknown[];
		shape.rows = rows.length;
		shape.next = nextKind(record.next, apiUrl);
	}
	for (const row of rows) {
		if (typeof row !== 'object' || row === null) continue;
		for (const [field, value] of Object.entries(row)) {
			const kinds = (shape.fields[field] ??= []);
			const kind = kindOf(value);
			if (!kinds.includes(kind)) kinds.push(kind);
		}
	}
	for (const kinds of Object.values(shape.fields)) kinds.sort();
	return shape;
}

async function call(target: Target, method: string, path: string): Promise<{ status: number; body: unknown }> {
	const res = await fetch(target.url + path, { method, headers: { Authorization: `Bearer ${target.token}` } });
	const text = await res.text();
	let body: unknown;
	try {
		body = text ? JSON.parse(text) : undefined;
	} catch {
		body = undefined;
	}
	return { status: res.status, body };
}

/** A bulk page: POST the job, poll its uuid until Complete (at most `waitMs`). */
async function bulkPage(target: Target, path: string, waitMs: number): Promise<{ status: number; body: unknown }> {
	const started = await call(target, 'POST', path);
	const uuid = (started.body as { uuid?: unknown } | undefined)?.uuid;
	if (started.status >= 300 || typeof uuid !== 'string') return started;
	const until = Date.now() + waitMs;
	for (let delay = 1000; ; delay = Math.min(delay * 2, 10_000)) {
		await new Promise((resolve) => setTimeout(resolve, delay));
		const polled = await call(target, 'GET', `${path.split('?')[0]}?uuid=${encodeURIComponent(uuid)}`);
		const status = (polled.body as { status?: unknown } | undefined)?.status;
		if (status !== 'In progress' || Date.now() > until) return polled;
	}
}

const today = (): string => new Date().toISOString().slice(0, 10);

/** The calls compared, each read-only. */
export function checks(): Array<{ name: string; run: (t: Target) => Promise<{ status: number; body: unknown }> }> {
	const get = (path: string) => (t: Target) => call(t, 'GET', path);
	return [
		{ name: 'GET /api/users/current', run: get('/api/users/current') },
		{ name: 'GET /api/doctors', run: get('/api/doctors') },
		{ name: 'GET /api/offices', run: get('/api/offices') },
		{ name: 'GET /api/offices verbose', run: get('/api/offices?verbose=true') },
		{ name: 'GET /api/patients page_size=25', run: get('/api/patients?page_size=25') },
		{ name: 'GET /api/patients verbose page_size=25', run: get('/api/patients?page_size=25&verbose=true') },
		{ name: 'GET /api/appointments today', run: (t) => call(t, 'GET', `/api/appointments?date=${today()}`) },
		{ name: 'GET /api/appointments today verbose', run: (t) => call(t, 'GET', `/api/appointments?date=${today()}&verbose=true`) },
		{ name: 'bulk /api/patients_list page 1', run: (t) => bulkPage(t, '/api/patients_list?page=1&page_size=1000&order_by=id', 120_000) },
	];
}

/** Lines describing how `real` differs from `reference`; names and types only. */
export function compareShapes(name: string, real: Shape, reference: Shape): string[] {
	const out: string[] = [];
	if (real.status !== reference.status) out.push(`${name}: status ${real.status} (sandbox ${reference.status})`);
	if (real.envelope && reference.envelope && real.envelope.join() !== reference.envelope.join()) {
		out.push(`${name}: envelope [${real.envelope.join(', ')}] (sandbox [${reference.envelope.join(', ')}])`);
	}
	if (real.next !== reference.next && real.next !== 'null' && reference.next !== 'null') out.push(`${name}: next link ${real.next} (sandbox ${reference.next})`);
	const realFields = Object.keys(real.fields);
	const refFields = Object.keys(reference.fields);
	if (realFields.length === 0 || refFields.length === 0) return out;
	const only = (a: string[], b: string[]) => a.filter((f) => !b.includes(f)).sort();
	const missing = only(realFields, refFields);
	const extra = only(refFields, realFields);
	if (missing.length) out.push(`${name}: fields DrChrono sends and the sandbox does not: ${missing.join(', ')}`);
	if (extra.length) out.push(`${name}: fields the sandbox sends and DrChrono does not: ${extra.join(', ')}`);
	for (const field of realFields.filter((f) => refFields.includes(f)).sort()) {
		// null is compared on its own line: a field null in one answer may just be unset there.
		const r = real.fields[field].filter((k) => k !== 'null');
		const s = reference.fields[field].filter((k) => k !== 'null');
		if (r.length && s.length && r.join() !== s.join()) out.push(`${name}: ${field} is ${r.join('|')} (sandbox ${s.join('|')})`);
		if (real.fields[field].includes('null') && !reference.fields[field].includes('null')) out.push(`${name}: ${field} is null in DrChrono's answer, never in the sandbox's`);
	}
	return out;
}

/** Runs every check against both targets and returns the report lines. */
export async function liveCheck(real: Target, reference: Target): Promise<string[]> {
	const lines: string[] = [];
	for (const check of checks()) {
		const [r, s] = [await check.run(real), await check.run(reference)];
		const rs = shapeOf(r.status, r.body, real.url);
		const ss = shapeOf(s.status, s.body, reference.url);
		const diffs = compareShapes(check.name, rs, ss);
		const rows = rs.rows === undefined ? '' : `, ${rs.rows} rows (sandbox ${ss.rows ?? '-'})`;
		lines.push(`${diffs.length ? 'DIFF' : 'same'}  ${check.name}: ${Object.keys(rs.fields).length} fields${rows}`);
		lines.push(...diffs.map((d) => `      ${d}`));
	}
	return lines;
}

async function main(): Promise<void> {
	const token = process.env.DRCHRONO_ACCESS_TOKEN;
	if (!token) {
		console.error('Set DRCHRONO_ACCESS_TOKEN to an access token of your DrChrono app (read scopes: user, patients, calendar, clinical).');
		process.exitCode = 2;
		return;
	}
	const real: Target = { url: (process.env.DRCHRONO_API_URL ?? 'https://app.drchrono.com').replace(/\/+$/, ''), token };
	const sandbox = await startSandbox({ quiet: true, patients: 60 });
	try {
		const lines = await liveCheck(real, { url: sandbox.url, token: sandbox.issueToken().access_token });
		console.log(lines.join('\n'));
	} finally {
		await sandbox.close();
	}
}

if (require.main === module) void main();
