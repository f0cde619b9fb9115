import { startSandbox, type Sandbox } from '../index';
import { call, FakeClock, parseConsentForm } from './helpers';

const REDIRECT = 'http://localhost:5678/rest/oauth2-credential/callback';
const clock = new FakeClock(Date.UTC(2026, 10, 28, 10, 0, 0));
let sb: Sandbox;

beforeAll(async () => {
	sb = await startSandbox({
		quiet: true,
		clock,
		patients: 5,
		apps: [
			{ clientId: 'app-1', clientSecret: 'secret-1', redirectUris: [REDIRECT] },
			{ clientId: 'app-any', clientSecret: 'secret-any', redirectUris: ['*'] },
		],
	});
});
afterAll(() => sb.close());

function authorizeUrl(params: Record<string, string>): string {
	return `${sb.url}/o/authorize/?${new URLSearchParams({ response_type: 'code', client_id: 'app-1', redirect_uri: REDIRECT, ...params })}`;
}

/** Loads the consent page, then submits its form with the chosen button, as a browser would. */
async function consent(params: Record<string, string>, button: 'allow' | 'deny'): Promise<URL> {
	const page = await fetch(authorizeUrl(params));
	expect(page.status).toBe(200);
	expect(page.headers.get('content-type')).toContain('text/html');
	const form = parseConsentForm(await page.text());
	expect(form.method.toLowerCase()).toBe('post');
	const chosen = form.buttons.find((b) => b.name === button);
	expect(chosen).toBeDefined();
	const body = new URLSearchParams({ ...form.hidden, [button]: chosen!.value });
	const res = await fetch(new URL(form.action, page.url), { method: 'POST', body, redirect: 'manual' });
	expect(res.status).toBe(302);
	return new URL(res.headers.get('location')!);
}

function tokenRequest(fields: Record<string, string>, headers: Record<string, string> = {}) {
	return call(sb, null, 'POST', '/o/token/', new URLSearchParams(fields).toString(), { 'Content-Type': 'application/x-www-form-urlencoded', ...headers });
}

async function codeFor(scope?: string): Promise<string> {
	const location = await consent({ state: 'st', ...(scope ? { scope } : {}) }, 'allow');
	return location.searchParams.get('code')!;
}

