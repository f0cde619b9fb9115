import type { ApiObject, SandboxStore } from './store';

/** A tiny valid one-page PDF with a line of text, for seeded documents and lab reports. */
export function minimalPdf(text: string): Buffer {
	const safe = text.replace(/[\\()]/g, (c) => `\\${c}`);
	const stream = `BT /F1 18 Tf 72 720 Td (${safe}) Tj ET`;
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

/**
 * DrChrono renders a clinical note's PDF when the note is locked and shows its URL on the
 * appointment's `clinical_note.pdf` (OpenAPI `Appointment.clinical_note`). The sandbox stores a
 * one-page PDF for the note and returns that URL; unlocking drops it (the URL becomes null).
 */
export function lockedNotePdfUrl(store: SandboxStore, note: ApiObject, fileUrlPrefix: string): string {
	const file = store.putFile('clinical_notes', note.id, 'pdf', {
		filename: `clinical-note-${note.id}.pdf`,
		contentType: 'application/pdf',
		data: minimalPdf(`Clinical note ${note.id}, locked ${String(note.updated_at ?? '')}`),
	});
	return fileUrlPrefix + file.key;
}
