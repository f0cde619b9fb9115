/**
 * Files in and out: document upload (multipart) and download (binary data), message attachments,
 * amendments and lab documents, through n8n's binary data helpers.
 */
import { randomBytes } from 'node:crypto';

import type { Sandbox } from '../sandbox';
import { fileItem, rl, run, startNodeSandbox, totalCalls } from './helpers';

describe('files', () => {
	let sandbox: Sandbox;
	let doctor: number;
	let patient: number;

	beforeAll(async () => {
		sandbox = await startNodeSandbox();
		doctor = sandbox.store.collection('doctors').all()[0].id;
		patient = sandbox.store.collection('patients').all()[0].id;
	});
	afterAll(async () => sandbox.close());

	/** Bytes that break naive text handling: every byte value, CRLFs and a fake boundary. */
	const awkwardBytes = () =>
		Buffer.concat([
			Buffer.from('%PDF-1.7\r\n--boundary\r\n'),
			Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
			randomBytes(64 * 1024),
		]);

	const uploadDocument = async (bytes: Buffer, fileName: string, mimeType: string) =>
		await run(
			sandbox,
			{
				resource: 'document',
				operation: 'create',
				binaryPropertyName: 'scan',
				doctor: rl(doctor),
				patient: rl(patient),
				date: '2026-06-01',
				description: 'Outside records',
				additionalFields: { metatags: 'Records, Outside' },
			},
			{ items: [fileItem(bytes, fileName, mimeType, 'scan')] },
		);

	it('uploads a document as multipart and downloads it byte-identical as binary data', async () => {
		const bytes = awkwardBytes();
		const uploaded = await uploadDocument(bytes, 'outside records.pdf', 'application/pdf');
		expect(uploaded.error).toBeUndefined();
		const id = uploaded.items[0].json.id as number;

		const stored = sandbox.store.collection('documents').get(id)!;
		expect(stored).toMatchObject({ doctor, patient, date: '2026-06-01', description: 'Outside records', metatags: ['Records', 'Outside'] });
		expect(sandbox.store.documentBytes(id)!.equals(bytes)).toBe(true);
		expect(sandbox.store.fileOf('documents', id, 'document')).toMatchObject({
			filename: 'outside records.pdf',
			contentType: 'application/pdf',
		});

		const downloaded = await run(sandbox, {
			resource: 'document',
			operation: 'download',
			id: rl(id),
			binaryPropertyName: 'file',
		});
		expect(downloaded.error).toBeUndefined();
		const item = downloaded.items[0];
		expect(item.json).toMatchObject({ id, description: 'Outside records' });
		expect(item.pairedItem).toEqual({ item: 0 });
		const binary = item.binary!.file;
		expect(binary.mimeType).toBe('application/pdf');
		expect(binary.fileName).toBe('outside records.pdf');
		expect(Buffer.from(binary.data, 'base64').equals(bytes)).toBe(true);
	});

	it('keeps an image’s type through the round trip', async () => {
		const png = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(2048)]);
		const uploaded = await uploadDocument(png, 'insurance-card.png', 'image/png');
		const id = uploaded.items[0].json.id as number;
		const downloaded = await run(sandbox, { resource: 'document', operation: 'download', id: rl(id), binaryPropertyName: 'data' });
		const binary = downloaded.items[0].binary!.data;
		expect(binary.mimeType).toBe('image/png');
		expect(Buffer.from(binary.data, 'base64').equals(png)).toBe(true);
	});

	it('downloads a seeded document: one API call for the object, then its file URL', async () => {
		const seeded = sandbox.store.collection('documents').all()[0];
		const before = totalCalls(sandbox);
		const downloaded = await run(sandbox, { resource: 'document', operation: 'download', id: rl(seeded.id), binaryPropertyName: 'data' });
		expect(downloaded.error).toBeUndefined();
		expect(totalCalls(sandbox) - before).toBe(1);
		expect(sandbox.stats().callsByPath['GET /api/documents/{id}']).toBeGreaterThan(0);
		const binary = downloaded.items[0].binary!.data;
		expect(Buffer.from(binary.data, 'base64').equals(sandbox.store.documentBytes(seeded.id)!)).toBe(true);
	});

	it('fails before any call when the input item has no such binary field, naming it', async () => {
		const before = totalCalls(sandbox);
		const result = await run(
			sandbox,
			{
				resource: 'document',
				operation: 'create',
				binaryPropertyName: 'missing',
				doctor: rl(doctor),
				patient: rl(patient),
				date: '2026-06-01',
				description: 'Nothing attached',
			},
			{ items: [fileItem(Buffer.from('x'), 'x.pdf', 'application/pdf', 'data')] },
		);
		expect(result.error?.message).toContain('missing');
		expect(totalCalls(sandbox)).toBe(before);
	});

	it('sends a message with an attachment as multipart, and without one as JSON', async () => {
		const bytes = awkwardBytes();
		const withFile = await run(
			sandbox,
			{
				resource: 'message',
				operation: 'create',
				doctor: rl(doctor),
				title: 'Referral with records',
				additionalFields: { type: 'OR', patient: rl(patient), attachment: 'data' },
			},
			{ items: [fileItem(bytes, 'records.pdf', 'application/pdf')] },
		);
		expect(withFile.error).toBeUndefined();
		const id = withFile.items[0].json.id as number;
		expect(sandbox.store.collection('messages').get(id)).toMatchObject({ title: 'Referral with records', type: 'OR', patient });
		expect(sandbox.store.fileOf('messages', id, 'attachment')!.data.equals(bytes)).toBe(true);
		expect(String(withFile.items[0].json.attachment)).toContain('records.pdf');

		const plain = await run(sandbox, { resource: 'message', operation: 'create', doctor: rl(doctor), title: 'No attachment' });
		expect(plain.error).toBeUndefined();
		const plainId = plain.items[0].json.id as number;
		expect(sandbox.store.fileOf('messages', plainId, 'attachment')).toBeUndefined();
		expect(sandbox.store.collection('messages').get(plainId)?.attachment ?? null).toBeNull();
	});

	it('creates an amendment with its PDF and downloads it again', async () => {
		const bytes = awkwardBytes();
		const created = await run(
			sandbox,
			{
				resource: 'amendment',
				operation: 'create',
				patient: rl(patient),
				doctor: rl(doctor),
				amendment_name: 'Address correction',
				binaryPropertyName: 'data',
			},
			{ items: [fileItem(bytes, 'amendment.pdf', 'application/pdf')] },
		);
		expect(created.error).toBeUndefined();
		const id = created.items[0].json.id as number;
		expect(sandbox.store.fileOf('amendments', id, 'amendment_file')!.data.equals(bytes)).toBe(true);

		const downloaded = await run(sandbox, { resource: 'amendment', operation: 'download', id: rl(id), binaryPropertyName: 'data' });
		expect(downloaded.error).toBeUndefined();
		expect(Buffer.from(downloaded.items[0].binary!.data.data, 'base64').equals(bytes)).toBe(true);
	});

	it('uploads a lab document and downloads it again', async () => {
		const labOrder = sandbox.store.collection('lab_orders').all()[0].id;
		const bytes = awkwardBytes();
		const created = await run(
			sandbox,
			{ resource: 'labDocument', operation: 'create', lab_order: labOrder, binaryPropertyName: 'data', type: 'RES' },
			{ items: [fileItem(bytes, 'results.pdf', 'application/pdf')] },
		);
		expect(created.error).toBeUndefined();
		const id = created.items[0].json.id as number;
		expect(sandbox.store.fileOf('lab_documents', id, 'document')!.data.equals(bytes)).toBe(true);

		const downloaded = await run(sandbox, { resource: 'labDocument', operation: 'download', id: rl(id), binaryPropertyName: 'data' });
		expect(Buffer.from(downloaded.items[0].binary!.data.data, 'base64').equals(bytes)).toBe(true);
	});

	it('uploads one document per input item, each with its own file, in order', async () => {
		const files = [awkwardBytes(), awkwardBytes(), awkwardBytes()];
		const result = await run(
			sandbox,
			{
				resource: 'document',
				operation: 'create',
				binaryPropertyName: 'data',
				doctor: rl(doctor),
				patient: rl(patient),
				date: '2026-06-02',
				description: '={{ "Page " + $json.page }}',
			},
			{ items: files.map((bytes, page) => ({ ...fileItem(bytes, `page-${page}.pdf`, 'application/pdf'), json: { page } })) },
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		result.items.forEach((item, page) => {
			const id = item.json.id as number;
			expect(sandbox.store.collection('documents').get(id)?.description).toBe(`Page ${page}`);
			expect(sandbox.store.documentBytes(id)!.equals(files[page])).toBe(true);
		});
	});
});
