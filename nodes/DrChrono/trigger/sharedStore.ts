import type { IWebhookFunctions } from 'n8n-workflow';

import { storeUseFor } from '../quota';
import type { StoreUse } from '../store';
import { CREDENTIAL_TYPE } from '../transport';

/**
 * The store the trigger's memories use across n8n processes: that of the DrChrono Account chosen on
 * the trigger, when its Quota Sharing is "All n8n processes". Without an account (it is optional:
 * only Fetch Current Object needs it) the memories stay in this process.
 */
export async function triggerStore(this: IWebhookFunctions): Promise<StoreUse | undefined> {
	if (!this.getNode().credentials?.[CREDENTIAL_TYPE]) return undefined;
	try {
		return storeUseFor(await this.getCredentials(CREDENTIAL_TYPE), this);
	} catch {
		// An account that cannot be read leaves the memories local; Fetch Current Object reports it.
		return undefined;
	}
}
