import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { NO_WAIT_POLICY } from '../quota';
import { pathId } from '../shared/pathIds';
import { CREDENTIAL_TYPE, drChronoApiRequest } from '../transport';
import type { CurrentObjectSource } from './events';


export type CurrentObjectResult =
	| { fetched: true; object: IDataObject }
	| { fetched: false; error?: string };

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
		// No retries either: a slow look-up would delay the answer DrChrono is waiting for.
		// An entry picked from a list on the object (a patient's flags) is in a verbose-only field,
		// which DrChrono leaves out of a GET without verbose=true.
		found = await drChronoApiRequest.call(this, 'GET', path, {
			qs: source.pickFrom ? { verbose: 'true' } : undefined,
			scope: source.scope,
			// DrChrono waits for the webhook's answer: with no call left now, the delivered object is used.
			quota: NO_WAIT_POLICY,
			retry: false,
		});
	} catch (error) {
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
