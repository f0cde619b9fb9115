/**
 * Public types of the sandbox. Other parts of the project (tests, benchmarks, the demo) import
 * these through `test/sandbox/index.ts`; keep the names stable.
 */
import type { BulkConfig } from './bulk';
import type { SandboxStore } from './store';

/** Time source; injected so tests can run an "hour" in milliseconds or jump in time. */
export interface SandboxClock {
	now(): number; // ms since epoch
}

/** One DrChrono API application (Account > API in DrChrono). */
export interface SandboxApp {
	clientId: string;
	clientSecret: string;
	/** Registered redirect URIs; '*' accepts any http(s) redirect. */
	redirectUris: string[];
	/** Calls per quota window; DrChrono's default is 500 per hour. */
	quotaLimit?: number;
	patientIframe?: { url: string; height?: number };
	clinicalNoteIframe?: { url: string; height?: number };
}

export interface SandboxOptions {
	port?: number;
	seed?: number;
	patients?: number;
	apps?: SandboxApp[];
	hourMs?: number;
	tokenTtlSeconds?: number;
	clock?: SandboxClock;
	retryAfterHeader?: boolean;
	signatureMode?: 'secret' | 'hmac';
	/** Which spelling the flag-modify webhook event is sent with (the docs say PATIENT_FLAG_CMODIFY). */
	flagModifyEvent?: 'PATIENT_FLAG_MODIFY' | 'PATIENT_FLAG_CMODIFY';
	/** Deliver events to webhooks that were never verified (DrChrono does not). Default false. */
	deliverUnverified?: boolean;
	/** Timeout of one webhook delivery or verification request. Default 10 000 ms. */
	webhookTimeoutMs?: number;
	/**
	 * Where DrChrono's OpenAPI lists several scope areas for an endpoint (appointments: calendar and
	 * clinical), whether a token needs a scope in `'all'` of them (default: the strict reading) or
	 * in `'any'` one. DrChrono does not document which.
	 */
	scopeAreas?: 'all' | 'any';
	/** Exam rooms an office may have before add_exam_room answers 400 (DrChrono's number is undocumented). Default 10. */
	maxExamRooms?: number;
	quiet?: boolean;
	/** The bulk `*_list` endpoints: job delay, cache lifetime (see bulk.ts). */
	bulk?: Partial<BulkConfig>;
}

export interface TokenResponse {
	access_token: string;
	refresh_token: string;
	expires_in: number;
	token_type: 'Bearer';
	scope: string;
}

export interface WebhookConfig {
	callbackUrl: string;
	secretToken: string;
	events: string[];
	active?: boolean;
	/** Optional display name, sent in `receiver.name`. */
	name?: string;
	/** Mark as verified without the handshake (a test shortcut). */
	verified?: boolean;
}

/** One HTTP attempt of a webhook delivery (or a ping). */
export interface DeliveryAttempt {
	id: string; // X-drchrono-delivery
	event: string;
	attempt: number; // 1 = initial, 2..4 = automatic retries, higher = manual redeliveries
	status: number | null; // HTTP status, null on network error
	error?: string;
	at: number; // clock ms when the attempt finished
	ok: boolean;
	clientId: string;
	durationMs: number;
}

/** A webhook delivery: one event sent to one app's webhook, with all its attempts. */
export interface DeliveryRecord {
	id: string;
	clientId: string;
	event: string;
	body: string;
	createdAt: number;
	attempts: DeliveryAttempt[];
	delivered: boolean;
	/** Retries still scheduled (0 once delivered or given up). */
	pendingRetries: number;
}

export interface FaultConfig {
	/** Share (0..1) of /api/ requests answered with errorStatus before anything else happens. */
	errorRate?: number;
	/** Status used by errorRate; default 503. */
	errorStatus?: number;
	/** Share (0..1) of /api/ requests whose socket is destroyed without an answer. */
	resetRate?: number;
	/** Extra latency added to each /api/ request. */
	latencyMs?: number;
	/** Answer the next N authenticated /api/ requests with 429 and mark the app's window spent. */
	rateLimitNext?: number;
	/** The next N POSTs store the object, then fail as a broken gateway would. */
	failAfterStoreNext?: number;
	/** How failAfterStoreNext fails: a status (default 502) or 'reset' (socket destroyed). */
	failAfterStoreWith?: number | 'reset';
	/** Only paths matching this regular expression get faults. */
	pathFilter?: string;
	/** Seed of the fault dice; default the sandbox seed. Setting faults re-seeds. */
	seed?: number;
}

export interface QuotaState {
	limit: number;
	used: number;
	windowStart: number;
	resetsAt: number;
}

export interface SandboxStats {
	calls: number;
	callsByApp: Record<string, number>;
	callsByPath: Record<string, number>;
	rateLimited: number;
	unauthorized: number;
	created: Record<string, number>;
	responsesByStatus: Record<string, number>;
	deliveries: Array<{ id: string; event: string; attempt: number; status: number | null; error?: string; at: number; clientId: string }>;
	faultsInjected: number;
	faultsByKind: Record<string, number>;
	quota: Record<string, QuotaState>;
}

export interface Sandbox {
	url: string;
	port: number;
	close(): Promise<void>;
	issueToken(clientId?: string, scopes?: string[]): TokenResponse;
	store: SandboxStore;
	stats(): SandboxStats;
	reset(opts?: { patients?: number; seed?: number }): void;
	configureWebhook(clientId: string, cfg: WebhookConfig): void;
	verifyWebhook(clientId: string): Promise<{ verified: boolean; status?: number; body?: string }>;
	ping(clientId: string): Promise<DeliveryAttempt>;
	faults: FaultConfig;
	/** Extra: live settings of the bulk `*_list` endpoints (job delay, cache, forced expiry). */
	bulk: BulkConfig;
	expireTokens(): void;
	/** Extra: re-send a delivery with the same X-drchrono-delivery id. */
	redeliver(deliveryId: string): Promise<DeliveryAttempt>;
	/** Extra: all delivery records with their attempts. */
	deliveries(): DeliveryRecord[];
	/** Extra: add or update an API application (quota limit, iframes, redirect URIs). */
	upsertApp(app: Partial<SandboxApp> & { clientId: string }): SandboxApp;
}
