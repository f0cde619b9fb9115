import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

/** The credential type that holds the webhook's secret token. */
export const WEBHOOK_CREDENTIAL = 'drChronoWebhookApi';

/** Below this a secret can be guessed; DrChrono asks for a high-entropy one. */
export const MIN_SECRET_LENGTH = 16;

/**
 * The credential test of the webhook secret. There is no DrChrono endpoint to check a webhook
 * secret against, so this checks what can go wrong on n8n's side; DrChrono's Verify button then
 * proves that both sides hold the same value.
 */
export function checkSecretToken(secret: unknown): INodeCredentialTestResult {
	if (typeof secret !== 'string' || secret === '') {
		return { status: 'Error', message: 'Enter the Secret Token of the DrChrono webhook' };
	}
	if (secret.trim() !== secret) {
		return {
			status: 'Error',
			message: 'The secret token starts or ends with a space. DrChrono compares it exactly; remove the space here and in DrChrono.',
		};
	}
	if (secret.length < MIN_SECRET_LENGTH) {
		return {
			status: 'Error',
			message: `Use a secret token of at least ${MIN_SECRET_LENGTH} random characters, here and in DrChrono: anyone who guesses it can send deliveries to the workflow.`,
		};
	}
	return {
		status: 'OK',
		message: 'The secret token is usable. Press Verify in DrChrono to check that both sides hold the same one.',
	};
}

export async function testSecretToken(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return checkSecretToken(credential.data?.secretToken);
}
