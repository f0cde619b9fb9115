import type { Clock } from './clock';
import { systemClock } from './clock';
import type { QuotaSettings } from './types';
import { QuotaGuard } from './QuotaGuard';
import { SharedQuotaGuard } from './SharedQuotaGuard';
import type { QuotaSharing, StoreAccess } from './SharedQuotaGuard';

/**
 * One guard per DrChrono app (its Client ID) for the whole n8n process: every node, execution and
 * workflow that uses the same app shares its budget. With the credential's Quota Sharing set to the
 * store, the guard is a SharedQuotaGuard and the budget is shared by every n8n process (queue-mode
 * workers, webhook processes, the main process) through the store; otherwise each process holds its
 * own, and the 429 handling covers what they cannot see of each other.
 */
const guards = new Map<string, QuotaGuard>();
let clock: Clock = systemClock;

/**
 * The guard of an app, made or re-configured from the credential's settings. `access` (n8n's HTTP
 * helper and log of the calling context) is what a shared guard reaches its store with.
 */
export function getQuotaGuard(
	appKey: string,
	settings: QuotaSettings & { sharing?: QuotaSharing },
	access?: StoreAccess,
): QuotaGuard {
	const { sharing } = settings;
	const quota: QuotaSettings = {
		quota: settings.quota,
		reserve: settings.reserve,
		perSecond: settings.perSecond,
		windowMs: settings.windowMs,
	};
	let guard = guards.get(appKey);
	if (guard === undefined || guard instanceof SharedQuotaGuard !== (sharing !== undefined)) {
		// A switch of Quota Sharing starts a new guard; callers already queued in the old one keep it.
		guard = sharing ? new SharedQuotaGuard(appKey, quota, sharing, clock) : new QuotaGuard(quota, clock);
		guards.set(appKey, guard);
	} else {
		guard.configure(quota);
		if (sharing && guard instanceof SharedQuotaGuard) guard.configureSharing(sharing);
	}
	if (access && guard instanceof SharedQuotaGuard) guard.use(access);
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
