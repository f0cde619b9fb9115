import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { DrChronoContext } from './types';

/** Long enough for a verbose list page or a large upload, short enough that a hung call ends. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * The request timeout: the caller's, else the action node's Options > Request Timeout (read here so
 * every operation, list walk and download gets it without passing it along), else the default.
 */
export function requestTimeoutMs(context: DrChronoContext, explicit?: number, itemIndex?: number): number {
	if (explicit !== undefined && explicit > 0) return explicit;
	if ('getInputData' in context) {
		try {
			const options = (context as IExecuteFunctions).getNodeParameter('options', itemIndex ?? 0, {}) as IDataObject;
			const seconds = Number(options?.requestTimeoutSeconds);
			if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
		} catch {
			// Not the action node (no Options collection): the default applies.
		}
	}
	return DEFAULT_TIMEOUT_MS;
}
