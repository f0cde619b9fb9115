import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { inStoreTurn } from '../store';
import { CREDENTIAL_TYPE, drChronoApiRequest, drChronoRequest } from '../transport';
import type { ResourceCall } from './call';
import { toId } from './fields';

/**
 * Patient > Add Flag. Flags live on the patient (`patient_flags_attached`, a verbose-only field) and
 * DrChrono has no call that adds one flag: a PATCH replaces the whole list. Adding a flag is
 * therefore read, merge, write, and two writers can overwrite each other.
 *
 * It cannot be made fully atomic: DrChrono offers no conditional write (no ETag / If-Match, no
 * `updated_at` check) and no append endpoint. What we do instead:
 * - executions that add flags to the same patient take turns (a lock per credential and patient),
 *   so they never interleave their read and write: in this n8n process always, and across all n8n
 *   processes when the credential's Quota Sharing is the store (a lock in the store, with an owner,
 *   an expiry and renewal; if the store cannot be used, the per-process turn and the checks below
 *   still apply);
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

export async function addPatientFlag(call: ResourceCall): Promise<INodeExecutionData[]> {
	const flagType = toId(call.param('flagType', ''));
	if (flagType === '') throw call.fail('Flag Type is required');
	const flagText = call.param('flagText', '');
	const id = call.objectId();
	const path = call.objectPath(id);
	const flag: IDataObject = { flag_type: flagType, ...(flagText ? { flag_text: flagText } : {}) };
	const isOurs = (known: Set<unknown>) => (entry: IDataObject) =>
		!known.has(entry.id) &&
		String(entry.flag_type) === String(flagType) &&
		(!flagText || entry.flag_text === flagText);
	// verbose=true: DrChrono leaves the flags out of a patient read without it.
	const read = async () =>
		await drChronoApiRequest.call(call.client, 'GET', path, { qs: { verbose: 'true' }, scope: call.scope('read') });
	const credential = call.context.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '';

	const turn = `${credential}|${String(id)}`;
	const store = call.client.store;
	// Across n8n processes too when the credential's Quota Sharing is the store.
	const busy = (waitedMs: number) =>
		call.fail(
			`Patient ${String(id)}'s flags are busy in another n8n process`,
			`Waited ${Math.round(waitedMs / 1000)} s for another n8n process to finish adding a flag to this patient. Run the item again once that workflow has finished.`,
		);
	const shared = async <T>(task: () => Promise<T>): Promise<T> =>
		store ? await inStoreTurn(store, `patient-flags:${call.client.connection.appKey}|${String(id)}`, task, busy) : await task();
	return await inTurn(turn, async () => await shared(async () => {
		for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
			const current = await read();
			const known = new Set(flagsOf(current).map((f) => f.id));
			await drChronoRequest.call(call.client, 'PATCH', path, {
				body: { patient_flags_attached: [...flagsOf(current), flag] },
				scope: call.scope('write'),
			});
			const after = await read();
			if (flagsOf(after).some(isOurs(known))) return call.output(after);
		}
		throw call.fail(
			'The flag could not be kept on the patient',
			`Another change to patient ${String(id)}'s flags overwrote the new flag ${ATTEMPTS} times. Run the item again.`,
		);
	}));
}
