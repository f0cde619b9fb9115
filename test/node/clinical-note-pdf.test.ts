/**
 * Clinical Note > Download PDF: the locked note's PDF of an appointment as n8n binary data, bytes
 * unchanged; a missing or unlocked note is an error that says so, with no download attempted.
 */
import type { Sandbox } from '../sandbox';
import { rl, run, startNodeSandbox, totalCalls } from './helpers';

describe('clinical note PDF', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startNodeSandbox();
	});
	afterAll(async () => sandbox.close());

	const control = async (path: string) => {
		const response = await fetch(`${sandbox.url}/_sandbox/${path}`, { method: 'POST' });
		expect(response.status).toBe(200);
	};
	/** An appointment that has no clinical note yet (a future visit). */
	const appointmentWithoutNote = () => {
		const notes = sandbox.store.collection('clinical_notes');
		const appt = sandbox.store.collection('appointments').all().find((a) => !notes.has(a.id) && !a.clinical_note);
		if (!appt) throw new Error('the sandbox has no appointment without a note');
		return appt;
	};
	const downloadPdf = async (id: number | string, options: { continueOnFail?: boolean } = {}) =>
		await run(sandbox, { resource: 'clinicalNote', operation: 'downloadPdf', appointment: rl(id), binaryPropertyName: 'note' }, options);

	it('downloads the locked note’s PDF byte for byte as binary data', async () => {
		const appt = appointmentWithoutNote();
		await control(`clinical_notes/${appt.id}/lock`);
		const stored = sandbox.store.fileOf('clinical_notes', appt.id, 'pdf');
		expect(stored?.data.subarray(0, 5).toString()).toBe('%PDF-');

		const result = await downloadPdf(appt.id);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const item = result.items[0];
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.json).toMatchObject({ appointment: String(appt.id), patient: appt.patient, doctor: appt.doctor, clinical_note: { locked: true } });
		const binary = item.binary!.note;
		expect(binary.mimeType).toBe('application/pdf');
		expect(binary.fileName).toBe(`clinical-note-${appt.id}.pdf`);
		expect(Buffer.from(binary.data, 'base64').equals(stored!.data)).toBe(true);
	});

	it('says the note is not locked, and downloads nothing, when it was unlocked', async () => {
		const appt = appointmentWithoutNote();
		await control(`clinical_notes/${appt.id}/lock`);
		await control(`clinical_notes/${appt.id}/unlock`);
		const before = totalCalls(sandbox);
		const result = await downloadPdf(appt.id);
		expect(result.error?.message).toBe(`The clinical note of appointment ${appt.id} is not locked yet`);
		expect(result.error?.description).toMatch(/locks \(signs\) the note/);
		// Only the appointment was read.
		expect(totalCalls(sandbox) - before).toBe(1);
	});

	it('says an appointment without a note has nothing to download', async () => {
		const appt = appointmentWithoutNote();
		const result = await downloadPdf(appt.id, { continueOnFail: true });
		expect(result.items[0].json.error).toBe(`Appointment ${appt.id} has no clinical note`);
		expect(result.items[0].binary).toBeUndefined();
	});

	it('asks for an appointment before any call when the expression gives none', async () => {
		const before = totalCalls(sandbox);
		const result = await downloadPdf('={{ $json.object?.appointment ?? "" }}');
		expect(result.error?.message).toBe('The appointment is empty');
		expect(totalCalls(sandbox)).toBe(before);
	});

	it('refuses an appointment id DrChrono could not have issued (a dot segment) before any call', async () => {
		const before = totalCalls(sandbox);
		// From an expression (an AI agent's $fromAI, a delivery field): n8n's own locator check does not run.
		const result = await downloadPdf('={{ ".." }}');
		expect(result.error?.message).toBe('Appointment ID must be a DrChrono ID (digits, or letters, digits, - and _), not ".."');
		expect(totalCalls(sandbox)).toBe(before);
	});
});
