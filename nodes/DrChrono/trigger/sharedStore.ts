import type { ICredentialDataDecryptedObject, IWebhookFunctions } from 'n8n-workflow';

import { storeUseFor } from '../quota';
import type { StoreUse } from '../store';
import { CREDENTIAL_TYPE } from '../transport';

/** The DrChrono Account chosen on the trigger, read from n8n at most once per delivery. */
export type AccountRead = () => Promise<ICredentialDataDecryptedObject>;

/** One delivery's read of the DrChrono Account: the store and Fetch Current Object share it. */
export function accountReadOnce(context: IWebhookFunctions): AccountRead {
	let read: Promise<ICredentialDataDecryptedObject> | undefined;
	return async () => await (read ??= context.getCredentials(CREDENTIAL_TYPE));
}

/**
 * The store the trigger's memories use across n8n processes: that of the DrChrono Account chosen on
 * the trigger, when its Quota Sharing is "All n8n processes". Without an account (it is optional:
 * only Fetch Current Object needs it) the memories stay in this process.
 */
export async function triggerStore(this: IWebhookFunctions, account: AccountRead): Promise<StoreUse | undefined> {
	if (!this.getNode().credentials?.[CREDENTIAL_TYPE]) return undefined;
	try {
		return storeUseFor(await account(), this);
	} catch {
		// An account that cannot be read leaves the memories local; Fetch Current Object reports it.
		return undefined;
	}
}
