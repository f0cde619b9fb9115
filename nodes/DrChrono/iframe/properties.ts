import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CLOCK_DRIFT_SECONDS, IFRAME_KINDS, MAX_CLOCK_DRIFT_SECONDS } from './request';

export interface IframeTriggerOptions {
	acceptedPages?: string[];
	clockDriftSeconds?: number;
	additionalFrameAncestors?: string;
	acceptTokenOnce?: boolean;
}

export const iframeTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'DrChrono shows this panel inside its own pages. In DrChrono open Account > API and your API application: paste the Production URL ending in /patient into Patient Iframe > Iframe URL, and the one ending in /clinical-note into Clinical Notes Iframe > Iframe URL, each with a height, and save. DrChrono reviews iframe apps before showing them, and shows them only to doctors registered with the app (DrChrono node > Iframe Integration > Register Doctor). Every request is checked against the Client Secret of the credential below; anything not signed by DrChrono in the last minute gets a 403 page and starts nothing.',
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Respond',
		name: 'responseMode',
		type: 'options',
		options: [
			{
				name: 'When Last Node Finishes',
				value: 'lastNode',
				description: 'The page is a field of the first item of the last node that runs (e.g. html from the HTML node)',
			},
			{
				name: "Using 'Respond to Webhook' Node",
				value: 'responseNode',
				description: 'The page is what a Respond to Webhook node sends',
			},
		],
		default: 'lastNode',
		description: 'How the page shown in DrChrono is produced',
	},
	{
		displayName: 'HTML Field',
		name: 'htmlField',
		type: 'string',
		default: 'html',
		required: true,
		displayOptions: { show: { responseMode: ['lastNode'] } },
		description:
			'The field of the last node’s first item that holds the page’s HTML. The HTML node (Generate HTML Template) writes it to html.',
	},
	{
		displayName:
			"Add a Respond to Webhook node with Respond With: Text and the page as Response Body. Its versions 1.1 and later only run after n8n's own Webhook node and stop with 'No Webhook node found in the workflow' here; use its version 1 (import the node in a workflow JSON with typeVersion 1) or choose When Last Node Finishes.",
		name: 'responseNodeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { responseMode: ['responseNode'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Accepted Pages',
				name: 'acceptedPages',
				type: 'multiOptions',
				options: [
					{ name: 'Clinical Note', value: 'clinical_note', description: 'The Clinical Notes Iframe (URL ending in /clinical-note)' },
					{ name: 'Patient Chart', value: 'patient', description: 'The Patient Iframe (URL ending in /patient)' },
				],
				default: [...IFRAME_KINDS],
				description: 'The DrChrono pages this panel answers; the other URL gets a 403 page',
			},
			{
				displayName: 'Accept Each Token Once',
				name: 'acceptTokenOnce',
				type: 'boolean',
				default: true,
				description:
					'Whether a link from DrChrono opens the panel only once. DrChrono signs a new link every time it shows the page, so reloading the page in DrChrono always works; the same link used again (reloading only the frame, or a copied link) gets the access-denied page. Turn off only if your panels are refused on their first load.',
			},
			{
				displayName: 'Additional Frame Ancestors',
				name: 'additionalFrameAncestors',
				type: 'string',
				default: '',
				placeholder: 'https://drchrono.com',
				description:
					'Other origins allowed to show the panel in a frame, separated by spaces. Always allowed: https://*.drchrono.com, and the Base URL of a Custom server credential.',
			},
			{
				displayName: 'Allowed Clock Drift (Seconds)',
				name: 'clockDriftSeconds',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_CLOCK_DRIFT_SECONDS },
				default: DEFAULT_CLOCK_DRIFT_SECONDS,
				description: `How far the token’s issue time (iat) may be from n8n’s clock, either way, and the grace after its expiry (exp); at most ${MAX_CLOCK_DRIFT_SECONDS}. DrChrono allows 60 seconds. A token older than this is refused, so a panel left open must be reloaded from DrChrono.`,
			},
		],
	},
];