describe('OAuth2 authorization code flow', () => {
	test('consent page shows the app and the scopes and approving redirects with code and state', async () => {
		const page = await (await fetch(authorizeUrl({ scope: 'patients:read user:read', state: 'xyz' }))).text();
		expect(page).toContain('app-1');
		expect(page).toContain('patients:read');
		expect(page).toContain('user:read');
		const location = await consent({ scope: 'patients:read user:read', state: 'xyz' }, 'allow');
		expect(location.origin + location.pathname).toBe(REDIRECT);
		expect(location.searchParams.get('state')).toBe('xyz');
		expect(location.searchParams.get('code')).toMatch(/^[0-9a-f]{20,}$/);
	});

	test('denying redirects with error=access_denied and the state', async () => {
		const location = await consent({ state: 'abc' }, 'deny');
		expect(location.searchParams.get('error')).toBe('access_denied');
		expect(location.searchParams.get('state')).toBe('abc');
		expect(location.searchParams.get('code')).toBeNull();
	});

	test('unknown client and unregistered redirect URI give a 400 page', async () => {
		expect((await fetch(authorizeUrl({ client_id: 'nope' }))).status).toBe(400);
		expect((await fetch(authorizeUrl({ redirect_uri: 'http://evil.example/cb' }))).status).toBe(400);
		// '*' accepts any http(s) redirect
		const any = await fetch(authorizeUrl({ client_id: 'app-any', redirect_uri: 'https://whatever.example/cb' }));
		expect(any.status).toBe(200);
	});

	test('unknown scope redirects with invalid_scope', async () => {
		const res = await fetch(authorizeUrl({ scope: 'patients:read bogus:read' }), { redirect: 'manual' });
		expect(res.status).toBe(302);
		expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_scope');
	});

	test('code exchange returns the documented token JSON; omitted scope means all 22 scopes', async () => {
		const code = await codeFor();
		const res = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app-1', client_secret: 'secret-1' });
		expect(res.status).toBe(200);
		expect(res.body).toEqual({
			access_token: expect.any(String),
			token_type: 'Bearer',
			expires_in: 172800,
			refresh_token: expect.any(String),
			scope: expect.any(String),
		});
		expect(res.body.scope.split(' ')).toHaveLength(22);
		const me = await call(sb, res.body.access_token, 'GET', '/api/users/current');
		expect(me.status).toBe(302);
	});

	test('a code is single-use', async () => {
		const code = await codeFor('user:read');
		const fields = { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app-1', client_secret: 'secret-1' };
		expect((await tokenRequest(fields)).status).toBe(200);
		const again = await tokenRequest(fields);
		expect(again.status).toBe(400);
		expect(again.body.error).toBe('invalid_grant');
	});

	test('a code expires after 60 s of clock time', async () => {
		const code = await codeFor('user:read');
		clock.advance(61_000);
		const res = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app-1', client_secret: 'secret-1' });
		expect(res.status).toBe(400);
		expect(res.body).toEqual({ error: 'invalid_grant', error_description: expect.any(String) });
	});

	test('redirect_uri must match the one used at authorize', async () => {
		const code = await codeFor('user:read');
		const res = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: 'http://localhost:5678/other', client_id: 'app-1', client_secret: 'secret-1' });
		expect(res.status).toBe(400);
		expect(res.body.error).toBe('invalid_grant');
	});

	test('wrong client secret is invalid_client (401); HTTP Basic is accepted too', async () => {
		const code = await codeFor('user:read');
		const bad = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: 'app-1', client_secret: 'nope' });
		expect(bad.status).toBe(401);
		expect(bad.body.error).toBe('invalid_client');
		const basic = `Basic ${Buffer.from('app-1:secret-1').toString('base64')}`;
		const ok = await tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }, { Authorization: basic });
		expect(ok.status).toBe(200);
	});

	test('unsupported grant type', async () => {
		const res = await tokenRequest({ grant_type: 'client_credentials', client_id: 'app-1', client_secret: 'secret-1' });
		expect(res.status).toBe(400);
		expect(res.body.error).toBe('unsupported_grant_type');
	});
});

