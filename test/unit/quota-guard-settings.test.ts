/** One app, two credentials with different window settings: neither resets the other's count. */
import { getQuotaGuard, resetQuotaGuards } from '../../nodes/DrChrono/quota';
import type { QuotaSettings } from '../../nodes/DrChrono/quota';
import { FakeClock, HOUR, T0 } from './fake-clock';
import { FAIL, guardSettings } from './guard-fixtures';

const settings = (over: Partial<QuotaSettings> = {}): QuotaSettings => guardSettings({ quota: 10, ...over });

afterEach(() => resetQuotaGuards());

describe('QuotaGuard: settings never lower the count', () => {
	it('lets 10 of 100 calls through a quota of 10 when two credentials alternate window settings', async () => {
		resetQuotaGuards(new FakeClock(T0));
		const hourly = settings();
		const halfHourly = settings({ windowMs: HOUR / 2 });
		let sent = 0;
		for (let i = 0; i < 100; i++) {
			// As the transport does on every call: the guard of the app, with this credential's settings.
			const guard = getQuotaGuard('one-app', i % 2 === 0 ? hourly : halfHourly);
			try {
				(await guard.acquire(FAIL))();
				sent++;
			} catch {
				// refused: the quota is used up
			}
		}
		expect(sent).toBe(10);
	});

	it('keeps the count when the quota is lowered and raised again', async () => {
		resetQuotaGuards(new FakeClock(T0));
		const guard = getQuotaGuard('one-app', settings());
		for (let i = 0; i < 8; i++) (await guard.acquire(FAIL))();
		getQuotaGuard('one-app', settings({ quota: 5 }));
		expect(guard.snapshot()).toMatchObject({ used: 8, remaining: 0 });
		getQuotaGuard('one-app', settings());
		expect(guard.snapshot()).toMatchObject({ used: 8, remaining: 2 });
	});
});
