import { createHmac, timingSafeEqual } from 'crypto';

/** Lower-case hex HMAC-SHA256 of `message` under `secret`: the Verify handshake's answer. */
export function hmacSha256Hex(secret: string, message: string | Buffer): string {
	return createHmac('sha256', secret).update(message).digest('hex');
}

/**
 * Constant-time string equality. The length check comes first because `timingSafeEqual` throws on
 * buffers of different lengths; that leaks only the length, which an attacker learns nothing from.
 */
export function safeEqual(actual: string, expected: string): boolean {
	const a = Buffer.from(actual, 'utf8');
	const b = Buffer.from(expected, 'utf8');
	return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The raw body as a JSON object, or undefined when it is anything else (empty, not UTF-8 JSON, an
 * array, a scalar). Deliveries are JSON objects, so this is both the delivery parser and the rule
 * the handshake relies on: every body this accepts contains the byte `{`.
 */
export function parseJsonObject(raw: Buffer | undefined): Record<string, unknown> | undefined {
	if (!raw || raw.length === 0) return undefined;
	try {
		const value: unknown = JSON.parse(raw.toString('utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

export interface SignatureOptions {
	/**
	 * Also accept `hex(HMAC-SHA256(secret, rawBody))`, a form some integrators report and DrChrono
	 * does not document. Off by default. It is safe only because the handshake refuses every `msg`
	 * that a JSON-object body could be (see handshake.ts), and this form is accepted only for such
	 * bodies; without both rules the handshake would sign forged deliveries for anyone.
	 */
	acceptBodyHmac?: boolean;
}

/**
 * Whether `X-drchrono-signature` proves the delivery came from the webhook configured with `secret`.
 *
 * DrChrono documents the header as the secret token itself: that is the only form accepted by
 * default, compared in constant time. No answer the trigger gives anyone equals the secret.
 */
export function isValidSignature(
	header: string | undefined,
	secret: string,
	rawBody: Buffer | undefined,
	options: SignatureOptions = {},
): boolean {
	if (!header || !secret) return false;
	if (safeEqual(header, secret)) return true;
	if (options.acceptBodyHmac !== true) return false;
	if (parseJsonObject(rawBody) === undefined) return false;
	return safeEqual(header.trim().toLowerCase(), hmacSha256Hex(secret, rawBody as Buffer));
}
