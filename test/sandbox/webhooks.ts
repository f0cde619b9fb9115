/**
 * DrChrono webhooks (reference §4): one webhook per API app, the GET ?msg= verification handshake,
 * POST deliveries with X-drchrono-event / -signature / -delivery, retries at +1 h, +3 h and +7 h
 * after the event for anything but a 2xx (redirects are not followed), manual ping and redeliver.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import http, { type ClientRequest } from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { DeliveryAttempt, DeliveryRecord, SandboxClock, WebhookConfig } from './types';

/** Retry offsets after the initial event, in DrChrono hours. */
export const RETRY_OFFSETS_HOURS = [1, 3, 7];

/** Both spellings name one event: the help article's PATIENT_FLAG_MODIFY and the docs' PATIENT_FLAG_CMODIFY. */
const SAME_EVENT: Record<string, string> = { PATIENT_FLAG_CMODIFY: 'PATIENT_FLAG_MODIFY' };
const canonical = (event: string): string => SAME_EVENT[event] ?? event;

export interface Webhook {
	id: number;
	clientId: string;
	name: string;
	callbackUrl: string;
	secretToken: string;
	events: string[];
	active: boolean;
	verified: boolean;
}

export interface WebhookOptions {
	hourMs: number;
	clock: SandboxClock;
	signatureMode: 'secret' | 'hmac';
	timeoutMs: number;
	deliverUnverified: boolean;
	onAttempt: (attempt: DeliveryAttempt) => void;
}

interface HttpResult {
	status: number | null;
	body: string;
	error?: string;
}

export function hmacHex(secret: string, message: string): string {
	return createHmac('sha256', secret).update(message).digest('hex');
}

export class WebhookDispatcher {
	private readonly hooks = new Map<string, Webhook>();
	private readonly records = new Map<string, DeliveryRecord & { startedAt: number }>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly inFlight = new Set<ClientRequest>();
	private nextId = 1;
	private closed = false;

	constructor(private readonly opts: WebhookOptions) {}

	configure(clientId: string, cfg: WebhookConfig): Webhook {
		const existing = this.hooks.get(clientId);
		const changed = !existing || existing.callbackUrl !== cfg.callbackUrl || existing.secretToken !== cfg.secretToken;
		const hook: Webhook = {
			id: existing?.id ?? this.nextId++,
			clientId,
			name: cfg.name ?? existing?.name ?? `${clientId} webhook`,
			callbackUrl: cfg.callbackUrl,
			secretToken: cfg.secretToken,
			events: [...cfg.events],
			active: cfg.active ?? true,
			// A new or moved callback URL must be verified again (reference §4).
			verified: cfg.verified ?? (changed ? false : (existing as Webhook).verified),
		};
		this.hooks.set(clientId, hook);
		return hook;
	}

	get(clientId: string): Webhook | undefined {
		return this.hooks.get(clientId);
	}

	list(): Webhook[] {
		return [...this.hooks.values()];
	}

	private receiver(hook: Webhook): Record<string, unknown> {
		return { id: hook.id, name: hook.name, callback_url: hook.callbackUrl, events: hook.events };
	}

	private subscribed(hook: Webhook, event: string): boolean {
		const wanted = canonical(event);
		return hook.events.some((e) => canonical(e) === wanted);
	}

	/** Queues a delivery of `event` to every active, verified webhook subscribed to it. */
	emit(event: string, object: unknown): void {
		if (this.closed) return;
		for (const hook of this.hooks.values()) {
			if (!hook.active || (!hook.verified && !this.opts.deliverUnverified) || !this.subscribed(hook, event)) continue;
			const record = {
				id: randomUUID(),
				clientId: hook.clientId,
				event,
				body: JSON.stringify({ receiver: this.receiver(hook), object }),
				createdAt: this.opts.clock.now(),
				startedAt: performance.now(),
				attempts: [],
				delivered: false,
				pendingRetries: RETRY_OFFSETS_HOURS.length,
			};
			this.records.set(record.id, record);
			// Never inside the API request: the first attempt starts on the next turn of the event loop.
			this.schedule(0, () => this.attempt(record, true));
		}
	}

