import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/** DrChrono's 22 OAuth scopes (API docs, securitySchemes; DrChrono's Postman guide). */
const SCOPES = [
	['user:read', 'View basic account info: doctors, offices, users, insurances'],
	['user:write', 'Edit select account info (e.g. add exam rooms)'],
	['calendar:read', 'View appointments'],
	['calendar:write', 'Schedule and modify appointments'],
	['patients:read', 'View detailed patient info and documents'],
	['patients:write', 'Create and modify patients and documents'],
	['patients:summary:read', 'View patient name, chart ID, age, gender'],
	['patients:summary:write', 'Modify patient summary info'],
	['clinical:read', 'View clinical notes, vitals, medications, problems, allergies'],
	['clinical:write', 'Modify clinical data'],
	['labs:read', 'View lab orders and results'],
	['labs:write', 'Create and modify lab orders and results'],
	['billing:read', 'View billing info'],
	['billing:write', 'Modify billing info'],
	['billing:patient-payment:read', 'View patient payments'],
	['billing:patient-payment:write', 'Record patient payments'],
	['messages:read', 'View the message center'],
	['messages:write', 'Send and modify messages'],
	['tasks:read', 'View tasks'],
	['tasks:write', 'Create and modify tasks'],
	['settings:read', 'View settings (custom fields, flag types, profiles)'],
	['settings:write', 'Modify settings'],
] as const;

/**
 * What the nodes use day to day: patients, appointments (DrChrono lists calendar and clinical for
 * them), tasks, clinical data, offices and doctors, and reading the practice's settings lists
 * (appointment profiles, patient flag types, custom demographics). Users add labs, billing or
 * messages (also needed for Patient Message), or settings:write to create or change those settings
 * lists, when they need them.
 */
const DEFAULT_SCOPES = [
	'user:read',
	'user:write',
	'calendar:read',
	'calendar:write',
	'patients:read',
	'patients:write',
	'clinical:read',
	'clinical:write',
	'tasks:read',
	'tasks:write',
	'settings:read',
];

const isCustom = '$self["server"] === "custom"';
const customBase = '($self["baseUrl"] || "").replace(/\\/+$/, "")';

export class DrChronoOAuth2Api implements ICredentialType {
	name = 'drChronoOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'DrChrono OAuth2 API';

	icon = { light: 'file:../nodes/DrChrono/drchrono.svg', dark: 'file:../nodes/DrChrono/drchrono.dark.svg' } as const;

	documentationUrl = 'https://github.com/n8n-nodes-drchrono/n8n-nodes-drchrono/blob/main/docs/credentials.md';

	properties: INodeProperties[] = [
		{
			displayName:
				'Create an API application in DrChrono under Account > API > New Application. Paste the OAuth Redirect URL shown on this page into its Redirect URIs, save, then copy its Client ID and Client Secret here.',
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Server',
			name: 'server',
			type: 'options',
			options: [
				{ name: 'DrChrono', value: 'drchrono', description: 'drchrono.com and app.drchrono.com' },
				{
					name: 'Custom',
					value: 'custom',
					description: 'A local DrChrono sandbox or a proxy in front of DrChrono',
				},
			],
			default: 'drchrono',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'http://localhost:5050',
			description: 'OAuth pages are under {Base URL}/o/ and the API under {Base URL}/api/',
			displayOptions: { show: { server: ['custom'] } },
			required: true,
		},
		{
			displayName: 'Grant Type',
			name: 'grantType',
			type: 'hidden',
			default: 'authorizationCode',
		},
		{
			displayName: 'Authorization URL',
			name: 'authUrl',
			type: 'hidden',
			default: `={{ ${isCustom} ? ${customBase} + "/o/authorize/" : "https://drchrono.com/o/authorize/" }}`,
			required: true,
		},
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: `={{ ${isCustom} ? ${customBase} + "/o/token/" : "https://drchrono.com/o/token/" }}`,
			required: true,
		},
		{
			displayName: 'API URL',
			name: 'apiUrl',
			type: 'hidden',
			default: `={{ ${isCustom} ? ${customBase} : "https://app.drchrono.com" }}`,
		},
		{
			displayName: 'Scopes',
			name: 'scopes',
			type: 'multiOptions',
			options: SCOPES.map(([value, description]) => ({ name: value, value, description })),
			default: DEFAULT_SCOPES,
			description:
				'What the connection may do. An operation also needs the DrChrono user to hold the matching permission. Reconnect after changing scopes.',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			// n8n does not store a field left at its default, so the default list is repeated here.
			default: `={{ ($self["scopes"] && $self["scopes"].length ? $self["scopes"] : ${JSON.stringify(DEFAULT_SCOPES)}).join(" ") }}`,
		},
		{
			displayName: 'Auth URI Query Parameters',
			name: 'authQueryParameters',
			type: 'hidden',
			default: '',
		},
		{
			// DrChrono's examples all send the client ID and secret in the token request body.
			displayName: 'Authentication',
			name: 'authentication',
			type: 'hidden',
			default: 'body',
		},
		{
			displayName: 'Hourly Call Quota',
			name: 'quotaPerHour',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 500,
			description:
				"Calls per hour DrChrono allows this API application (500 unless DrChrono raised it). All nodes and workflows using this app share it; the count resets at the top of each hour.",
		},
		{
			displayName: 'Calls to Keep in Reserve',
			name: 'quotaReserve',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Calls per hour that n8n leaves unused, for other systems that use the same API application',
		},
		{
			displayName: 'Max Calls per Second',
			name: 'maxCallsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 5,
			description: 'Spacing for bursts of calls; 0 means no spacing',
		},
		{
			displayName: 'Quota Sharing',
			name: 'quotaSharing',
			type: 'options',
			options: [
				{
					name: 'This n8n Process',
					value: 'process',
					description: 'Each n8n process keeps the quota on its own: right for a single n8n process',
				},
				{
					name: 'All n8n Processes (Redis Over HTTP)',
					value: 'store',
					description:
						"For n8n's queue mode: the main process, workers and webhook processes share one quota through a Redis-over-HTTP store (Upstash, or the serverless-redis-http proxy next to n8n's Redis). The triggers' repeated-delivery and used-token memories and Add Flag's turns are kept there too.",
				},
			],
			default: 'process',
			description: 'Which n8n processes count against one quota. See the quota guide in the documentation.',
		},
		{
			displayName: 'Store URL',
			name: 'storeUrl',
			type: 'string',
			default: '',
			placeholder: 'https://eu1-example-12345.upstash.io',
			description: "The Redis-over-HTTP endpoint (Upstash's REST URL, or the serverless-redis-http proxy's address)",
			displayOptions: { show: { quotaSharing: ['store'] } },
			required: true,
		},
		{
			displayName: 'Store Token',
			name: 'storeToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: "The endpoint's bearer token (Upstash's REST token, or the proxy's SRH_TOKEN)",
			displayOptions: { show: { quotaSharing: ['store'] } },
			required: true,
		},
		{
			displayName: 'n8n Processes Running DrChrono Nodes',
			name: 'storeProcesses',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 3,
			description:
				'The main process, the workers and any webhook processes. Only used while the store cannot be reached: each process then keeps to this share of the quota.',
			displayOptions: { show: { quotaSharing: ['store'] } },
		},
		{
			displayName: 'Quota Window (Seconds)',
			name: 'quotaWindowSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 3600,
			description:
				'Length of the quota window. DrChrono uses one hour; a sandbox may use a shorter one for testing.',
			displayOptions: { show: { server: ['custom'] } },
		},
	];
}
