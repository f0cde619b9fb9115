import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { NO_WAIT_POLICY } from '../quota';
import { resources } from '../resources';
import { pathId } from '../shared/pathIds';
import { CREDENTIAL_TYPE, DrChronoClient, drChronoApiRequest } from '../transport';
import type { ClientSettings } from '../transport';
import type { CurrentObjectSource } from './events';
import type { AccountRead } from './sharedStore';

/**
 * DrChrono waits for the webhook's answer, and the answer waits for this look-up: so no wait for
 * quota (with no call left now, the delivered object is used), no retries, and a short timeout of
 * its own instead of the action node's two minutes. A slow look-up gives up and the delivery runs
 * with the delivered object and a fetchError.
 */
export const CURRENT_OBJECT_LOOKUP: ClientSettings = { quota: NO_WAIT_POLICY, timeoutMs: 10_000, retry: false };

export type CurrentObjectResult =
	| { fetched: true; object: IDataObject }
	| { fetched: false; error?: string; deleted?: boolean };

/** DrChrono's deletion events (APPOINTMENT_DELETE, TASK_DELETE, ...): the object is gone for good. */
export function isDeleteEvent(event: string | undefined): boolean {
	return typeof event === 'string' && /_DELETE$/.test(event);
}

/**
 * Whether the look-up reads with verbose=true: where the resource has verbose-only fields (an
 * appointment's status_transitions, a patient's insurances, an allergy's description), DrChrono
 * leaves them out of a plain GET, and "the current object" would lack fields the delivery had.
 */
function readsVerbose(source: CurrentObjectSource): boolean {
	if (source.pickFrom) return true;
	const spec = resources.find((r) => r.path !== '' && source.path.startsWith(`${r.path}/`));
	return (spec?.verboseFields?.length ?? 0) > 0;
}

/** Fills `{field}` / `{a|b}` placeholders from the delivered object; undefined if one is missing or not an id. */
export function resolvePath(template: string, delivered: IDataObject): string | undefined {
	let missing = false;
	const path = template.replace(/\{([^}]+)\}/g, (_match, names: string) => {
		for (const name of names.split('|')) {
			// Only an id DrChrono could have issued: a `..` must not become a dot segment.
			const id = pathId(delivered[name]);
			if (id !== undefined) return id;
		}
		missing = true;
		return '';
	});
	return missing ? undefined : path;
}

/**
 * Reads the current state of a delivered object from the API: one quota call through the package's
 * one request path. Never throws: a failure (deleted since, no permission, quota spent) is returned
 * as a message so the delivery still reaches the workflow.
 */
export async function fetchCurrentObject(
	this: IWebhookFunctions,
	source: CurrentObjectSource,
	delivered: IDataObject,
	/** The delivery's read of the account, shared with the trigger's store look-up. */
	account?: AccountRead,
): Promise<CurrentObjectResult> {
	const path = resolvePath(source.path, delivered);
	if (path === undefined) {
		const field = (/\{([^}]+)\}/.exec(source.path)?.[1] ?? 'id').split('|').join(' or ');
		return { fetched: false, error: `The delivered object has no ${field} to look it up by` };
	}
	// The OAuth2 credential is optional on the trigger: only this look-up uses it.
	if (!this.getNode().credentials?.[CREDENTIAL_TYPE]) {
		return {
			fetched: false,
			error: 'Fetch Current Object needs a DrChrono OAuth2 API credential: select one in the trigger, or turn Fetch Current Object off',
		};
	}
	let found: IDataObject;
	try {
		const client = await DrChronoClient.connect(this, CURRENT_OBJECT_LOOKUP, account?.());
		// An entry picked from a list on the object (a patient's flags) is in a verbose-only field,
		// which DrChrono leaves out of a GET without verbose=true.
		found = await drChronoApiRequest.call(client, 'GET', path, {
			qs: readsVerbose(source) ? { verbose: 'true' } : undefined,
			scope: source.scope,
		});
	} catch (error) {
		// DrChrono's deletes are hard: a 404 means the object was deleted since the event.
		if (String((error as { httpCode?: unknown }).httpCode) === '404') {
			return { fetched: false, deleted: true, error: `DrChrono no longer has ${path} (404 Not found): it was deleted after the event; the delivered object is output as it was` };
		}
		return { fetched: false, error: (error as Error).message };
	}
	if (!source.pickFrom) return { fetched: true, object: found };

	const list = found[source.pickFrom];
	const entry = Array.isArray(list)
		? (list as IDataObject[]).find((item) => item && String(item.id) === String(delivered.id))
		: undefined;
	return entry
		? { fetched: true, object: entry }
		: { fetched: false, error: `The object is no longer in ${source.pickFrom} of ${path}` };
}
