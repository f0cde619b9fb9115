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
				'Choose a long random secret (for example 32+ characters from a password generator) and enter the same value as the Secret Token of the webhook in DrChrono (Account > API, the Webhook section of the app).',
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
	];
}
