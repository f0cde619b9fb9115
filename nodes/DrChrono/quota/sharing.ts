import type { ICredentialDataDecryptedObject, IHttpRequestOptions } from 'n8n-workflow';

import type { QuotaSharing, StoreAccess } from './SharedQuotaGuard';

/** Processes assumed when the credential does not say (a main process and two workers). */
export const DEFAULT_SHARING_PROCESSES = 3;

/**
 * The credential's Quota Sharing: `undefined` for "This n8n process" (the default), the store for
 * "All n8n processes (Redis over HTTP)".
 */
export function quotaSharingFromCredentials(credentials: ICredentialDataDecryptedObject): QuotaSharing | undefined {
	if (credentials.quotaSharing !== 'store') return undefined;
	const processes = Number(credentials.storeProcesses ?? DEFAULT_SHARING_PROCESSES);
	return {
		store: { url: String(credentials.storeUrl ?? '').trim(), token: String(credentials.storeToken ?? '') },
		processes: Number.isFinite(processes) ? Math.max(1, Math.floor(processes)) : DEFAULT_SHARING_PROCESSES,
	};
}

interface StoreCapableContext {
	helpers: { httpRequest?: (options: IHttpRequestOptions) => Promise<unknown> };
	logger?: { warn(message: string): void; info(message: string): void };
}

/** n8n's HTTP helper and log of the context that calls DrChrono, for the shared guard to use. */
export function storeAccess(context: StoreCapableContext): StoreAccess | undefined {
	const { httpRequest } = context.helpers;
	if (typeof httpRequest !== 'function') return undefined;
	const { logger } = context;
	return {
		http: async (options) => await httpRequest.call(context, options),
		warn: logger ? (message) => logger.warn(message) : undefined,
		info: logger ? (message) => logger.info(message) : undefined,
	};
}
