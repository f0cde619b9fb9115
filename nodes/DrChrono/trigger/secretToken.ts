import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { MIN_SECRET_LENGTH, secretWeakness } from './secretStrength';

export { MIN_SECRET_LENGTH };

/** The credential type that holds the webhook's secret token. */
export const WEBHOOK_CREDENTIAL = 'drChronoWebhookApi';

/** The webhook credential's fields as a node reads them. */
export interface WebhookSecrets {
	secretToken?: string;
	/** The secret before the last change, accepted for deliveries until cleared (rotation). */
	previousSecretToken?: string;
}

/** The secrets the trigger accepts, or why it may not run with them. */
export type SecretCheck = { ok: true; current: string; accepted: string[] } | { ok: false; message: string };

function problemOf(secret: unknown, label: string): string | undefined {
	if (typeof secret !== 'string' || secret === '') return `Enter the ${label} of the DrChrono webhook`;
	if (secret.trim() !== secret) {
		return `The ${label} starts or ends with a space. DrChrono compares it exactly; remove the space here and in DrChrono.`;
	}
	return secretWeakness(secret, `The ${label}`);
}

/**
 * The one judgement of the credential, used by its test and by the trigger on every request: the
 * current secret (Verify and deliveries) and the previous one (deliveries only, while it is set)
 * must both be strong. A trigger with a weak secret answers nothing, so an existing workflow set up
 * before this rule stops and says why instead of running with a guessable secret.
 */
export function checkWebhookSecrets(credential: WebhookSecrets): SecretCheck {
	const current = credential.secretToken;
	const currentProblem = problemOf(current, 'Secret Token');
	if (currentProblem) return { ok: false, message: currentProblem };
	const previous = credential.previousSecretToken;
	if (previous === undefined || previous === '') return { ok: true, current: current as string, accepted: [current as string] };
	const previousProblem = problemOf(previous, 'Previous Secret Token');
	if (previousProblem) return { ok: false, message: `${previousProblem} Or clear the Previous Secret Token once DrChrono sends the new one.` };
	return { ok: true, current: current as string, accepted: previous === current ? [current as string] : [current as string, previous] };
}

/**
 * The credential test of the webhook secret. There is no DrChrono endpoint to check a webhook
 * secret against, so this checks what can go wrong on n8n's side; DrChrono's Verify button then
 * proves that both sides hold the same value.
 */
export function checkSecretToken(secret: unknown, previousSecret?: unknown): INodeCredentialTestResult {
	const check = checkWebhookSecrets({ secretToken: secret as string, previousSecretToken: previousSecret as string });
	if (!check.ok) return { status: 'Error', message: check.message };
	return {
		status: 'OK',
		message:
			check.accepted.length > 1
				? 'Both secret tokens are usable. Deliveries signed with either are accepted; Verify answers with the Secret Token. Clear the Previous Secret Token once DrChrono holds the new one.'
				: 'The secret token is usable. Press Verify in DrChrono to check that both sides hold the same one.',
	};
}

export async function testSecretToken(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return checkSecretToken(credential.data?.secretToken, credential.data?.previousSecretToken);
}
