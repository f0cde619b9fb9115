/**
 * The REST API under /api/: faults, Bearer auth, the hourly quota, scopes, then the resource
 * table. Status codes follow reference §2: 201 on POST, 204 (empty) on PUT/PATCH/DELETE,
 * 302 for /api/users/current, 400/403/404/405/409 with DRF-style bodies.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessToken } from './auth';
import { parseBody } from './body';
import { BEHAVIOURS } from './behaviours';
import { BulkJobs } from './bulk';
import { baseUrlOf, HttpError, readBody, redirect, sendEmpty, sendJson } from './http';
import { buildPredicate, isVerbose, listPage, requireParams } from './listing';
import { createObjects, deleteObject, updateObject } from './operations';
import { RESOURCE_BY_PATH, type Method, type ResourceSpec } from './resources';
import type { SandboxRuntime } from './runtime';
import { serialize } from './serialize';
import type { ApiObject } from './store';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `GET` needs `<area>:read` or `<area>:write`; anything else `<area>:write`. Where the OpenAPI
 * lists several areas, every one of them (`mode: 'all'`, the strict reading: DrChrono does not say)
 * or any one. Returns the missing scopes ("calendar:read clinical:read"), or null when allowed.
 */
export function missingScope(areas: ResourceSpec['scopes'], method: string, granted: string[], mode: 'all' | 'any' = 'all'): string | null {
	if (!areas || areas.length === 0) return null;
	const read = method === 'GET' || method === 'HEAD';
	const has = (area: string) => granted.includes(`${area}:write`) || (read && granted.includes(`${area}:read`));
	const missing = areas.filter((area) => !has(area));
	if (missing.length === 0 || (mode === 'any' && missing.length < areas.length)) return null;
	return missing.map((area) => `${area}:${read ? 'read' : 'write'}`).join(' ');
}

/** DrChrono's 401 for a missing, unknown or expired token: an HTML body, not JSON (recorded). */
function sendUnauthorized(res: ServerResponse): void {
	const text = 'Authorization failed.';
	res.writeHead(401, {
		'Content-Type': 'text/html; charset=utf-8',
		'Content-Length': String(Buffer.byteLength(text)),
		'WWW-Authenticate': 'Bearer error="invalid_token"',
	});
	res.end(text);
}

export class ApiHandler {
	constructor(private readonly rt: SandboxRuntime) {}

	async handle(req: IncomingMessage, res: ServerResponse, url: URL, normalisedPath: string): Promise<void> {
		const { faults, stats, quota, auth } = this.rt;
		const method = (req.method ?? 'GET').toUpperCase();

		const fault = faults.before(url.pathname);
		if (fault.latencyMs > 0) await sleep(fault.latencyMs);
		if (fault.decision.kind === 'reset') {
			req.socket.destroy();
			return;
		}
		if (fault.decision.kind === 'error') {
			return sendJson(res, fault.decision.status, { detail: 'Service temporarily unavailable, try again later.' });
		}

		const authn = auth.authenticate(req.headers.authorization);
		if (!authn.ok) {
			stats.unauthorized++;
			return sendUnauthorized(res);
		}
		const token = authn.token;
		const throttled = (): void => {
			stats.rateLimited++;
			const headers: Record<string, string> = this.rt.options.retryAfterHeader ? { 'Retry-After': String(quota.secondsToReset(token.clientId)) } : {};
			sendJson(res, 429, { detail: 'Request was throttled.' }, headers);
		};
		if (faults.takeRateLimit(url.pathname)) {
			quota.exhaust(token.clientId);
			return throttled();
		}
		if (!quota.take(token.clientId)) return throttled();
		stats.countCall(token.clientId, `${method} ${normalisedPath}`);

		await this.route(req, res, url, method, token);
	}

	private async route(req: IncomingMessage, res: ServerResponse, url: URL, method: string, token: AccessToken): Promise<void> {
		const segments = url.pathname.replace(/^\/api\/?/, '').split('/').filter(Boolean);
		const [resourceName, idText, action] = segments;
		if (resourceName === 'users' && idText === 'current' && !action) {
			this.requireScope(null, method, token);
			if (method !== 'GET') throw methodNotAllowed(method, ['GET']);
			return redirect(res, `${baseUrlOf(req, this.rt.url)}/api/users/${token.userId}`);
		}
		if (BulkJobs.isBulkPath(resourceName, segments.length)) {
			const read = (areas: ResourceSpec['scopes']) => this.requireScope(areas, 'GET', token);
			return this.rt.bulk.handle(req, res, url, method, token.clientId, read, (path) => this.rt.store.collection(path));
		}
		const spec = resourceName ? RESOURCE_BY_PATH.get(resourceName) : undefined;
		if (!spec || segments.length > 3) throw new HttpError(404, { detail: 'Not found.' });

		if (action !== undefined) {
			if (spec.path === 'offices' && action === 'add_exam_room') return this.addExamRoom(req, res, method, token, idText);
			throw new HttpError(404, { detail: 'Not found.' });
		}
		this.requireScope(spec.scopes, method, token);

		if (spec.path === 'iframe_integration') return this.iframeIntegration(req, res, method, token, idText);

		if (idText === undefined) {
			if (!spec.collection.includes(method as Method)) throw methodNotAllowed(method, spec.collection);
			if (method === 'GET') return this.list(res, url, spec);
			return this.create(req, res, url, spec, token);
		}
		if (!/^\d+$/.test(idText) || spec.item.length === 0) throw new HttpError(404, { detail: 'Not found.' });
		if (!spec.item.includes(method as Method)) throw methodNotAllowed(method, spec.item);
		const id = Number(idText);
		const ctx = this.rt.operationContext(spec, url.searchParams, baseUrlOf(req, this.rt.url), token.userId);
		if (method === 'GET') {
			requireParams(spec.itemRequiredParams, url.searchParams);
			const obj = this.rt.store.collection(spec.path).get(id);
			if (!obj) throw new HttpError(404, { detail: 'Not found.' });
			// Verbose-only fields are left out of a single GET too, unless verbose=true (recorded).
			return sendJson(res, 200, serialize(spec, obj, isVerbose(url.searchParams)));
		}
		if (method === 'DELETE') {
			deleteObject(ctx, id);
			return sendEmpty(res, 204);
		}
		const body = parseBody(await readBody(req), req.headers['content-type']);
		updateObject(ctx, id, body.data, body.files, method === 'PUT' ? 'put' : 'patch');
		sendEmpty(res, 204);
	}