describe('refresh, revoke, expiry and scopes', () => {
	test('refresh rotates the refresh token; the old one is rejected; the old access token stays valid', async () => {
		const first = sb.issueToken('app-1');
		const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: 'app-1', client_secret: 'secret-1' });
		expect(refreshed.status).toBe(200);
		expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
		expect(refreshed.body.access_token).not.toBe(first.access_token);
		const reuse = await tokenRequest({ grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: 'app-1', client_secret: 'secret-1' });
		expect(reuse.status).toBe(400);
		expect(reuse.body.error).toBe('invalid_grant');
		expect((await call(sb, first.access_token, 'GET', '/api/doctors')).status).toBe(200);
		expect((await call(sb, refreshed.body.access_token, 'GET', '/api/doctors')).status).toBe(200);
	});

	test('a refresh token of another app is rejected', async () => {
		const other = sb.issueToken('app-any');
		const res = await tokenRequest({ grant_type: 'refresh_token', refresh_token: other.refresh_token, client_id: 'app-1', client_secret: 'secret-1' });
		expect(res.body.error).toBe('invalid_grant');
	});

	test('revoke_token answers 200 and the token stops working', async () => {
		const t = sb.issueToken('app-1');
		const res = await call(sb, null, 'POST', '/o/revoke_token/', new URLSearchParams({ token: t.access_token, client_id: 'app-1', client_secret: 'secret-1' }).toString(), {
			'Content-Type': 'application/x-www-form-urlencoded',
		});
		expect(res.status).toBe(200);
		const after = await call(sb, t.access_token, 'GET', '/api/doctors');
		expect(after.status).toBe(401);
		expect(after.text).toBe('Authorization failed.');
	});

	test('missing, unknown and expired tokens get 401; refresh still works after expiry', async () => {
		const none = await call(sb, null, 'GET', '/api/patients');
		// DrChrono's recorded 401: text/html "Authorization failed." with a Bearer challenge.
		expect(none.status).toBe(401);
		expect(none.headers.get('content-type')).toContain('text/html');
		expect(none.text).toBe('Authorization failed.');
		expect(none.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
		expect((await call(sb, 'not-a-token', 'GET', '/api/patients')).status).toBe(401);

		const t = sb.issueToken('app-1');
		expect((await call(sb, t.access_token, 'GET', '/api/patients')).status).toBe(200);
		sb.expireTokens();
		const expired = await call(sb, t.access_token, 'GET', '/api/patients');
		expect(expired.status).toBe(401);
		expect(expired.text).toBe('Authorization failed.');
		const refreshed = await tokenRequest({ grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: 'app-1', client_secret: 'secret-1' });
		expect(refreshed.status).toBe(200);
		expect((await call(sb, refreshed.body.access_token, 'GET', '/api/patients')).status).toBe(200);
	});

	test('access tokens expire after tokenTtlSeconds of clock time', async () => {
		const t = sb.issueToken('app-1');
		clock.advance(172_800_000 + 1);
		expect((await call(sb, t.access_token, 'GET', '/api/doctors')).status).toBe(401);
	});

	test('scopes are enforced per resource: read allows GET, write is needed for POST', async () => {
		const t = sb.issueToken('app-1', ['patients:read']);
		expect((await call(sb, t.access_token, 'GET', '/api/patients')).status).toBe(200);
		const post = await call(sb, t.access_token, 'POST', '/api/patients', { gender: 'Male', doctor: sb.store.meta.primaryDoctorId });
		expect(post.status).toBe(403);
		expect(post.body).toEqual({ detail: 'You do not have permission to perform this action. Missing scope: patients:write' });
		const appts = await call(sb, t.access_token, 'GET', '/api/appointments?since=2020-01-01');
		expect(appts.status).toBe(403);
		expect(appts.body.detail).toContain('Missing scope: calendar:read clinical:read');
		// a write scope also allows reading
		const w = sb.issueToken('app-1', ['calendar:write', 'clinical:write']);
		expect((await call(sb, w.access_token, 'GET', '/api/appointments?since=2020-01-01')).status).toBe(200);
	});

	test('where the OpenAPI lists several scope areas, every one is needed (scopeAreas: any relaxes it)', async () => {
		const calendarOnly = sb.issueToken('app-1', ['calendar:read', 'calendar:write']);
		const appts = await call(sb, calendarOnly.access_token, 'GET', '/api/appointments?since=2020-01-01');
		expect(appts.status).toBe(403);
		expect(appts.body.detail).toBe('You do not have permission to perform this action. Missing scope: clinical:read');
		const patientsOnly = sb.issueToken('app-1', ['patients:read', 'patients:write']);
		const flagTypes = await call(sb, patientsOnly.access_token, 'GET', '/api/patient_flag_types');
		expect(flagTypes.status).toBe(403);
		expect(flagTypes.body.detail).toContain('Missing scope: settings:read');
		const withSettings = sb.issueToken('app-1', ['patients:read', 'settings:read']);
		expect((await call(sb, withSettings.access_token, 'GET', '/api/patient_flag_types')).status).toBe(200);
		const post = await call(sb, withSettings.access_token, 'POST', '/api/patient_flag_types', { doctor: sb.store.meta.primaryDoctorId, name: 'VIP' });
		expect(post.status).toBe(403);
		expect(post.body.detail).toContain('Missing scope: patients:write settings:write');

		const lenient = await startSandbox({ quiet: true, patients: 1, scopeAreas: 'any' });
		try {
			const t = lenient.issueToken(undefined, ['calendar:read']);
			expect((await call(lenient, t.access_token, 'GET', '/api/appointments?since=2020-01-01')).status).toBe(200);
		} finally {
			await lenient.close();
		}
	});

	test('refresh may narrow the scope but not widen it', async () => {
		const t = sb.issueToken('app-1', ['patients:read', 'user:read']);
		const narrow = await tokenRequest({ grant_type: 'refresh_token', refresh_token: t.refresh_token, client_id: 'app-1', client_secret: 'secret-1', scope: 'user:read' });
		expect(narrow.status).toBe(200);
		expect(narrow.body.scope).toBe('user:read');
		const wide = await tokenRequest({ grant_type: 'refresh_token', refresh_token: narrow.body.refresh_token, client_id: 'app-1', client_secret: 'secret-1', scope: 'user:read tasks:write' });
		expect(wide.body.error).toBe('invalid_scope');
	});
});
