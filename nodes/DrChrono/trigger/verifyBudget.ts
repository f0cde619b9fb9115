/**
 * How many Verify answers a trigger gives. Each answer is HMAC-SHA256(secret, msg) for a msg the
 * caller picks: one answer is enough to test guesses of the secret offline, so the budget does not
 * stop a determined guesser (the secret's strength does, see secretStrength.ts). It keeps the
 * answers few and visible: DrChrono's Verify button needs one per press, a stranger collecting
 * answers gets 429 after a few, and every answer is logged.
 */

/** Verify answers per trigger and window; a few presses of Verify in a row still pass. */
export const VERIFY_ANSWERS_PER_WINDOW = 5;
export const VERIFY_WINDOW_MS = 60_000;

export interface VerifyBudget {
	/** Takes one answer from the trigger's budget: 0 when granted, else the seconds until the next one. */
	take(triggerKey: string): number | Promise<number>;
}

interface Window {
	startedAt: number;
	used: number;
}

/** Fixed windows per trigger, in process memory. */
export class InProcessVerifyBudget implements VerifyBudget {
	private readonly windows = new Map<string, Window>();

	constructor(
		private readonly perWindow = VERIFY_ANSWERS_PER_WINDOW,
		private readonly windowMs = VERIFY_WINDOW_MS,
		private readonly now: () => number = () => Date.now(),
	) {}

	take(triggerKey: string): number {
		const now = this.now();
		let window = this.windows.get(triggerKey);
		if (!window || now - window.startedAt >= this.windowMs) {
			window = { startedAt: now, used: 0 };
			this.windows.set(triggerKey, window);
		}
		if (window.used >= this.perWindow) return Math.max(1, Math.ceil((window.startedAt + this.windowMs - now) / 1000));
		window.used++;
		return 0;
	}

	/** Forgets every window; for tests. */
	reset(): void {
		this.windows.clear();
	}
}

/** The budget of every DrChrono Trigger of the process. */
export const verifyBudget = new InProcessVerifyBudget();
