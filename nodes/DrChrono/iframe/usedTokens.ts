import type { SeenMemory } from '../shared/seenMemory';
import { triggerMemory } from '../store';
import type { StoreUse } from '../store';

/**
 * Iframe tokens already accepted, per trigger, so a token opens the panel once, and a token's life
 * is never longer than the allowed clock drift.
 *
 * An iframe URL carries everything needed to open the panel: whoever gets hold of it (browser
 * history, a proxy log, a Referer header) could open it again while the token is still fresh. DrChrono
 * signs a new token (new `iat`) every time it renders the chart, so a legitimate reload never reuses
 * one; only a reload of the frame alone within the drift does, and that gets the "reload the page in
 * DrChrono" page.
 *
 * The token check accepts an `iat` up to the drift in the future (a clock ahead of n8n's), so by
 * `iat` alone a token dated `now + drift` would pass until `now + 2 × drift`. Its life is therefore
 * counted from the earlier of `iat` and the moment it was first accepted, and remembered for the
 * drift measured from the later of the two: the record outlives every moment the token could pass.
 *
 * Each trigger has its own bounded memory: tokens of one trigger (signed with another app's secret,
 * say) never push another trigger's used tokens out. Without the store a restart forgets, like any
 * replay cache without storage, and each n8n process remembers its own.
 */

/** More tokens than this are never expected within one drift window of one trigger; past it the oldest is forgotten. */
export const MAX_REMEMBERED_TOKENS = 10_000;

/**
 * The memory of used tokens of one trigger (`triggerKey` = workflow and node): in the credential's
 * store when its Quota Sharing is "All n8n processes", so a token opens the panel once on all of them.
 */
export function usedTokenMemory(triggerKey: string, store?: StoreUse): SeenMemory {
	return triggerMemory(`iframe-tokens:${triggerKey}`, MAX_REMEMBERED_TOKENS, 'used iframe tokens', store);
}

export type TokenAdmission = 'accepted' | 'reused' | 'expired';

export interface TokenUse {
	/** The token's signature: it names the token. */
	signature: string;
	iatSeconds: number;
	nowSeconds: number;
	driftSeconds: number;
	/** Accept Each Token Once: a second use is refused even within the token's life. */
	once: boolean;
}

/**
 * Whether a token that passed the signature and time checks may open the panel now. A probe with
 * a time of 0 records nothing lasting, so asking whether the token's life is still open does not
 * extend it.
 */
export async function admitToken(memory: SeenMemory, use: TokenUse): Promise<TokenAdmission> {
	const { signature, iatSeconds, nowSeconds, driftSeconds } = use;
	const msUntil = (seconds: number) => Math.max(0, Math.ceil((seconds - nowSeconds) * 1000));
	const remembered = msUntil(Math.max(iatSeconds, nowSeconds) + driftSeconds);
	if (await memory.firstSeen(`used:${signature}`, remembered)) {
		// First use: the token lives for the drift from the earlier of iat and now.
		await memory.firstSeen(`alive:${signature}`, msUntil(Math.min(iatSeconds, nowSeconds) + driftSeconds));
		return 'accepted';
	}
	if (use.once) return 'reused';
	return (await memory.firstSeen(`alive:${signature}`, 0)) ? 'expired' : 'accepted';
}
