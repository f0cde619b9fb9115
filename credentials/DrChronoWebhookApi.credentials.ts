import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secret token of a DrChrono webhook. DrChrono has no API to test it against: the DrChrono
 * Trigger node tests it (`testedBy` on the node), and DrChrono's Verify button proves it end to end.
 */
export class DrChronoWebhookApi implements ICredentialType {
	name = 'drChronoWebhookApi';

	displayName = 'DrChrono Webhook API';

	icon = { light: 'file:../nodes/DrChrono/drchrono.svg', dark: 'file:../nodes/DrChrono/drchrono.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-drchrono/n8n-nodes-drchrono/blob/main/docs/trigger.md#credentials';

	properties: INodeProperties[] = [
		{
			displayName:
				'Generate a random secret of 32 or more characters (for example with openssl rand -hex 32) and enter the same value as the Secret Token of the webhook in DrChrono (Account > API, the Webhook section of the app). A short or hand-made secret is refused: DrChrono\'s Verify answer lets anyone test guesses offline. To change the secret without losing deliveries, see Previous Secret Token.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Secret Token',
			name: 'secretToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The Secret Token of the webhook in DrChrono. DrChrono signs every delivery with it, and n8n uses it to answer the Verify handshake.',
		},
		{
			displayName: 'Previous Secret Token',
			name: 'previousSecretToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Only while changing the secret: the old Secret Token, still accepted on deliveries (not on Verify). Steps: put the old value here and a new one above, save; enter the new one in DrChrono and press Verify; once deliveries carry the new one (DrChrono retries old deliveries for up to 7 hours), clear this field.',
		},
	];
}
