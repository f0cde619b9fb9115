import type { IDataObject } from 'n8n-workflow';

import { verifyHs256Jwt, type JwtFailure } from './jwt';

/** The two places DrChrono shows an app's iframe; each has its own URL on the trigger. */
export type IframeKind = 'patient' | 'clinical_note';

export const IFRAME_KINDS: readonly IframeKind[] = ['patient', 'clinical_note'];

export const KIND_LABELS: Record<IframeKind, string> = {
	patient: 'Patient Iframe (the patient chart)',
	clinical_note: 'Clinical Notes Iframe (the clinical note page)',
};

/** DrChrono's documented clock drift, and the default of the trigger's option. */
export const DEFAULT_CLOCK_DRIFT_SECONDS = 60;

/**
 * The most drift the option allows. Drift is also how long a token stays usable, so a larger value
 * turns a leaked panel URL into a longer-lived key; ten minutes covers a badly set clock.
 */
export const MAX_CLOCK_DRIFT_SECONDS = 600;

/** The option's value as used: a number within 0..MAX, else the default. */
export function effectiveClockDrift(value: unknown): number {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return DEFAULT_CLOCK_DRIFT_SECONDS;
	return Math.min(value, MAX_CLOCK_DRIFT_SECONDS);
}

/** The query parameters DrChrono documents next to `jwt`; each is also inside the token. */
export const SIGNED_PARAMETERS = ['doctor_id', 'patient_id', 'practice_id', 'iat'] as const;

export type IframeFailure = JwtFailure | 'mismatch' | 'kindNotAccepted' | 'reused';

/** What the workflow receives: only values taken from the verified token. */
export interface IframeContext extends IDataObject {
	kind: IframeKind;
	doctorId: string | number;
	patientId: string | number | null;
	practiceId: string | number;
	issuedAt: string;
	expiresAt: string | null;
	claims: IDataObject;
}

export type IframeCheck =
	| { ok: true; context: IframeContext }
	| { ok: false; reason: IframeFailure; detail: string };

export interface IframeCheckOptions {
	nowSeconds: number;
	clockDriftSeconds: number;
	acceptedKinds: readonly IframeKind[];
}

type QueryValue = string | string[] | undefined;

const isId = (value: unknown): value is string | number =>
	(typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value.trim() !== '');

const refuse = (reason: IframeFailure, detail: string): IframeCheck => ({ ok: false, reason, detail });

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A claim and its copy in the URL agree when they read the same, or are the same decimal number (1 and "1.0"). */
function sameValue(claim: unknown, value: string): boolean {
	if (String(claim) === value) return true;
	return DECIMAL.test(value) && typeof claim === 'number' && Number(value) === claim;
}

/**
 * Everything the iframe URL carries besides the token must agree with the token. DrChrono says to
 * use only the values from the JWT; a query value that differs can only come from a URL changed
 * after DrChrono signed it, so the request is refused rather than quietly corrected. Parameters the
 * token does not mention (e.g. ones in the URL the user configured) are ignored, never used.
 */
function findDisagreement(query: Record<string, QueryValue>, claims: Record<string, unknown>): string | undefined {
	for (const [name, value] of Object.entries(query)) {
		if (name === 'jwt') continue;
		const documented = (SIGNED_PARAMETERS as readonly string[]).includes(name);
		const claim = Object.prototype.hasOwnProperty.call(claims, name) ? claims[name] : undefined;
		if (!documented && claim === undefined) continue;
		// Only documented names are repeated; another name comes from the token and is not echoed.
		const label = documented ? name : 'a parameter';
		if (Array.isArray(value)) return `${label} is given more than once`;
		if (claim === undefined) return `${label} is in the URL but not in the token`;
		if (value === undefined || !sameValue(claim, value)) return `${label} in the URL differs from the token`;
	}
	return undefined;
}

const isoSeconds = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * Checks one iframe request: the page is accepted, the token is valid (see ./jwt), it holds the
 * doctor, practice and (for the patient chart) patient, and the rest of the URL agrees with it.
 */
export function checkIframeRequest(
	query: Record<string, QueryValue>,
	secret: string,
	kind: IframeKind,
	options: IframeCheckOptions,
): IframeCheck {
	if (!options.acceptedKinds.includes(kind)) {
		return refuse('kindNotAccepted', `This trigger does not accept the ${KIND_LABELS[kind]}`);
	}
	const jwt = query.jwt;
	if (Array.isArray(jwt)) return refuse('malformed', 'jwt is given more than once');

	const result = verifyHs256Jwt(jwt, secret, {
		nowSeconds: options.nowSeconds,
		clockDriftSeconds: options.clockDriftSeconds,
	});
	if (!result.valid) return refuse(result.reason, result.detail);
	const { claims } = result;

	if (!isId(claims.doctor_id)) return refuse('claims', 'The token has no doctor_id');
	if (!isId(claims.practice_id)) return refuse('claims', 'The token has no practice_id');
	const patientId = isId(claims.patient_id) ? claims.patient_id : null;
	if (kind === 'patient' && patientId === null) return refuse('claims', 'The token has no patient_id');

	const disagreement = findDisagreement(query, claims);
	if (disagreement) return refuse('mismatch', disagreement);

	return {
		ok: true,
		context: {
			kind,
			doctorId: claims.doctor_id,
			patientId,
			practiceId: claims.practice_id,
			issuedAt: isoSeconds(claims.iat as number),
			expiresAt: typeof claims.exp === 'number' ? isoSeconds(claims.exp) : null,
			claims: claims as IDataObject,
		},
	};
}
