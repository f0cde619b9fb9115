import type { IHookFunctions, WebhookType } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { ServedUrl } from '../shared/servedUrl';
import { WEBHOOK_CREDENTIAL, checkWebhookSecrets, type WebhookSecrets } from './secretToken';

/**
 * n8n's side of the webhook lifecycle. DrChrono has no API to create, list or delete webhooks: the
 * user types the callback URL and the secret into DrChrono's API page and presses Verify. So there
 * is nothing to register remotely; these hooks only remember which URL n8n serves, so a change of
 * URL is pointed out when it happens, because DrChrono keeps sending to the old URL until the user
 * re-verifies.
 */
const served = (context: IHookFunctions, group: WebhookType) => new ServedUrl(context, group, group, 'callbackUrl');

/**
 * Activation stops with the reason when the credential's secret may not be used (too short,
 * guessable): a workflow saved before that rule fails loudly instead of running with it. Checked
 * on every activation, also when n8n restarts an active workflow whose URL is already recorded.
 */
async function requireUsableSecret(this: IHookFunctions): Promise<void> {
	const check = checkWebhookSecrets(await this.getCredentials<WebhookSecrets>(WEBHOOK_CREDENTIAL));
	if (!check.ok) {
		throw new NodeOperationError(this.getNode(), check.message, {
			description: 'Fix the secret in the DrChrono Webhook credential (and in DrChrono), then activate the workflow again.',
		});
	}
}

/** True when n8n's record already holds the URL being served, so `create` has nothing to do. */
export async function checkExists(this: IHookFunctions, group: WebhookType): Promise<boolean> {
	if (group === 'default') await requireUsableSecret.call(this);
	return served(this, group).isCurrent();
}

/** Records the URL and tells the user what only they can do: enter it in DrChrono and verify. */
export async function create(this: IHookFunctions, group: WebhookType): Promise<boolean> {
	if (group === 'default') await requireUsableSecret.call(this);
	const record = served(this, group);
	const url = record.url;
	if (url === undefined) return false;
	const previous = record.serve(url);

	// Both webhooks share one URL; say it once, for the one that receives deliveries.
	if (group !== 'default') return true;
	const name = this.getNode().name;
	const where = 'in DrChrono (Account > API, the Webhook section of the app)';
	const test =
		this.getMode() === 'manual'
			? ' This is the test URL, served only while the editor listens for a test event; verify again with the production URL before publishing.'
			: '';
	if (previous !== undefined) {
		this.logger.warn(
			`DrChrono Trigger "${name}" now listens on ${url} instead of ${previous}. DrChrono keeps sending to the old URL until you enter the new one as the Callback URL ${where} and press Verify.${test}`,
		);
	} else {
		this.logger.info(
			`DrChrono Trigger "${name}" listens on ${url}. n8n cannot set up DrChrono webhooks: enter this URL and the secret token ${where} and press Verify.${test}`,
		);
	}
	return true;
}

/**
 * Forgets the registration; the last URL stays known. DrChrono cannot be told, so deliveries it
 * sends meanwhile get 404 from n8n and are retried by DrChrono at +1 h, +3 h and +7 h.
 */
export function remove(this: IHookFunctions, group: WebhookType): boolean {
	served(this, group).forget();
	return true;
}
