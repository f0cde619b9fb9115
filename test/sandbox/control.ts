/**
 * The control API under /_sandbox/ (no auth, no quota): what DrChrono's web UI does by hand
 * (webhook form, verify / ping / redeliver buttons, locking notes, deleting tasks) plus test
 * levers (reset, stats, faults, tokens, quota) and file downloads.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseScopes } from './auth';
import { clinicalNoteFor, signeeOf } from './behaviours';
import type { BulkConfig } from './bulk';
import { parseBody } from './body';
import { baseUrlOf, HttpError, readBody, sendJson } from './http';
import { lockedNotePdfUrl } from './pdf';
import { createObjects, deleteObject, updateObject } from './operations';
import { RESOURCE_BY_PATH, RESOURCES, type ResourceSpec } from './resources';
import type { SandboxRuntime } from './runtime';
import { serialize, storedView } from './serialize';
import type { ApiObject } from './store';
import type { FaultConfig, SandboxApp, WebhookConfig } from './types';
import { isPlainObject } from './validate';

type Body = Record<string, unknown>;

function str(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	const n = Number(value);
	if (!Number.isFinite(n)) throw new HttpError(400, { detail: `"${String(value)}" is not a number` });
	return n;
}

export class ControlHandler {
	constructor(private readonly rt: SandboxRuntime) {}

	private defaultClient(body: Body): string {
		const id = str(body.clientId) ?? str(body.client_id) ?? [...this.rt.auth.apps.keys()][0];
		if (!this.rt.auth.apps.has(id)) throw new HttpError(404, { detail: `Unknown clientId "${id}"` });
		return id;
	}

	async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		const method = req.method ?? 'GET';
		const path = url.pathname.replace(/^\/_sandbox\/?/, '').replace(/\/+$/, '');
		const parts = path.split('/').filter(Boolean);

		if (method === 'GET' && parts[0] === 'files') return this.file(res, parts.slice(1).join('/'));

		let body: Body = {};
		if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
			const parsed = parseBody(await readBody(req), req.headers['content-type']);
			if (!isPlainObject(parsed.data)) throw new HttpError(400, { detail: 'Expected a JSON object.' });
			body = parsed.data;
		}
		const base = baseUrlOf(req, this.rt.url);
		const route = `${method} ${parts.map((p) => (/^\d+$/.test(p) ? '{id}' : p)).join('/')}`;
		const id = Number(parts.find((p) => /^\d+$/.test(p)));

		switch (route) {
			case 'GET ':
				return sendJson(res, 200, this.info());
			case 'POST reset':
				this.rt.reseed({ patients: num(body.patients), seed: num(body.seed) });
				return sendJson(res, 200, { ok: true, patients: this.rt.store.collection('patients').size, seed: this.rt.options.seed });
			case 'GET stats':
				return sendJson(res, 200, this.rt.snapshotStats());
			case 'POST stats/reset':
				this.rt.resetStats();
				return sendJson(res, 200, { ok: true });
			case 'GET apps':
				return sendJson(res, 200, [...this.rt.auth.apps.values()]);
			case 'POST apps': {
				const clientId = str(body.clientId);
				if (!clientId) throw new HttpError(400, { clientId: ['This field is required.'] });
				const app = this.rt.auth.upsertApp({ ...(body as Partial<SandboxApp>), clientId, quotaLimit: num(body.quotaLimit) });
				return sendJson(res, 200, app);
			}
			case 'POST quota/reset':
				this.rt.quota.resetWindow(str(body.clientId));
				return sendJson(res, 200, { ok: true });
			case 'GET webhooks':
				return sendJson(res, 200, this.rt.webhooks.list());
			case 'POST webhooks': {
				const clientId = this.defaultClient(body);
				const cfg = body as unknown as WebhookConfig;
				if (!str(cfg.callbackUrl) || typeof cfg.secretToken !== 'string' || !Array.isArray(cfg.events)) {
					throw new HttpError(400, { detail: 'callbackUrl, secretToken and events are required' });
				}
				return sendJson(res, 200, this.rt.webhooks.configure(clientId, cfg));
			}
			case 'POST webhooks/verify':
				return sendJson(res, 200, await this.rt.webhooks.verify(this.defaultClient(body)));
			case 'POST webhooks/ping':
				return sendJson(res, 200, await this.rt.webhooks.ping(this.defaultClient(body)));
			case 'POST webhooks/redeliver': {
				const deliveryId = str(body.deliveryId);
				if (!deliveryId || !this.rt.webhooks.deliveries().some((d) => d.id === deliveryId)) throw new HttpError(404, { detail: 'Unknown delivery.' });
				return sendJson(res, 200, await this.rt.webhooks.redeliver(deliveryId));
			}
			case 'GET deliveries':
				return sendJson(res, 200, this.rt.webhooks.deliveries());
			case 'GET bulk':
				return sendJson(res, 200, { ...this.rt.bulk.config, ...this.rt.bulk.counts });
			case 'POST bulk':
				this.rt.bulk.configure(body as Partial<BulkConfig>);
				return sendJson(res, 200, this.rt.bulk.config);
			case 'GET faults':
				return sendJson(res, 200, this.rt.faults.config);
			case 'POST faults':
				this.rt.faults.configure(body as FaultConfig);
				return sendJson(res, 200, this.rt.faults.config);
			case 'POST tokens': {
				const clientId = this.defaultClient(body);
				const scopes = Array.isArray(body.scopes) ? body.scopes.map(String) : parseScopes(str(body.scopes) ?? str(body.scope)).scopes;
				return sendJson(res, 200, this.rt.auth.issue(clientId, scopes));
			}
			case 'POST tokens/expire':
				this.rt.auth.expireAll();
				return sendJson(res, 200, { ok: true });
			case 'POST clinical_notes/{id}/lock':
				return sendJson(res, 200, this.setNoteLock(id, true, base));
			case 'POST clinical_notes/{id}/unlock':
				return sendJson(res, 200, this.setNoteLock(id, false, base));
			case 'POST tasks/{id}/delete':
				deleteObject(this.rt.operationContext(this.spec('tasks'), url.searchParams, base), id);
				return sendJson(res, 200, { ok: true });
			case 'GET objects/' + parts[1]:
				return sendJson(res, 200, this.objects(parts[1], url.searchParams));
			case 'GET objects/' + parts[1] + '/{id}': {
				const obj = this.rt.store.collectionNames().includes(parts[1]) ? this.rt.store.collection(parts[1]).get(id) : undefined;
				if (!obj) throw new HttpError(404, { detail: 'Not found.' });
				return sendJson(res, 200, storedView(obj));
			}
			case 'POST mutate':
				return this.mutate(res, body, url, base);
			default:
				throw new HttpError(404, { detail: 'Not found.' });
		}
	}

	private spec(name: string): ResourceSpec {
		const spec = RESOURCE_BY_PATH.get(name);
		if (!spec) throw new HttpError(404, { detail: `Unknown resource "${name}"` });
		return spec;
	}

	private info(): Record<string, unknown> {
		return {
			url: this.rt.url,
			apps: [...this.rt.auth.apps.values()].map((a) => ({ ...a, quotaLimit: this.rt.auth.quotaLimit(a.clientId) })),
			options: this.rt.options,
			resources: RESOURCES.map((r) => ({ path: `/api/${r.path}`, collection: r.collection, item: r.item, scopes: r.scopes, count: this.rt.store.collection(r.path).size })),
			meta: this.rt.store.meta,
		};
	}

	private objects(name: string, params: URLSearchParams): Record<string, unknown>[] {
		const spec = RESOURCE_BY_PATH.get(name);
		if (!spec && !this.rt.store.collectionNames().includes(name)) throw new HttpError(404, { detail: `Unknown resource "${name}"` });
		const limit = Number(params.get('limit') ?? Infinity);
		const all = this.rt.store.collection(name).all();
		return all.slice(0, Number.isFinite(limit) ? limit : all.length).map((o) => storedView(o));
	}

	/** Locks or unlocks an appointment's clinical note (note id = appointment id) and emits the event. */
	private setNoteLock(id: number, locked: boolean, base: string): ApiObject {
		const now = this.rt.nowTimestamp();
		const notes = this.rt.store.collection('clinical_notes');
		const appt = this.rt.store.collection('appointments').get(id);
		let note = notes.get(id);
		if (!note) {
			if (!appt) throw new HttpError(404, { detail: 'Not found.' });
			note = notes.insert(clinicalNoteFor(appt, now));
		}
		note.locked = locked;
		note.signee = locked ? signeeOf(this.rt.store, note.doctor) : null;
		note.updated_at = now;
		// A locked note has its PDF; an unlocked one has none until it is locked again.
		const pdf = locked ? lockedNotePdfUrl(this.rt.store, note, this.rt.fileUrlPrefix(base)) : null;
		if (appt) appt.clinical_note = { ...((appt.clinical_note as object) ?? {}), locked, pdf, updated_at: now };
		this.rt.webhooks.emit(locked ? 'CLINICAL_NOTE_LOCK' : 'CLINICAL_NOTE_UNLOCK', serialize(RESOURCE_BY_PATH.get('clinical_notes'), note));
		return note;
	}

	/** Changes data as a DrChrono user would in the web UI: same validation and events, no quota. */
	private mutate(res: ServerResponse, body: Body, url: URL, base: string): void {
		const spec = this.spec(String(body.resource ?? ''));
		const ctx = this.rt.operationContext(spec, url.searchParams, base);
		const id = num(body.id);
		switch (body.action) {
			case 'create':
				return sendJson(res, 201, createObjects(ctx, body.data ?? {}, {}));
			case 'update':
				if (id === undefined) throw new HttpError(400, { id: ['This field is required.'] });
				return sendJson(res, 200, updateObject(ctx, id, body.data ?? {}, {}, 'patch'));
			case 'delete':
				if (id === undefined) throw new HttpError(400, { id: ['This field is required.'] });
				deleteObject(ctx, id);
				return sendJson(res, 200, { ok: true });
			default:
				throw new HttpError(400, { action: ['Must be one of create, update, delete.'] });
		}
	}

	private file(res: ServerResponse, key: string): void {
		const file = this.rt.store.file(key);
		if (!file) throw new HttpError(404, { detail: 'Not found.' });
		res.writeHead(200, {
			'Content-Type': file.contentType,
			'Content-Length': String(file.data.length),
			'Content-Disposition': `attachment; filename="${file.filename.replace(/"/g, '')}"`,
		});
		res.end(file.data);
	}
}
