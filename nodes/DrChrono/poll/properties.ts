import type { INodeProperties } from 'n8n-workflow';

import { POLL_EVENTS } from './events';
import type { PollEvent } from './events';

/** One Filters collection; each filter shows only for the events whose list has it. */
function filterProperties(): INodeProperties[] {
	const byKey = new Map<string, { label: string; kind: string; description?: string; events: string[] }>();
	for (const event of POLL_EVENTS) {
		for (const f of event.filters) {
			const name = f.param ?? f.key;
			const entry = byKey.get(name) ?? { label: f.label, kind: f.kind, description: f.description, events: [] };
			entry.events.push(event.value);
			byKey.set(name, entry);
		}
	}
	const options: INodeProperties[] = [...byKey.entries()]
		.sort((a, b) => a[1].label.localeCompare(b[1].label))
		.map(([key, f]) => ({
			displayName: f.label,
			name: key,
			type: f.kind === 'number' ? 'number' : 'string',
			default: f.kind === 'number' ? 0 : '',
			description: f.description ?? `Only records with this ${f.label.replace(/ ID$/, '').toLowerCase()}`,
			displayOptions: { show: { '/event': f.events } },
		}));
	return [
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options,
		},
	];
}

const appointmentEvents = POLL_EVENTS.filter((e) => e.scheduledRange).map((e) => e.value);
const simplifyEvents = POLL_EVENTS.filter((e) => e.simplifyFrom).map((e) => e.value);

function eventDescription(e: PollEvent): string {
	const what = e.kind === 'created' ? 'is created' : 'is created or changed';
	return `When a ${e.name.replace(/^New (or Updated )?/, '').toLowerCase()} ${what} (${e.path}, needs ${e.scope})`;
}

export const pollProperties: INodeProperties[] = [
	{
		displayName:
			'Each poll costs one call of the app\'s hourly DrChrono quota when nothing changed, and one per page of changed records otherwise (250 a page, 20 for appointments): every minute is 60 calls/hour (12% of the default 500), every 5 minutes 12, every 15 minutes 4, every hour 1. The node\'s subtitle on the canvas shows the cost of the Poll Times set below. A poll that cannot get quota before the next one is skipped; the next one catches up.',
		name: 'quotaNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		noDataExpression: true,
		required: true,
		default: 'newLabResult',
		options: POLL_EVENTS.map((e) => ({ name: e.name, value: e.value, description: eventDescription(e) })).sort((a, b) =>
			a.name.localeCompare(b.name),
		),
	},
	...filterProperties(),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'On Reactivation',
				name: 'onReactivation',
				type: 'options',
				default: 'continue',
				options: [
					{
						name: 'Continue Where It Stopped',
						value: 'continue',
						description: 'Emit what changed while the workflow was inactive, then carry on',
					},
					{
						name: 'Start From Now',
						value: 'startFromNow',
						description: 'Skip what changed while the workflow was inactive',
					},
				],
				description:
					'When the workflow is deactivated and activated again with the same Event and Filters. Restarts of n8n always continue where the trigger stopped.',
			},
			{
				displayName: 'Scheduled From',
				name: 'scheduledFrom',
				type: 'dateTime',
				default: '',
				description:
					'Only appointments scheduled on or after this date (sent as date_range with Scheduled To; at most 190 days)',
				displayOptions: { show: { '/event': appointmentEvents } },
			},
			{
				displayName: 'Scheduled To',
				name: 'scheduledTo',
				type: 'dateTime',
				default: '',
				description: 'Only appointments scheduled on or before this date',
				displayOptions: { show: { '/event': appointmentEvents } },
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: false,
				description: 'Whether to return only the fields most workflows use, as the DrChrono node does',
				displayOptions: { show: { '/event': simplifyEvents } },
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'dateTime',
				default: '',
				description:
					'On the first activation with this Event and these Filters, emit records changed since this date and time (DrChrono practice time) instead of starting from now',
			},
		],
	},
];
