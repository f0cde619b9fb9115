import { randomBytes } from 'node:crypto';
import { startSandbox, type Sandbox } from '../index';
import { parseMultipart } from '../multipart';
import { call } from './helpers';

let sb: Sandbox;
let token: string;
let doctor: number;
let patient: number;

beforeAll(async () => {
	sb = await startSandbox({ quiet: true, patients: 5 });
	token = sb.issueToken().access_token;
	doctor = sb.store.meta.primaryDoctorId;
	patient = sb.store.collection('patients').all()[0].id;
});
afterAll(() => sb.close());

function documentForm(bytes: Buffer, filename = 'scan.pdf', type = 'application/pdf'): FormData {
	const form = new FormData();
	form.set('doctor', String(doctor));
	form.set('patient', String(patient));
	form.set('date', '2026-11-01');
	form.set('description', 'Insurance card scan');
	form.set('metatags', JSON.stringify(['insurance', 'card']));
	form.set('document', new Blob([bytes], { type }), filename);
	return form;
}

test('multipart upload (201) with a download URL that serves the same bytes and content type', async () => {
	const bytes = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(200_000), Buffer.from('\r\n--boundary-lookalike\r\n')]);
	const res = await call(sb, token, 'POST', '/api/documents', documentForm(bytes));
	expect(res.status).toBe(201);
	expect(res.body).toMatchObject({ doctor, patient, date: '2026-11-01', description: 'Insurance card scan', metatags: '["insurance","card"]' });
	expect(res.body.document).toMatch(new RegExp(`^${sb.url}/_sandbox/files/`));

	const download = await fetch(res.body.document);
	expect(download.status).toBe(200);
	expect(download.headers.get('content-type')).toBe('application/pdf');
	expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
	expect(sb.store.documentBytes(res.body.id)!.equals(bytes)).toBe(true);

	const got = await call(sb, token, 'GET', `/api/documents/${res.body.id}`);
	expect(got.body.document).toBe(res.body.document);
});

test('the file field is required and must be a file', async () => {
	const missing = await call(sb, token, 'POST', '/api/documents', { doctor, patient, date: '2026-11-01', description: 'x' });
	expect(missing.status).toBe(400);
	expect(missing.body.document).toEqual([expect.any(String)]);
	const notAFile = await call(sb, token, 'POST', '/api/documents', { doctor, patient, date: '2026-11-01', description: 'x', document: 'aGVsbG8=' });
	expect(notAFile.body.document).toEqual(['The submitted data was not a file. Check the encoding type on the form.']);
	const form = documentForm(Buffer.from('x'));
	form.set('metatags', 'not json');
	expect((await call(sb, token, 'POST', '/api/documents', form)).body).toEqual({ metatags: ['Value must be valid JSON.'] });
});

test('PATCH replaces the file; DELETE archives (still readable by id, hidden from lists)', async () => {
	const created = (await call(sb, token, 'POST', '/api/documents', documentForm(Buffer.from('first')))).body;
	const form = new FormData();
	form.set('document', new Blob([Buffer.from('second version')], { type: 'text/plain' }), 'v2.txt');
	expect((await call(sb, token, 'PATCH', `/api/documents/${created.id}`, form)).status).toBe(204);
	const after = (await call(sb, token, 'GET', `/api/documents/${created.id}`)).body;
	expect(await (await fetch(after.document)).text()).toBe('second version');
	// a PUT without a new file keeps the stored one
	expect((await call(sb, token, 'PUT', `/api/documents/${created.id}`, { doctor, patient, date: '2026-11-02', description: 'renamed' })).status).toBe(204);
	expect(sb.store.documentBytes(created.id)!.toString()).toBe('second version');

	expect((await call(sb, token, 'DELETE', `/api/documents/${created.id}`)).status).toBe(204);
	expect((await call(sb, token, 'GET', `/api/documents/${created.id}`)).body.archived).toBe(true);
	const list = await call(sb, token, 'GET', `/api/documents?patient=${patient}`);
	expect(list.body.results.map((d: { id: number }) => d.id)).not.toContain(created.id);
});

test('seeded documents have downloadable PDFs', async () => {
	const docs = (await call(sb, token, 'GET', '/api/documents')).body.results;
	expect(docs.length).toBeGreaterThan(0);
	const res = await fetch(docs[0].document);
	expect(res.headers.get('content-type')).toBe('application/pdf');
	expect((await res.text()).startsWith('%PDF-')).toBe(true);
});

test('messages take a multipart attachment; amendments need their file', async () => {
	const form = new FormData();
	form.set('doctor', String(doctor));
	form.set('title', 'Fax received');
	form.set('attachment', new Blob([Buffer.from('fax bytes')], { type: 'image/tiff' }), 'fax.tif');
	const msg = await call(sb, token, 'POST', '/api/messages', form);
	expect(msg.status).toBe(201);
	expect(await (await fetch(msg.body.attachment)).text()).toBe('fax bytes');
	const amendment = await call(sb, token, 'POST', '/api/amendments', { patient, doctor, amendment_name: 'Correction' });
	expect(amendment.status).toBe(400);
	expect(amendment.body.amendment_file).toBeDefined();
});

describe('multipart parser', () => {
	test('fields, repeated fields, files with binary content and quoted names', () => {
		const boundary = 'XyZ';
		const bin = Buffer.from([0, 1, 2, 13, 10, 45, 45, 255]);
		const body = Buffer.concat([
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n`),
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="a"\r\n\r\n2\r\n`),
			Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="f"; filename="my \\"file\\".bin"\r\nContent-Type: application/octet-stream\r\n\r\n`),
			bin,
			Buffer.from(`\r\n--${boundary}--\r\n`),
		]);
		const parsed = parseMultipart(body, boundary);
		expect(parsed.fields).toEqual({ a: ['1', '2'] });
		expect(parsed.files.f.filename).toBe('my "file".bin');
		expect(parsed.files.f.data.equals(bin)).toBe(true);
	});

	test('a truncated body is an error', () => {
		expect(() => parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nno end'), 'b')).toThrow();
	});
});