	private requireScope(areas: ResourceSpec['scopes'], method: string, token: AccessToken): void {
		const missing = missingScope(areas, method, token.scopes, this.rt.options.scopeAreas);
		if (missing) throw new HttpError(403, { detail: `You do not have permission to perform this action. Missing scope: ${missing}` });
	}

	private list(res: ServerResponse, url: URL, spec: ResourceSpec): void {
		const params = url.searchParams;
		const predicate = buildPredicate(spec, params, BEHAVIOURS[spec.path]?.listFilter?.(params));
		const page = listPage(this.rt.store.collection(spec.path), predicate, params, url, spec);
		const verbose = isVerbose(params);
		sendJson(res, 200, { previous: page.previous, results: page.results.map((o) => serialize(spec, o, verbose)), next: page.next });
	}

	private async create(req: IncomingMessage, res: ServerResponse, url: URL, spec: ResourceSpec, token: AccessToken): Promise<void> {
		const body = parseBody(await readBody(req), req.headers['content-type']);
		const ctx = this.rt.operationContext(spec, url.searchParams, baseUrlOf(req, this.rt.url), token.userId);
		const created = createObjects(ctx, body.data, body.files);
		// The object exists now; a gateway failure from here on must not make a retry look safe.
		const failure = this.rt.faults.takeFailAfterStore(url.pathname);
		if (failure?.kind === 'reset') {
			req.socket.destroy();
			return;
		}
		if (failure?.kind === 'error') return sendJson(res, failure.status, { detail: 'Bad gateway.' });
		const out = Array.isArray(created) ? created.map((o) => serialize(spec, o)) : serialize(spec, created as ApiObject);
		sendJson(res, 201, out);
	}

	/** POST /api/offices/{id}/add_exam_room {name}: answered 200 with the updated office (our choice; undocumented). */
	private async addExamRoom(req: IncomingMessage, res: ServerResponse, method: string, token: AccessToken, idText: string | undefined): Promise<void> {
		this.requireScope(['user'], 'POST', token);
		if (method !== 'POST') throw methodNotAllowed(method, ['POST']);
		const office = /^\d+$/.test(idText ?? '') ? this.rt.store.collection('offices').get(Number(idText)) : undefined;
		if (!office) throw new HttpError(404, { detail: 'Not found.' });
		const body = parseBody(await readBody(req), req.headers['content-type']);
		const data = (body.data ?? {}) as Record<string, unknown>;
		const name = typeof data.name === 'string' ? data.name.trim() : '';
		if (!name) throw new HttpError(400, { name: ['This field is required.'] });
		const rooms = office.exam_rooms as Array<{ index: number; name: string; online_scheduling: boolean }>;
		// DrChrono answers this 400 with a bare JSON array of messages, not a field map (recorded).
		if (rooms.length >= this.rt.options.maxExamRooms) throw new HttpError(400, ['Office already has the maximum number of exam rooms']);
		const online = data.online_scheduling === undefined ? true : String(data.online_scheduling).toLowerCase() === 'true';
		rooms.push({ index: rooms.reduce((m, r) => Math.max(m, r.index), 0) + 1, name, online_scheduling: online });
		office.updated_at = this.rt.nowTimestamp();
		sendJson(res, 200, serialize(RESOURCE_BY_PATH.get('offices'), office));
	}

	/** POST registers the token's doctor for the app's iframes (201); DELETE unregisters (204). */
	private async iframeIntegration(req: IncomingMessage, res: ServerResponse, method: string, token: AccessToken, idText: string | undefined): Promise<void> {
		const spec = RESOURCE_BY_PATH.get('iframe_integration') as ResourceSpec;
		if (idText !== undefined) throw new HttpError(404, { detail: 'Not found.' });
		if (!spec.collection.includes(method as Method)) throw methodNotAllowed(method, spec.collection);
		await readBody(req);
		const regs = this.rt.store.collection('iframe_integration');
		const user = this.rt.store.collection('users').get(token.userId);
		const doctor = (user?.doctor as number | undefined) ?? this.rt.store.meta.primaryDoctorId;
		const existing = regs.find((r) => r.client_id === token.clientId && r.doctor === doctor);
		if (method === 'DELETE') {
			if (existing) regs.remove(existing.id);
			return sendEmpty(res, 204);
		}
		const app = this.rt.auth.apps.get(token.clientId);
		const now = this.rt.nowTimestamp();
		const reg = existing ?? regs.insert({ client_id: token.clientId, doctor, created_at: now, updated_at: now });
		reg.patient_iframe = app?.patientIframe ?? null;
		reg.clinical_note_iframe = app?.clinicalNoteIframe ?? null;
		sendJson(res, 201, serialize(spec, reg));
	}
}

export function methodNotAllowed(method: string, allowed: readonly string[]): HttpError {
	return new HttpError(405, { detail: `Method "${method}" not allowed.` }, { Allow: allowed.join(', ') });
}
