import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { ALL_EVENTS, DRCHRONO_EVENTS } from './events';

const eventOptions: INodePropertyOptions[] = [
	{
		name: 'All Events',
		value: ALL_EVENTS,
		description: 'Every event DrChrono sends, including events it adds later',
	},
	...DRCHRONO_EVENTS.map((event) => ({
		name: event.label,
		value: event.name,
		description: `${event.description} (${[event.name, ...(event.aliases ?? [])].join(' or ')})`,
	})).sort((a, b) => a.name.localeCompare(b.name)),
];

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'DrChrono webhooks are set up in DrChrono only. Publish (activate) this workflow, then in DrChrono open Account > API, select the API application and fill in its Webhook section: Callback URL = the Production URL shown above under Webhook URLs; Secret Token = the one in this node\'s credential; Events = those you want. Save and press Verify. Whenever the URL changes (the Test URL and the Production URL differ), enter the new one and press Verify again: DrChrono keeps sending to the URL it verified.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: eventOptions,
		required: true,
		default: [ALL_EVENTS],
		description:
			'The events that start the workflow. DrChrono only sends the events ticked in its webhook form, so tick them there too; other events are answered and ignored.',
	},
	{
		displayName: 'Fetch Current Object',
		name: 'fetchCurrentObject',
		type: 'boolean',
		default: false,
		description:
			'Whether to read the object again from the DrChrono API, so the workflow gets its state now rather than at the time of the event. Costs one call of the hourly quota per delivery and needs a DrChrono OAuth2 API credential. Deletions have nothing to read.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Also Accept Body HMAC Signature',
				name: 'acceptBodyHmac',
				type: 'boolean',
				default: false,
				description:
					'Whether X-drchrono-signature may also be the hex HMAC-SHA256 of the body under the secret token, a form DrChrono does not document. Leave off unless your deliveries are refused with 401 although the secret is right. Risk: anyone who captures one delivery can replay its body with other headers. The Verify answer never signs a JSON body, so it cannot be used to forge one.',
			},
			{
				displayName: 'Emit Pings',
				name: 'emitPings',
				type: 'boolean',
				default: false,
				description:
					'Whether the Ping button of the DrChrono webhook starts the workflow (event PING). Off, pings are answered and ignored.',
			},
			{
				displayName: 'Ignore Repeated Deliveries',
				name: 'ignoreRepeatedDeliveries',
				type: 'boolean',
				default: true,
				description:
					'Whether a delivery whose X-drchrono-delivery ID was already received (e.g. sent again with Redeliver in DrChrono) is ignored. The last 1,000 IDs per trigger are remembered until n8n restarts.',
			},
			{
				displayName: 'Include Headers',
				name: 'includeHeaders',
				type: 'boolean',
				default: false,
				description:
					'Whether to add the request headers to the output as headers. X-drchrono-signature is redacted, as it holds the secret token.',
			},
		],
	},
];
