/**
 * The triggers keep small per-process memories (the throttled refusal log, iframe tokens already
 * used, delivery bodies, Verify answers given). Each test starts with them empty, as a freshly started n8n would.
 */
import { refusalLog } from '../../nodes/DrChrono/shared/refusalLog';
import { forgetAllSeen } from '../../nodes/DrChrono/shared/seenMemory';
import { verifyBudget } from '../../nodes/DrChrono/trigger/verifyBudget';

beforeEach(() => {
	refusalLog.reset();
	forgetAllSeen();
	verifyBudget.reset();
});

// No end-of-minute log line may outlive the test file.
afterAll(() => refusalLog.reset());
