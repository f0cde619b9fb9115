/**
 * Iframe tokens already accepted, so a token opens the panel once.
 *
 * An iframe URL carries everything needed to open the panel: whoever gets hold of it (browser
 * history, a proxy log, a Referer header) could open it again while the token is still fresh. DrChrono
 * signs a new token (new `iat`) every time it renders the chart, so a legitimate reload never reuses
 * one; only a reload of the frame alone within the drift does, and that gets the "reload the page in
 * DrChrono" page. Each token is remembered only until it would be refused as stale anyway
 * (`iat` + drift), so the memory stays small and per process; a restart forgets, like any replay
 * cache without storage.
 */

/** More tokens than this are never expected within one drift window; past it the oldest is forgotten. */
export const MAX_REMEMBERED_TOKENS = 10_000;

const remembered = new Map<string, number>();

function forgetExpired(nowSeconds: number): void {
	for (const [key, until] of remembered) {
		if (until < nowSeconds) remembered.delete(key);
	}
}

/**
 * Records the token (by trigger and signature) and says whether it was unused. `validUntilSeconds` is
 * when the trigger would refuse it anyway; it is forgotten after that.
 */
export function claimToken(triggerKey: string, signature: string, validUntilSeconds: number, nowSeconds: number): boolean {
	const key = `${triggerKey}:${signature}`;
	const until = remembered.get(key);
	if (until !== undefined && until >= nowSeconds) return false;
	if (remembered.size >= MAX_REMEMBERED_TOKENS) forgetExpired(nowSeconds);
	while (remembered.size >= MAX_REMEMBERED_TOKENS) {
		remembered.delete(remembered.keys().next().value as string);
	}
	remembered.set(key, validUntilSeconds);
	return true;
}

/** Forgets every token; for tests. */
export function forgetUsedTokens(): void {
	remembered.clear();
}
