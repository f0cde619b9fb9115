import type { Clock } from './clock';
import { systemClock } from './clock';
import type { QuotaSettings } from './types';
import { QuotaGuard } from './QuotaGuard';

/**
 * One guard per DrChrono app (its Client ID) for the whole n8n process: every node, execution and
 * workflow that uses the same app shares its budget. (Separate n8n processes, such as queue-mode
 * workers, each hold their own; the 429 handling covers what they cannot see of each other.)
 */
const guards = new Map<string, QuotaGuard>();
let clock: Clock = systemClock;

export function getQuotaGuard(appKey: string, settings: QuotaSettings): QuotaGuard {
	let guard = guards.get(appKey);
	if (guard === undefined) {
		guard = new QuotaGuard(settings, clock);
		guards.set(appKey, guard);
	} else {
		guard.configure(settings);
	}
	return guard;
}

/** The guard of an app if one exists; for tests and diagnostics. */
export function findQuotaGuard(appKey: string): QuotaGuard | undefined {
	return guards.get(appKey);
}

/** Tests swap in a fake clock and start from empty budgets. */
export function resetQuotaGuards(newClock: Clock = systemClock): void {
	guards.clear();
	clock = newClock;
}
