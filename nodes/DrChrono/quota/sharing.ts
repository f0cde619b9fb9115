import type { IHttpRequestOptions } from 'n8n-workflow';

import type { StoreUse } from '../store';
import type { QuotaSharing, StoreAccess } from './SharedQuotaGuard';

/** Processes assumed when the credential does not say (a main process and two workers). */
export const DEFAULT_SHARING_PROCESSES = 3;

/** The credential fields of Quota Sharing (any credential object that may carry them). */
export interface QuotaSharingFields {
	quotaSharing?: unknown;
	storeUrl?: unknown;
	storeToken?: unknown;
	storeProcesses?: unknown;
}

/**
 * The credential's Quota Sharing: `undefined` for "This n8n process" (the default), the store for
 * "All n8n processes (Redis over HTTP)".
 */
export function quotaSharingFromCredentials(credentials: QuotaSharingFields): QuotaSharing | undefined {
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

/**
 * The credential's store, with the context's HTTP helper and log, for the memories that must hold
 * across n8n processes (trigger deliveries, iframe tokens, Add Flag turns); `undefined` when the
 * credential keeps to this process or the context has no HTTP helper.
 */
export function storeUseFor(credentials: QuotaSharingFields, context: StoreCapableContext): StoreUse | undefined {
	return storeUseOf(quotaSharingFromCredentials(credentials), context);
}

/** The same from an already parsed Quota Sharing (a client's connection). */
export function storeUseOf(sharing: QuotaSharing | undefined, context: StoreCapableContext): StoreUse | undefined {
	const access = sharing ? storeAccess(context) : undefined;
	return sharing && access ? { settings: sharing.store, http: access.http, warn: access.warn } : undefined;
}
