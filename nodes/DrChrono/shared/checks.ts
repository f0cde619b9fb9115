import { timingSafeEqual } from 'crypto';

/**
 * Checks both triggers make on what strangers send them; one copy, so the webhook signature and the
 * iframe token are judged the same way.
 */

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
 * UTF-8 bytes as a JSON object, or undefined when they are anything else (empty, not JSON, an array,
 * a scalar).
 */
export function parseJsonObject(bytes: Buffer | undefined): Record<string, unknown> | undefined {
	if (!bytes || bytes.length === 0) return undefined;
	try {
		const value: unknown = JSON.parse(bytes.toString('utf8'));
		return typeof value === 'object' && value !== null && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}
