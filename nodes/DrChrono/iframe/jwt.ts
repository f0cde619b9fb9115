import { createHmac } from 'crypto';

import { parseJsonObject, safeEqual } from '../shared/checks';

/**
 * The JWT DrChrono puts in an iframe URL, checked without a library (the package has no runtime
 * dependencies). DrChrono's docs: the token "encapsulates the other parameters" (doctor_id,
 * patient_id, practice_id, iat) and is signed "using SHA-256 HMAC with your client_secret as the
 * key"; their example validates with `algorithms=['HS256'], leeway=60`. So exactly one algorithm
 * is accepted, HS256; `none`, HS384/HS512 and every asymmetric algorithm are refused before any
 * key is used, which closes the classic algorithm-confusion attacks.
 */

/** Why a token was refused; the 403 page stays generic, the reason goes to the log and tests. Details are fixed texts: nothing from the token is repeated. */
export type JwtFailure =
	| 'missing'
	| 'malformed'
	| 'algorithm'
	| 'signature'
	| 'claims'
	| 'expired'
	| 'notYetValid'
	| 'issuedInFuture'
	| 'stale';

export type JwtResult =
	| { valid: true; header: Record<string, unknown>; claims: Record<string, unknown> }
	| { valid: false; reason: JwtFailure; detail: string };

export interface JwtCheckOptions {
	/** Seconds since the epoch; the caller's clock. */
	nowSeconds: number;
	/**
	 * Allowed clock drift in seconds, used as PyJWT's `leeway` for `exp` and `nbf`, and as the
	 * window `iat` must fall in: not later than now + drift, not earlier than now - drift.
	 */
	clockDriftSeconds: number;
}

/** Tokens longer than this are refused unread; DrChrono's are a few hundred bytes. */
export const MAX_TOKEN_LENGTH = 4096;

/** The only algorithm DrChrono uses and the only one accepted. */
export const ACCEPTED_ALGORITHM = 'HS256';

const BASE64URL_SEGMENT = /^[A-Za-z0-9_-]+$/;

/** Unpadded base64url (RFC 7515 §2), the form JWT segments use. */
export function base64UrlEncode(data: Buffer | string): string {
	return Buffer.from(data).toString('base64url');
}

function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
	return parseJsonObject(Buffer.from(segment, 'base64url'));
}

/** The HS256 signature of `signingInput` under `secret`, base64url-encoded. */
export function hs256Signature(signingInput: string, secret: string): string {
	return base64UrlEncode(createHmac('sha256', secret).update(signingInput, 'utf8').digest());
}

const isNumericDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

const fail = (reason: JwtFailure, detail: string): JwtResult => ({ valid: false, reason, detail });

/**
 * Verifies a compact-serialized JWS: shape, header (`alg` exactly HS256, no `crit`), signature
 * (compared in constant time against the canonical encoding, so a re-encoded signature does not
 * pass either), then the time claims. `iat` is required; `exp` and `nbf` are checked when present.
 */
export function verifyHs256Jwt(token: unknown, secret: string, options: JwtCheckOptions): JwtResult {
	if (typeof token !== 'string' || token === '') return fail('missing', 'No jwt parameter');
	if (token.length > MAX_TOKEN_LENGTH) return fail('malformed', 'The token is too long');
	const parts = token.split('.');
	if (parts.length !== 3) return fail('malformed', 'A JWT has three dot-separated parts');
	const [headerPart, payloadPart, signaturePart] = parts;
	if (!BASE64URL_SEGMENT.test(headerPart) || !BASE64URL_SEGMENT.test(payloadPart)) {
		return fail('malformed', 'The header or payload is not base64url');
	}

	const header = decodeJsonSegment(headerPart);
	if (!header) return fail('malformed', 'The header is not a JSON object');
	if (header.alg !== ACCEPTED_ALGORITHM) {
		return fail('algorithm', `The algorithm is not ${ACCEPTED_ALGORITHM}, the only one accepted`);
	}
	if (header.crit !== undefined) return fail('malformed', 'Critical header extensions are not supported');
	if (signaturePart === '' || !BASE64URL_SEGMENT.test(signaturePart)) {
		return fail('signature', 'The token is not signed');
	}
	if (!secret) return fail('signature', 'No key to check the signature with');
	if (!safeEqual(signaturePart, hs256Signature(`${headerPart}.${payloadPart}`, secret))) {
		return fail('signature', 'The signature does not match the client secret');
	}

	const claims = decodeJsonSegment(payloadPart);
	if (!claims) return fail('malformed', 'The payload is not a JSON object');

	const { nowSeconds: now, clockDriftSeconds: drift } = options;
	if (!isNumericDate(claims.iat)) return fail('claims', 'The iat claim is missing or not a number');
	if (claims.exp !== undefined) {
		if (!isNumericDate(claims.exp)) return fail('claims', 'The exp claim is not a number');
		if (now > claims.exp + drift) return fail('expired', 'The token has expired');
	}
	if (claims.nbf !== undefined) {
		if (!isNumericDate(claims.nbf)) return fail('claims', 'The nbf claim is not a number');
		if (now < claims.nbf - drift) return fail('notYetValid', 'The token is not valid yet');
	}
	if (claims.iat > now + drift) return fail('issuedInFuture', 'The token was issued in the future');
	if (claims.iat < now - drift) return fail('stale', 'The token was issued too long ago');

	return { valid: true, header, claims };
}
