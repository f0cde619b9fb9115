import { createHmac } from 'crypto';

import { parseJsonObject, safeEqual } from '../shared/checks';

/** Lower-case hex HMAC-SHA256 of `message` under `secret`: the Verify handshake's answer. */
export function hmacSha256Hex(secret: string, message: string | Buffer): string {
	return createHmac('sha256', secret).update(message).digest('hex');
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
	// Deliveries are JSON objects (parseJsonObject is also the delivery parser), so every body this
	// form accepts contains the byte `{`: the rule the handshake relies on.
	if (parseJsonObject(rawBody) === undefined) return false;
	return safeEqual(header.trim().toLowerCase(), hmacSha256Hex(secret, rawBody as Buffer));
}
