/**
 * API applications, authorization codes and tokens (what django-oauth-toolkit keeps for DrChrono).
 * Access tokens live 48 h by default; refresh rotates the refresh token and leaves the old access
 * token valid until it expires.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { ALL_SCOPES } from './resources';
import type { SandboxApp, SandboxClock, TokenResponse } from './types';

export const DEFAULT_APP: SandboxApp = {
	clientId: 'sandbox-client-id',
	clientSecret: 'sandbox-client-secret',
	redirectUris: ['*'],
};

export const DEFAULT_QUOTA_LIMIT = 500;
/** "Expires extremely quickly": we give the code 60 s. */
export const AUTH_CODE_TTL_MS = 60_000;

export interface AccessToken {
	token: string;
	clientId: string;
	userId: number;
	scopes: string[];
	expiresAt: number;
	revoked: boolean;
	refreshToken: string;
}

interface RefreshToken {
	token: string;
	clientId: string;
	userId: number;
	scopes: string[];
	valid: boolean;
	accessToken: string;
}

interface AuthCode {
	clientId: string;
	redirectUri: string;
	scopes: string[];
	userId: number;
	expiresAt: number;
	used: boolean;
}

export type OAuthErrorCode = 'invalid_grant' | 'invalid_request' | 'invalid_scope' | 'invalid_client' | 'unsupported_grant_type';

export class OAuthError extends Error {
	constructor(
		readonly code: OAuthErrorCode,
		readonly description: string,
	) {
		super(description);
	}
}

export type Authentication = { ok: true; token: AccessToken } | { ok: false; detail: string };

function randomToken(): string {
	// DOT's default generator yields 30 alphanumerics; hex of the same length is close enough.
	return randomBytes(15).toString('hex');
}

function safeEqual(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** Parses a space-separated scope string; null = all scopes (DrChrono: omitted scope means all). */
export function parseScopes(scope: string | null | undefined): { scopes: string[]; unknown: string[] } {
	if (scope === null || scope === undefined || scope.trim() === '') return { scopes: [...ALL_SCOPES], unknown: [] };
	const asked = [...new Set(scope.trim().split(/[\s+]+/))];
	return { scopes: asked.filter((s) => ALL_SCOPES.includes(s)), unknown: asked.filter((s) => !ALL_SCOPES.includes(s)) };
}

export class AuthRegistry {
	readonly apps = new Map<string, SandboxApp>();
	private readonly codes = new Map<string, AuthCode>();
	private readonly accessTokens = new Map<string, AccessToken>();
	private readonly refreshTokens = new Map<string, RefreshToken>();

	constructor(
		private readonly clock: SandboxClock,
		private readonly ttlSeconds: number,
		apps: SandboxApp[],
		private readonly userId: () => number,
	) {
		for (const app of apps) this.upsertApp(app);
	}

	upsertApp(update: Partial<SandboxApp> & { clientId: string }): SandboxApp {
		const existing = this.apps.get(update.clientId);
		const merged: SandboxApp = {
			clientSecret: existing?.clientSecret ?? `${update.clientId}-secret`,
			redirectUris: existing?.redirectUris ?? ['*'],
			...existing,
			...Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)),
		} as SandboxApp;
		this.apps.set(merged.clientId, merged);
		return merged;
	}

	quotaLimit(clientId: string): number {
		return this.apps.get(clientId)?.quotaLimit ?? DEFAULT_QUOTA_LIMIT;
	}

	/** The app when id and secret match, else null. */
	checkClient(clientId: string | undefined, secret: string | undefined): SandboxApp | null {
		const app = clientId ? this.apps.get(clientId) : undefined;
		if (!app || secret === undefined || !safeEqual(app.clientSecret, secret)) return null;
		return app;
	}

	redirectAllowed(app: SandboxApp, uri: string): boolean {
		if (app.redirectUris.includes(uri)) return true;
		return app.redirectUris.includes('*') && /^https?:\/\/[^/]+/i.test(uri);
	}

	issue(clientId: string, scopes: string[], userId = this.userId()): TokenResponse {
		const access = randomToken();
		const refresh = randomToken();
		this.accessTokens.set(access, {
			token: access,
			clientId,
			userId,
			scopes,
			expiresAt: this.clock.now() + this.ttlSeconds * 1000,
			revoked: false,
			refreshToken: refresh,
		});
		this.refreshTokens.set(refresh, { token: refresh, clientId, userId, scopes, valid: true, accessToken: access });
		return { access_token: access, token_type: 'Bearer', expires_in: this.ttlSeconds, refresh_token: refresh, scope: scopes.join(' ') };
	}

	createCode(clientId: string, redirectUri: string, scopes: string[]): string {
		const code = randomToken();
		this.codes.set(code, { clientId, redirectUri, scopes, userId: this.userId(), expiresAt: this.clock.now() + AUTH_CODE_TTL_MS, used: false });
		return code;
	}

	redeemCode(clientId: string, code: string | undefined, redirectUri: string | undefined): TokenResponse {
		if (!code) throw new OAuthError('invalid_request', 'Missing code parameter.');
		const entry = this.codes.get(code);
		if (!entry || entry.clientId !== clientId) throw new OAuthError('invalid_grant', 'Invalid code.');
		if (entry.used) throw new OAuthError('invalid_grant', 'Code has already been used.');
		if (this.clock.now() >= entry.expiresAt) throw new OAuthError('invalid_grant', 'Code has expired.');
		if (redirectUri !== entry.redirectUri) throw new OAuthError('invalid_grant', 'Mismatching redirect URI.');
		entry.used = true;
		return this.issue(clientId, entry.scopes, entry.userId);
	}

	refresh(clientId: string, refreshToken: string | undefined, scope: string | undefined): TokenResponse {
		if (!refreshToken) throw new OAuthError('invalid_request', 'Missing refresh_token parameter.');
		const entry = this.refreshTokens.get(refreshToken);
		if (!entry || !entry.valid || entry.clientId !== clientId) throw new OAuthError('invalid_grant', 'Invalid refresh token.');
		let scopes = entry.scopes;
		if (scope) {
			const asked = parseScopes(scope);
			if (asked.unknown.length || asked.scopes.some((s) => !entry.scopes.includes(s))) {
				throw new OAuthError('invalid_scope', 'The requested scope exceeds the scope granted by the resource owner.');
			}
			scopes = asked.scopes;
		}
		entry.valid = false; // rotation: the old refresh token is spent
		return this.issue(clientId, scopes, entry.userId);
	}

	/** RFC 7009: unknown tokens are not an error. Revoking a refresh token also ends its access token. */
	revoke(clientId: string, token: string): void {
		const access = this.accessTokens.get(token);
		if (access && access.clientId === clientId) access.revoked = true;
		const refresh = this.refreshTokens.get(token);
		if (refresh && refresh.clientId === clientId) {
			refresh.valid = false;
			const related = this.accessTokens.get(refresh.accessToken);
			if (related) related.revoked = true;
		}
	}

	authenticate(authorization: string | undefined): Authentication {
		const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
		if (!m) return { ok: false, detail: 'Authentication credentials were not provided.' };
		const token = this.accessTokens.get(m[1]);
		if (!token || token.revoked || !this.apps.has(token.clientId)) return { ok: false, detail: 'Invalid token.' };
		if (this.clock.now() >= token.expiresAt) return { ok: false, detail: 'Token has expired.' };
		return { ok: true, token };
	}

	/** Every access token issued so far expires now; refresh tokens stay valid. */
	expireAll(): void {
		const now = this.clock.now();
		for (const t of this.accessTokens.values()) t.expiresAt = Math.min(t.expiresAt, now);
	}
}
