import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { appointment } from '../resources/appointment';
import { scopeFor } from '../resources/scopes';
import { pathIdProblem } from '../shared/pathIds';
import { drChronoApiRequest } from '../transport';
import type { ResourceCall } from './call';
import { fileItems } from './download';
import { toId } from './fields';

/**
 * Clinical Note > Download PDF. DrChrono shows a note's lock state and, once it is locked, the URL
 * of its PDF on the verbose appointment (`clinical_note.locked`, `clinical_note.pdf`; OpenAPI
 * `Appointment.clinical_note`). One GET of the appointment, then the file through the transport's
 * download path. A note that is missing or not locked is an error that says so, before any download.
 */
export async function downloadClinicalNotePdf(call: ResourceCall): Promise<INodeExecutionData[]> {
	const id = toId(call.context.getNodeParameter('appointment', call.itemIndex, '', { extractValue: true }));
	if (id === '') {
		throw call.fail(
			'The appointment is empty',
			'Choose the appointment from the list, or enter its DrChrono ID (a Clinical Note Lock event carries it as object.appointment)',
		);
	}
	// An id goes into the path only if DrChrono could have issued it (no `.` or `..`: shared/pathIds.ts).
	const problem = pathIdProblem('Appointment ID', id);
	if (problem) throw call.fail(problem);
	// Reading the appointment needs the appointment's scopes (calendar and clinical).
	const scope = scopeFor(appointment, 'read');
	const appt = await drChronoApiRequest.call(call.client, 'GET', `${appointment.path}/${id}`, {
		qs: { verbose: true },
		scope,
	});
	const note = (appt.clinical_note ?? null) as IDataObject | null;
	if (!note) {
		throw call.fail(
			`Appointment ${String(id)} has no clinical note`,
			'DrChrono starts a note when someone writes in it during the visit. Nothing to download yet.',
		);
	}
	if (note.locked !== true) {
		throw call.fail(
			`The clinical note of appointment ${String(id)} is not locked yet`,
			'DrChrono makes the PDF when the doctor locks (signs) the note. Run this after a Clinical Note Lock event (DrChrono Trigger), or lock the note in DrChrono first.',
		);
	}
	if (typeof note.pdf !== 'string' || note.pdf === '') {
		throw call.fail(
			`DrChrono has no PDF yet for the locked note of appointment ${String(id)}`,
			'The note was just locked and DrChrono is still making its PDF: try again in a minute.',
		);
	}
	const json: IDataObject = {
		appointment: appt.id,
		patient: appt.patient,
		doctor: appt.doctor,
		office: appt.office,
		scheduled_time: appt.scheduled_time,
		clinical_note: { locked: true, updated_at: note.updated_at },
	};
	return await fileItems(call, note.pdf, json, {
		fileName: `clinical-note-${String(appt.id ?? id)}.pdf`,
		mimeType: 'application/pdf',
		scope,
	});
}
