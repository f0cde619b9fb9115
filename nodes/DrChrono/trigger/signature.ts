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

/** How a delivery proved it knows the secret: the header is the secret (documented), or the body's HMAC. */
export type SignatureForm = 'secret' | 'bodyHmac';

/**
 * Whether the header is one of the accepted secrets, compared in constant time. The documented
 * form needs nothing else, so the trigger decides on it before reading the body.
 */
export function headerIsSecret(header: string | undefined, secrets: readonly string[]): boolean {
	if (!header) return false;
	let matched = false;
	// Every secret is compared, so the time taken does not say which one matched.
	for (const secret of secrets) if (secret && safeEqual(header, secret)) matched = true;
	return matched;
}

/**
 * The body-HMAC form: the HMAC is compared before the body is parsed, so an unsigned body costs one
 * hash and no parse. Then, as the handshake relies on, only a JSON object is accepted: every body
 * this form accepts contains the byte `{`.
 */
export function isBodyHmac(header: string | undefined, secrets: readonly string[], rawBody: Buffer | undefined): boolean {
	if (!header || !rawBody || rawBody.length === 0) return false;
	const presented = header.trim().toLowerCase();
	let matched = false;
	for (const secret of secrets) if (secret && safeEqual(presented, hmacSha256Hex(secret, rawBody))) matched = true;
	return matched && parseJsonObject(rawBody) !== undefined;
}

/** Which form `X-drchrono-signature` proves the secret in, if any. */
export function signatureForm(
	header: string | undefined,
	secrets: readonly string[],
	rawBody: Buffer | undefined,
	options: SignatureOptions = {},
): SignatureForm | undefined {
	if (headerIsSecret(header, secrets)) return 'secret';
	if (options.acceptBodyHmac === true && isBodyHmac(header, secrets, rawBody)) return 'bodyHmac';
	return undefined;
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
	return signatureForm(header, [secret], rawBody, options) !== undefined;
}
