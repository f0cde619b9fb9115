import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INode } from 'n8n-workflow';

import type { AcquirePolicy, QuotaGuard } from '../quota';
import { NO_WAIT_POLICY, getQuotaGuard, storeAccess, storeUseOf } from '../quota';
import type { StoreUse } from '../store';
import { CREDENTIAL_TYPE, connectionFromCredentials } from './connection';
import type { DrChronoConnection, DrChronoContext } from './types';

/** Long enough for a verbose list page or a large upload, short enough that a hung call ends. */
export const DEFAULT_TIMEOUT_MS = 120_000;

/** What an entry point decides for every call it makes, once, before the first call. */
export interface ClientSettings {
	/** Wait for quota (up to a maximum) or fail at once. */
	quota: AcquirePolicy;
	/** Give up on a call DrChrono has not answered in this time. */
	timeoutMs: number;
	/** Retry transient faults of idempotent calls. Off where someone waits for a quick answer. */
	retry: boolean;
	/** The input item the calls are for, so errors point at it. */
	itemIndex?: number;
}

/** For someone waiting in the editor (a dropdown, a list search): no slot now means an error now. */
export const EDITOR_LOOKUP: ClientSettings = { quota: NO_WAIT_POLICY, timeoutMs: DEFAULT_TIMEOUT_MS, retry: true };

/**
 * The one place that finds the quota guard of a credential: every client of the same DrChrono app
 * shares it, whichever node, workflow or execution built the client. With the credential's Quota
 * Sharing set to the store, the guard grants through the store with the context's HTTP helper.
 */
export function quotaGuardFor(connection: DrChronoConnection, context?: DrChronoContext): QuotaGuard {
	return getQuotaGuard(connection.appKey, connection, context ? storeAccess(context) : undefined);
}

/** n8n's signal that the execution was stopped (Stop button, workflow timeout), where the context has one. */
function cancelSignal(context: DrChronoContext): AbortSignal | undefined {
	const withSignal = context as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof withSignal.getExecutionCancelSignal === 'function' ? withSignal.getExecutionCancelSignal() : undefined;
}

/**
 * Everything a call to DrChrono needs, resolved once at an entry point (the action node's items,
 * a list search, the trigger's look-up, a poll): the credential's connection and quota guard, n8n's
 * cancel signal, the quota policy, the timeout and the retry rule. The transport reads nothing else:
 * no node parameter, no credential.
 */
export class DrChronoClient {
	/** The quota policy with the cancel signal, as the guard takes it. */
	readonly policy: AcquirePolicy;

	private constructor(
		private readonly context: DrChronoContext,
		readonly connection: DrChronoConnection,
		readonly guard: QuotaGuard,
		readonly signal: AbortSignal | undefined,
		readonly settings: ClientSettings,
	) {
		this.policy = { ...settings.quota, ...(signal ? { signal } : {}) };
	}

	/**
	 * Reads the credential (one decryption) and builds the client. A caller that has already asked
	 * n8n for the credential hands that read over, so it is not read twice.
	 */
	static async connect(
		context: DrChronoContext,
		settings: ClientSettings,
		credentials: Promise<ICredentialDataDecryptedObject> = context.getCredentials(CREDENTIAL_TYPE),
	): Promise<DrChronoClient> {
		const connection = connectionFromCredentials(await credentials);
		return new DrChronoClient(context, connection, quotaGuardFor(connection, context), cancelSignal(context), settings);
	}

	/** The same connection with other settings, e.g. for the next input item: no credential read. */
	with(settings: Partial<ClientSettings>): DrChronoClient {
		return new DrChronoClient(this.context, this.connection, this.guard, this.signal, { ...this.settings, ...settings });
	}

	/** The credential's shared store (Quota Sharing: All n8n processes), for turns across processes. */
	get store(): StoreUse | undefined {
		return storeUseOf(this.connection.sharing, this.context);
	}

	get itemIndex(): number | undefined {
		return this.settings.itemIndex;
	}

	get timeoutMs(): number {
		return this.settings.timeoutMs;
	}

	get retry(): boolean {
		return this.settings.retry;
	}

	getNode(): INode {
		return this.context.getNode();
	}

	/** Sends through n8n's authenticated helper, which signs the call with the OAuth token. */
	async send(request: IHttpRequestOptions): Promise<unknown> {
		return await this.context.helpers.httpRequestWithAuthentication.call(this.context, CREDENTIAL_TYPE, request);
	}

	/** Sends without the credential: pre-signed file links on other hosts must never see the token. */
	async sendWithoutToken(request: IHttpRequestOptions): Promise<unknown> {
		return await this.context.helpers.httpRequest(request);
	}

	/** Has n8n refresh the OAuth token and store the rotated one; false where the context cannot. */
	async refreshToken(): Promise<boolean> {
		const helpers = this.context.helpers as { refreshOAuth2Token?: (type: string) => Promise<unknown> };
		if (typeof helpers.refreshOAuth2Token !== 'function') return false;
		await helpers.refreshOAuth2Token.call(this.context, CREDENTIAL_TYPE);
		return true;
	}
}
