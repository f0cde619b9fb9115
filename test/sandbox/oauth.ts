/**
 * OAuth2 endpoints as DrChrono documents them (reference §1): /o/authorize/ (an HTML consent page
 * with a real form), /o/token/ (authorization_code and refresh_token grants, client credentials
 * in the body or HTTP Basic) and /o/revoke_token/.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthRegistry, OAuthError, parseScopes } from './auth';
import { formToObject } from './body';
import { escapeHtml, HttpError, readBody, redirect, sendEmpty, sendHtml, sendJson } from './http';
import type { SandboxApp } from './types';

const SCOPE_TEXT: Record<string, string> = {
	user: 'basic account info, doctors, offices, insurances',
	calendar: 'appointments and schedules',
	patients: 'detailed patient information',
	'patients:summary': 'patient name, chart id, age and gender',
	clinical: 'clinical notes, medications, problems, allergies',
	labs: 'lab orders and results',
	billing: 'billing information',
	'billing:patient-payment': 'patient payments',
	messages: 'the message center',
	tasks: 'the task center',
	settings: 'practice settings and custom fields',
};

function describeScope(scope: string): string {
	const i = scope.lastIndexOf(':');
	const area = scope.slice(0, i);
	const verb = scope.slice(i + 1) === 'write' ? 'Create and modify' : 'View';
	return `${verb} ${SCOPE_TEXT[area] ?? area}`;
}

function errorPage(res: ServerResponse, status: number, message: string): void {
	sendHtml(res, status, `<!doctype html><html><head><title>Error</title></head><body><h1>Error: ${escapeHtml(message)}</h1></body></html>`);
}

function withParams(uri: string, params: Record<string, string | null>): string {
	const u = new URL(uri);
	for (const [k, v] of Object.entries(params)) if (v !== null) u.searchParams.set(k, v);
	return u.href;
}

export class OAuthHandler {
	constructor(
		private readonly auth: AuthRegistry,
		private readonly userLabel: () => string,
	) {}

	async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		const path = url.pathname.replace(/\/+$/, '');
		if (path === '/o/authorize') {
			if (req.method === 'GET') return this.authorizePage(res, url.searchParams);
			if (req.method === 'POST') return this.authorizeDecision(res, await this.form(req));
		} else if (path === '/o/token') {
			if (req.method === 'POST') return this.token(req, res, await this.form(req));
		} else if (path === '/o/revoke_token') {
			if (req.method === 'POST') return this.revoke(req, res, await this.form(req));
		} else {
			throw new HttpError(404, { detail: 'Not found.' });
		}
		throw new HttpError(405, { detail: `Method "${req.method}" not allowed.` });
	}

	private async form(req: IncomingMessage): Promise<Record<string, string>> {
		const raw = (await readBody(req)).toString('utf8');
		const type = req.headers['content-type'] ?? '';
		let data: Record<string, unknown> = {};
		if (type.includes('application/json')) {
			try {
				data = JSON.parse(raw) as Record<string, unknown>;
			} catch {
				data = {};
			}
		} else {
			data = formToObject(new URLSearchParams(raw));
		}
		const out: Record<string, string> = {};
		for (const [k, v] of Object.entries(data)) out[k] = Array.isArray(v) ? String(v[0]) : String(v);
		return out;
	}

	/** Validates client and redirect URI; null (after answering 400) when they are unusable. */
	private resolveClient(res: ServerResponse, clientId: string | undefined, redirectUri: string | undefined): { app: SandboxApp; redirectUri: string } | null {
		const app = clientId ? this.auth.apps.get(clientId) : undefined;
		if (!app) {
			errorPage(res, 400, 'Invalid client_id parameter value.');
			return null;
		}
		let uri = redirectUri;
		if (!uri) {
			const fixed = app.redirectUris.filter((u) => u !== '*');
			if (fixed.length !== 1 || app.redirectUris.includes('*')) {
				errorPage(res, 400, 'Missing redirect URI.');
				return null;
			}
			uri = fixed[0];
		}
		let valid = false;
		try {
			new URL(uri);
			valid = this.auth.redirectAllowed(app, uri);
		} catch {
			valid = false;
		}
		if (!valid) {
			errorPage(res, 400, 'Mismatching redirect URI.');
			return null;
		}
		return { app, redirectUri: uri };
	}

	private authorizePage(res: ServerResponse, q: URLSearchParams): void {
		const client = this.resolveClient(res, q.get('client_id') ?? undefined, q.get('redirect_uri') ?? undefined);
		if (!client) return;
		const state = q.get('state');
		if (q.get('response_type') !== 'code') {
			return redirect(res, withParams(client.redirectUri, { error: 'unsupported_response_type', state }));
		}
		const { scopes, unknown } = parseScopes(q.get('scope'));
		if (unknown.length) return redirect(res, withParams(client.redirectUri, { error: 'invalid_scope', state }));

		const hidden = (name: string, value: string | null): string =>
			value === null ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
		const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>Authorize ${escapeHtml(client.app.clientId)} - DrChrono sandbox</title></head>
<body>
<h1>Authorize application</h1>
<p>The application <strong id="app-name">${escapeHtml(client.app.clientId)}</strong> wants to access your DrChrono sandbox account
as <strong id="user">${escapeHtml(this.userLabel())}</strong>.</p>
<p>It will be able to:</p>
<ul id="scopes">
${scopes.map((s) => `<li data-scope="${escapeHtml(s)}">${escapeHtml(s)}: ${escapeHtml(describeScope(s))}</li>`).join('\n')}
</ul>
<form id="authorizationForm" method="post" action="/o/authorize/">
${hidden('client_id', client.app.clientId)}
${hidden('redirect_uri', client.redirectUri)}
${hidden('response_type', 'code')}
${hidden('scope', scopes.join(' '))}
${hidden('state', state)}
<button type="submit" name="allow" value="Approve" id="approve">Approve</button>
<button type="submit" name="deny" value="Deny" id="deny">Deny</button>
</form>
</body></html>`;
		sendHtml(res, 200, html);
	}

	private authorizeDecision(res: ServerResponse, form: Record<string, string>): void {
		const client = this.resolveClient(res, form.client_id, form.redirect_uri);
		if (!client) return;
		const state = form.state ?? null;
		// Like django-oauth-toolkit: only the Approve button carries "allow"; anything else is a denial.
		if (form.allow === undefined) return redirect(res, withParams(client.redirectUri, { error: 'access_denied', state }));
		const { scopes, unknown } = parseScopes(form.scope);
		if (unknown.length) return redirect(res, withParams(client.redirectUri, { error: 'invalid_scope', state }));
		const code = this.auth.createCode(client.app.clientId, client.redirectUri, scopes);
		redirect(res, withParams(client.redirectUri, { code, state }));
	}

	/** Client credentials from the body (DrChrono's documented way) or HTTP Basic. */
	private client(req: IncomingMessage, form: Record<string, string>): SandboxApp | null {
		let id = form.client_id;
		let secret = form.client_secret;
		const basic = /^Basic\s+(\S+)/i.exec(req.headers.authorization ?? '');
		if (basic && (id === undefined || secret === undefined)) {
			const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
			const i = decoded.indexOf(':');
			if (i > 0) {
				id = decodeURIComponent(decoded.slice(0, i));
				secret = decodeURIComponent(decoded.slice(i + 1));
			}
		}
		return this.auth.checkClient(id, secret);
	}

	private token(req: IncomingMessage, res: ServerResponse, form: Record<string, string>): void {
		const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };
		const app = this.client(req, form);
		if (!app) return sendJson(res, 401, { error: 'invalid_client' }, noStore);
		try {
			let body;
			if (form.grant_type === 'authorization_code') body = this.auth.redeemCode(app.clientId, form.code, form.redirect_uri);
			else if (form.grant_type === 'refresh_token') body = this.auth.refresh(app.clientId, form.refresh_token, form.scope);
			else throw new OAuthError(form.grant_type ? 'unsupported_grant_type' : 'invalid_request', form.grant_type ? 'Unsupported grant type.' : 'Missing grant_type parameter.');
			sendJson(res, 200, body, noStore);
		} catch (e) {
			if (!(e instanceof OAuthError)) throw e;
			sendJson(res, e.code === 'invalid_client' ? 401 : 400, { error: e.code, error_description: e.description }, noStore);
		}
	}

	private revoke(req: IncomingMessage, res: ServerResponse, form: Record<string, string>): void {
		const app = this.client(req, form);
		if (!app) return sendJson(res, 401, { error: 'invalid_client' });
		if (!form.token) return sendJson(res, 400, { error: 'invalid_request', error_description: 'Missing token parameter.' });
		this.auth.revoke(app.clientId, form.token);
		sendEmpty(res, 200);
	}
}
