import { createHmac, timingSafeEqual } from 'crypto';

/** Lower-case hex HMAC-SHA256 of `message` under `secret`: DrChrono's handshake and body-signature form. */
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
 * Whether `X-drchrono-signature` proves the delivery came from the webhook configured with `secret`.
 *
 * DrChrono's docs say the header carries the secret token itself, so that is the first check. Some
 * integrators report an HMAC-SHA256 of the body instead (unverified); accepting that form as well
 * costs nothing, as only a holder of the secret can produce either.
 */
export function isValidSignature(
	header: string | undefined,
	secret: string,
	rawBody: Buffer | undefined,
): boolean {
	if (!header || !secret) return false;
	if (safeEqual(header, secret)) return true;
	if (rawBody === undefined) return false;
	return safeEqual(header.trim().toLowerCase(), hmacSha256Hex(secret, rawBody));
}
