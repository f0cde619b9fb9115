/**
 * Whether the trigger's state survives: n8n keeps the cursor in the workflow's static data, which it
 * saves only for workflow ids it calls valid, and a restart loads what was saved last. Where the
 * state cannot be saved, or did not survive, the trigger says so once in n8n's log (and the node's
 * output hint says so in the editor) instead of silently starting over.
 */
import type { IPollFunctions } from 'n8n-workflow';

/**
 * The longest workflow id n8n saves static data for: n8n 1.x's `isWorkflowIdValid` is
 * `id.length <= 16`; n8n 2.x allows 21 (nanoid ids). 2.x is told apart by its poll context's
 * `getPollBudgetMs`, which 1.x does not have.
 */
export const MAX_SAVED_ID_N8N1 = 16;
export const MAX_SAVED_ID_N8N2 = 21;

export function maxSavedWorkflowId(ctx: IPollFunctions): number {
	const budget = (ctx as { getPollBudgetMs?: unknown }).getPollBudgetMs;
	return typeof budget === 'function' ? MAX_SAVED_ID_N8N2 : MAX_SAVED_ID_N8N1;
}

/** Why this trigger's state will not be saved, or undefined when n8n saves it. */
export function unsavedReason(ctx: IPollFunctions): string | undefined {
	const id = ctx.getWorkflow().id;
	const max = maxSavedWorkflowId(ctx);
	if (typeof id === 'string' && id.length > 0 && id.length <= max) return undefined;
	return `n8n does not save the state of workflows whose id is longer than ${max} characters (this one: "${String(id)}", ${String(id ?? '').length}). Every restart of n8n starts this trigger over from now and skips what changed meanwhile. Import the workflow with a shorter id (or none, and n8n assigns one).`;
}

/**
 * n8n keeps one poll context per activation of a trigger (1.x and 2.x): the first poll a context
 * makes is the activation's first poll. Held weakly, so an ended activation leaves nothing behind.
 */
const activations = new WeakSet<object>();

/** True on the first poll of this activation (and marks it). */
export function firstPollOfActivation(ctx: IPollFunctions): boolean {
	if (activations.has(ctx)) return false;
	activations.add(ctx);
	return true;
}

/**
 * Activations where the workflow was already active: n8n started (`init`), another main took over
 * (`leadershipChange`), or the active workflow was saved (`update`). Its trigger has polled
 * before, so a cursor should be there.
 */
export function wasActiveBefore(ctx: IPollFunctions): boolean {
	return ['init', 'leadershipChange', 'update'].includes(ctx.getActivationMode());
}

export const LOST_STATE_MESSAGE =
	'no saved poll state although n8n started with this workflow active (or it was saved while active): starting from now. If it polled before, its state was not saved or was lost, and what changed while n8n was away is not emitted; set Options > Start From to read it again.';
