/**
 * The triggers keep small per-process memories (the throttled refusal log, iframe tokens already
 * used). Each test starts with them empty, as a freshly started n8n would.
 */
import { forgetUsedTokens } from '../../nodes/DrChrono/iframe/usedTokens';
import { refusalLog } from '../../nodes/DrChrono/shared/refusalLog';

beforeEach(() => {
	refusalLog.reset();
	forgetUsedTokens();
});
