import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { appointment } from '../resources/appointment';
import { drChronoApiRequest } from '../transport';
import { itemPath } from './context';
import { toId } from './fields';
import { callOptions, fileItem } from './special';

/**
 * Clinical Note > Download PDF. DrChrono shows a note's lock state and, once it is locked, the URL
 * of its PDF on the verbose appointment (`clinical_note.locked`, `clinical_note.pdf`; OpenAPI
 * `Appointment.clinical_note`). One GET of the appointment, then the file through the transport's
 * download path. A note that is missing or not locked is an error that says so, before any download.
 */
export async function downloadClinicalNotePdf(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = toId(this.getNodeParameter('appointment', itemIndex, '', { extractValue: true }));
	if (id === '') {
		throw new NodeOperationError(this.getNode(), 'The appointment is empty', {
			itemIndex,
			description: 'Choose the appointment from the list, or enter its DrChrono ID (a Clinical Note Lock event carries it as object.appointment)',
		});
	}
	const appt = await drChronoApiRequest.call(this, 'GET', itemPath(appointment, id), {
		qs: { verbose: true },
		...callOptions.call(this, appointment, 'read', itemIndex),
	});
	const note = (appt.clinical_note ?? null) as IDataObject | null;
	if (!note) {
		throw new NodeOperationError(this.getNode(), `Appointment ${String(id)} has no clinical note`, {
			itemIndex,
			description: 'DrChrono starts a note when someone writes in it during the visit. Nothing to download yet.',
		});
	}
	if (note.locked !== true) {
		throw new NodeOperationError(this.getNode(), `The clinical note of appointment ${String(id)} is not locked yet`, {
			itemIndex,
			description:
				'DrChrono makes the PDF when the doctor locks (signs) the note. Run this after a Clinical Note Lock event (DrChrono Trigger), or lock the note in DrChrono first.',
		});
	}
	if (typeof note.pdf !== 'string' || note.pdf === '') {
		throw new NodeOperationError(this.getNode(), `DrChrono has no PDF yet for the locked note of appointment ${String(id)}`, {
			itemIndex,
			description: 'The note was just locked and DrChrono is still making its PDF: try again in a minute.',
		});
	}
	const json: IDataObject = {
		appointment: appt.id,
		patient: appt.patient,
		doctor: appt.doctor,
		office: appt.office,
		scheduled_time: appt.scheduled_time,
		clinical_note: { locked: true, updated_at: note.updated_at },
	};
	return [
		await fileItem.call(this, appointment, itemIndex, note.pdf, json, {
			fileName: `clinical-note-${String(appt.id ?? id)}.pdf`,
			mimeType: 'application/pdf',
		}),
	];
}
