import { headerValue } from '../shared/headers';
import { parseBody } from './apiErrors';
import type { DrChronoResponse } from './types';

/**
 * How long DrChrono asks us to wait after a 429, in ms, or undefined when it does not say.
 * `Retry-After` is seconds or an HTTP date (0 or a date in the past means now); without it, Django
 * REST framework's throttle text "Expected available in N seconds." carries the same number.
 */
export function retryAfterMs(response: Pick<DrChronoResponse, 'headers' | 'body'>, now: number): number | undefined {
	const value = headerValue(response.headers, 'retry-after')?.trim();
	if (value !== undefined && value !== '') {
		if (/^\d+(\.\d+)?$/.test(value)) return Math.max(0, Number(value) * 1000);
		const date = Date.parse(value);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	const body = parseBody(response.body);
	const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
	const match = /expected available in (\d+(?:\.\d+)?) seconds?/i.exec(text);
	return match ? Math.max(0, Number(match[1]) * 1000) : undefined;
}
