/**
 * The triggers keep small per-process memories (the throttled refusal log, iframe tokens already
 * used, delivery ids and bodies, Verify answers given, store warnings). Each test starts with them empty, as a freshly started n8n would.
 */
import { refusalLog } from '../../nodes/DrChrono/shared/refusalLog';
import { forgetAllSeen } from '../../nodes/DrChrono/shared/seenMemory';
import { forgetStoreNotices } from '../../nodes/DrChrono/store';
import { verifyBudget } from '../../nodes/DrChrono/trigger/verifyBudget';

beforeEach(() => {
	refusalLog.reset();
	forgetAllSeen();
	forgetStoreNotices();
	verifyBudget.reset();
});

// No end-of-minute log line may outlive the test file.
afterAll(() => refusalLog.reset());
