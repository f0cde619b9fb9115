import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { HOUR_MS, quotaSharingFromCredentials } from '../quota';
import type { DrChronoConnection } from './types';

export const CREDENTIAL_TYPE = 'drChronoOAuth2Api';

function numberOr(value: unknown, fallback: number): number {
	const n = typeof value === 'string' ? Number(value) : value;
	return typeof n === 'number' && Number.isFinite(n) ? n : fallback;
}

/**
 * Reads the API base URL and the quota settings from the decrypted credential. The quota key is the
 * app's Client ID (one DrChrono app = one budget), scoped by API URL so a sandbox app never shares a
 * budget with a real one.
 */
export function connectionFromCredentials(credentials: ICredentialDataDecryptedObject): DrChronoConnection {
	const custom = credentials.server === 'custom';
	const base = String(
		credentials.apiUrl || (custom ? credentials.baseUrl : '') || 'https://app.drchrono.com',
	).replace(/\/+$/, '');
	const windowSeconds = custom ? numberOr(credentials.quotaWindowSeconds, 3600) : 3600;
	return {
		apiUrl: base,
		appKey: `${base}|${String(credentials.clientId ?? '')}`,
		quota: Math.max(1, numberOr(credentials.quotaPerHour, 500)),
		reserve: Math.max(0, numberOr(credentials.quotaReserve, 0)),
		perSecond: Math.max(0, numberOr(credentials.maxCallsPerSecond, 5)),
		windowMs: windowSeconds === 3600 ? HOUR_MS : Math.max(1, windowSeconds) * 1000,
		sharing: quotaSharingFromCredentials(credentials),
	};
}
