import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ResourceSpec } from '../resources/types';
import { drChronoRequest } from '../transport';
import { itemPath } from './context';
import { toId } from './fields';
import { objectId } from './operations';
import { callOptions, getObject, outputItem } from './special';

/**
 * Patient > Add Flag. Flags live on the patient (`patient_flags_attached`, a verbose-only field) and
 * DrChrono has no call that adds one flag: a PATCH replaces the whole list. Adding a flag is
 * therefore read, merge, write, and two writers can overwrite each other.
 *
 * It cannot be made fully atomic: DrChrono offers no conditional write (no ETag / If-Match, no
 * `updated_at` check) and no append endpoint. What we do instead:
 * - executions in this n8n process that add flags to the same patient take turns (a lock per
 *   credential and patient), so they never interleave their read and write;
 * - the read happens right before the write, and after the write the patient is read again: if
 *   the new flag is not there (another system or n8n process wrote in between), the flag is merged
 *   into the list as it is now and written again, up to three times.
 * A flag added by another system between our read and our write can still be dropped by our write;
 * that writer sees it only if it checks as we do.
 */
const ATTEMPTS = 3;

const queues = new Map<string, Promise<unknown>>();

/** Runs `task` after every earlier task with the same key has finished (in this process). */
export async function inTurn<T>(key: string, task: () => Promise<T>): Promise<T> {
	const before = queues.get(key) ?? Promise.resolve();
	const run = before.then(task, task);
	const settled = run.then(
		() => undefined,
		() => undefined,
	);
	queues.set(key, settled);
	try {
		return await run;
	} finally {
		if (queues.get(key) === settled) queues.delete(key);
	}
}

const flagsOf = (patient: IDataObject): IDataObject[] =>
	Array.isArray(patient.patient_flags_attached) ? (patient.patient_flags_attached as IDataObject[]) : [];

export async function addPatientFlag(
	this: IExecuteFunctions,
	spec: ResourceSpec,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const flagType = toId(this.getNodeParameter('flagType', itemIndex, ''));
	if (flagType === '') {
		throw new NodeOperationError(this.getNode(), 'Flag Type is required', { itemIndex });
	}
	const flagText = this.getNodeParameter('flagText', itemIndex, '') as string;
	const id = objectId.call(this, itemIndex);
	const flag: IDataObject = { flag_type: flagType, ...(flagText ? { flag_text: flagText } : {}) };
	const isOurs = (known: Set<unknown>) => (entry: IDataObject) =>
		!known.has(entry.id) &&
		String(entry.flag_type) === String(flagType) &&
		(!flagText || entry.flag_text === flagText);
	// verbose=true: DrChrono leaves the flags out of a patient read without it.
	const read = async () => await getObject.call(this, spec, itemIndex, { verbose: 'true' });
	const credential = this.getNode().credentials?.drChronoOAuth2Api?.id ?? '';

	return await inTurn(`${credential}|${String(id)}`, async () => {
		for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
			const current = await read();
			const known = new Set(flagsOf(current).map((f) => f.id));
			await drChronoRequest.call(this, 'PATCH', itemPath(spec, id), {
				body: { patient_flags_attached: [...flagsOf(current), flag] },
				...callOptions.call(this, spec, 'write', itemIndex),
			});
			const after = await read();
			if (flagsOf(after).some(isOurs(known))) return [outputItem(after, itemIndex)];
		}
		throw new NodeOperationError(this.getNode(), 'The flag could not be kept on the patient', {
			itemIndex,
			description: `Another change to patient ${String(id)}'s flags overwrote the new flag ${ATTEMPTS} times. Run the item again.`,
		});
	});
}