	private schedule(delayMs: number, fn: () => Promise<unknown>): void {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			void fn();
		}, delayMs);
		this.timers.add(timer);
	}

	private async attempt(record: DeliveryRecord & { startedAt: number }, automatic: boolean): Promise<DeliveryAttempt> {
		const hook = this.hooks.get(record.clientId);
		const attemptNo = record.attempts.length + 1;
		const result = hook ? await this.post(hook, record.event, record.id, record.body) : { status: null, body: '', error: 'webhook removed' };
		const attempt = this.log(record, attemptNo, result);
		if (automatic) {
			if (attempt.ok || this.closed) record.pendingRetries = 0;
			else {
				const retryIndex = attemptNo - 1; // attempts 1..3 are followed by retries at +1h, +3h, +7h
				if (retryIndex < RETRY_OFFSETS_HOURS.length) {
					record.pendingRetries = RETRY_OFFSETS_HOURS.length - retryIndex;
					const due = record.startedAt + RETRY_OFFSETS_HOURS[retryIndex] * this.opts.hourMs;
					this.schedule(Math.max(0, due - performance.now()), () => this.attempt(record, true));
				} else record.pendingRetries = 0;
			}
		}
		return attempt;
	}

	private log(record: DeliveryRecord, attemptNo: number, result: HttpResult & { durationMs?: number }): DeliveryAttempt {
		const ok = result.status !== null && result.status >= 200 && result.status < 300;
		const attempt: DeliveryAttempt = {
			id: record.id,
			event: record.event,
			attempt: attemptNo,
			status: result.status,
			...(result.error ? { error: result.error } : {}),
			at: this.opts.clock.now(),
			ok,
			clientId: record.clientId,
			durationMs: result.durationMs ?? 0,
		};
		record.attempts.push(attempt);
		if (ok) record.delivered = true;
		if (!this.closed) this.opts.onAttempt(attempt);
		return attempt;
	}

	private post(hook: Webhook, event: string, deliveryId: string, body: string): Promise<HttpResult & { durationMs: number }> {
		const signature = this.opts.signatureMode === 'hmac' ? hmacHex(hook.secretToken, body) : hook.secretToken;
		return this.request('POST', hook.callbackUrl, {
			'Content-Type': 'application/json',
			'Content-Length': String(Buffer.byteLength(body)),
			'User-Agent': 'drchrono-sandbox-webhooks',
			'X-drchrono-event': event,
			'X-drchrono-signature': signature,
			'X-drchrono-delivery': deliveryId,
		}, body);
	}

	/** One HTTP exchange; redirects are answers like any other (not followed). */
	private request(method: string, target: string, headers: Record<string, string>, body?: string): Promise<HttpResult & { durationMs: number }> {
		const started = performance.now();
		const done = (r: HttpResult) => ({ ...r, durationMs: Math.round(performance.now() - started) });
		return new Promise((resolve) => {
			if (this.closed) return resolve(done({ status: null, body: '', error: 'sandbox closed' }));
			let url: URL;
			try {
				url = new URL(target);
			} catch {
				return resolve(done({ status: null, body: '', error: 'invalid callback URL' }));
			}
			const lib = url.protocol === 'https:' ? https : http;
			let settled = false;
			const finish = (r: HttpResult) => {
				if (settled) return;
				settled = true;
				this.inFlight.delete(req);
				resolve(done(r));
			};
			const req = lib.request(url, { method, headers, agent: false, timeout: this.opts.timeoutMs }, (res) => {
				const chunks: Buffer[] = [];
				let size = 0;
				res.on('data', (c: Buffer) => {
					size += c.length;
					if (size <= 65536) chunks.push(c);
				});
				res.on('end', () => finish({ status: res.statusCode ?? null, body: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', (e) => finish({ status: res.statusCode ?? null, body: '', error: e.message }));
			});
			this.inFlight.add(req);
			req.on('timeout', () => req.destroy(new Error('timeout')));
			req.on('error', (e) => finish({ status: null, body: '', error: e.message }));
			req.end(body);
		});
	}

	/** The "Verify webhook" button: GET callback?msg=<random>; the answer must carry the HMAC of msg. */
	async verify(clientId: string): Promise<{ verified: boolean; status?: number; body?: string }> {
		const hook = this.hooks.get(clientId);
		if (!hook) return { verified: false, body: 'no webhook configured for this app' };
		const msg = randomBytes(16).toString('hex');
		const url = new URL(hook.callbackUrl);
		url.searchParams.set('msg', msg);
		const result = await this.request('GET', url.href, { 'User-Agent': 'drchrono-sandbox-webhooks', Accept: 'application/json' });
		let verified = false;
		if (result.status === 200) {
			try {
				const parsed = JSON.parse(result.body) as { secret_token?: unknown };
				verified = parsed.secret_token === hmacHex(hook.secretToken, msg);
			} catch {
				verified = false;
			}
		}
		hook.verified = verified;
		return { verified, ...(result.status !== null ? { status: result.status } : {}), body: result.error ?? result.body };
	}

	/** The "Ping webhook" button: one POST with X-drchrono-event: PING, no retries. */
	async ping(clientId: string): Promise<DeliveryAttempt> {
		const hook = this.hooks.get(clientId);
		if (!hook) throw new Error(`no webhook configured for ${clientId}`);
		const record = {
			id: randomUUID(),
			clientId,
			event: 'PING',
			body: JSON.stringify({ receiver: this.receiver(hook), object: {} }),
			createdAt: this.opts.clock.now(),
			startedAt: performance.now(),
			attempts: [],
			delivered: false,
			pendingRetries: 0,
		};
		this.records.set(record.id, record);
		return this.attempt(record, false);
	}

	/** The "redeliver" button: the same body and X-drchrono-delivery id again. */
	async redeliver(deliveryId: string): Promise<DeliveryAttempt> {
		const record = this.records.get(deliveryId);
		if (!record) throw new Error(`unknown delivery ${deliveryId}`);
		return this.attempt(record, false);
	}

	deliveries(): DeliveryRecord[] {
		return [...this.records.values()].map(({ startedAt: _startedAt, ...r }) => ({ ...r, attempts: [...r.attempts] }));
	}

	close(): void {
		this.closed = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		for (const req of this.inFlight) req.destroy();
		this.inFlight.clear();
	}
}
