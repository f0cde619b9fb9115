/**
 * DrChrono pieces shared by the real-n8n e2e suite and `npm start`: credential data for the local
 * sandbox, workflow builders (node types as n8n names the installed package) and the example
 * workflows in `examples/`.
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

import type { Sandbox, TokenResponse } from '../../sandbox';
import { DrChronoOAuth2Api } from '../../../credentials/DrChronoOAuth2Api.credentials';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const DIST_DIR = path.join(REPO_ROOT, 'dist');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');

/** Stops a suite before n8n starts when dist/ lacks the node it tests (the suite runs the built package). */
export function requireBuiltNode(file = 'DrChrono.node.js'): void {
	if (!fs.existsSync(path.join(DIST_DIR, 'nodes', 'DrChrono', file))) {
		throw new Error(`dist/nodes/DrChrono/${file} is missing: run npm run build first`);
	}
}


/** The package's node names (package.json `n8n.nodes`, each class's `description.name`). */
export type DrChronoNodeName = 'drChrono' | 'drChronoTrigger' | 'drChronoIframeTrigger' | 'drChronoPollTrigger';

/**
 * A node's type as n8n names it: `n8n-nodes-drchrono.<name>` once the package is installed (n8n's
 * Community Nodes installer or `npm i` in ~/.n8n/nodes, see ./install.ts), `CUSTOM.<name>` when
 * loaded from dist/ through N8N_CUSTOM_EXTENSIONS.
 */
export function nodeType(name: DrChronoNodeName, setup: 'package' | 'custom' = 'package'): string {
	return `${setup === 'package' ? 'n8n-nodes-drchrono' : 'CUSTOM'}.${name}`;
}

/** The node types of the installed package, which the e2e suite's shared n8n runs (./shared.ts). */
export const NODE = {
	action: nodeType('drChrono'),
	trigger: nodeType('drChronoTrigger'),
	iframe: nodeType('drChronoIframeTrigger'),
	poll: nodeType('drChronoPollTrigger'),
} as const;

export const OAUTH2_TYPE = 'drChronoOAuth2Api';
export const WEBHOOK_TYPE = 'drChronoWebhookApi';

/** The scopes a credential asks for when the user keeps the default: read from the credential itself. */
export const E2E_SCOPES = new DrChronoOAuth2Api().properties.find((p) => p.name === 'scopes')!.default as string[];

/** `data` of a drChronoOAuth2Api credential pointing at the sandbox, connected with `token`. */
export function sandboxOAuth2Data(
	sandbox: Pick<Sandbox, 'url'>,
	token: TokenResponse,
	o: { clientId?: string; clientSecret?: string; quotaPerHour?: number; quotaWindowSeconds?: number; maxCallsPerSecond?: number; scopes?: string[] } = {},
): Record<string, unknown> {
	return {
		server: 'custom',
		baseUrl: sandbox.url,
		clientId: o.clientId ?? 'sandbox-client-id',
		clientSecret: o.clientSecret ?? 'sandbox-client-secret',
		scopes: o.scopes ?? E2E_SCOPES,
		quotaPerHour: o.quotaPerHour ?? 500,
		quotaReserve: 0,
		maxCallsPerSecond: o.maxCallsPerSecond ?? 5,
		quotaWindowSeconds: o.quotaWindowSeconds ?? 3600,
		oauthTokenData: {
			access_token: token.access_token,
			refresh_token: token.refresh_token,
			expires_in: token.expires_in,
			token_type: token.token_type,
			scope: token.scope,
		},
	};
}

/** A resource locator value by id (`{ __rl, mode: 'id', value }`); expressions allowed. */
export const rl = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });

export interface CredRef {
	id: string;
	name: string;
}

let nodeSeq = 0;
const nodeId = () => `e2e00000-0000-4000-8000-${String(++nodeSeq).padStart(12, '0')}`;

/** A DrChrono action node. */
export function drChronoNode(name: string, cred: CredRef, parameters: Record<string, unknown>, position: [number, number], extra: Record<string, unknown> = {}) {
	return {
		id: nodeId(),
		name,
		type: NODE.action,
		typeVersion: 1,
		position,
		parameters,
		credentials: { [OAUTH2_TYPE]: { id: cred.id, name: cred.name } },
		...extra,
	};
}

/** n8n's Webhook node (POST /webhook/<path>), answering with the last node's data. */
export function webhookNode(webhookPath: string, responseData: 'firstEntryJson' | 'allEntries' | 'firstEntryBinary' = 'firstEntryJson', options: Record<string, unknown> = {}) {
	return {
		id: nodeId(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0] as [number, number],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData, options },
	};
}

export function codeNode(name: string, jsCode: string, position: [number, number]) {
	return {
		id: nodeId(),
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position,
		parameters: { mode: 'runOnceForAllItems', language: 'javaScript', jsCode },
	};
}

/** A linear workflow: nodes connected in the order given. */
export function chain(name: string, nodes: Array<{ name: string; [k: string]: unknown }>) {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < nodes.length - 1; i++) {
		connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	return { name, nodes, connections, settings: { executionOrder: 'v1' } };
}

// ---------------------------------------------------------------------------------------------
// Examples (examples/**/*.workflow.json)

export interface ExampleWorkflow {
	file: string;
	json: { id: string; name: string; nodes: Array<Record<string, any>>; connections: object; [k: string]: unknown };
}

/** Every `*.workflow.json` below examples/, sorted by path. */
export function loadExamples(dir = EXAMPLES_DIR): ExampleWorkflow[] {
	const out: ExampleWorkflow[] = [];
	const walk = (d: string) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) walk(p);
			else if (e.name.endsWith('.workflow.json')) out.push({ file: p, json: JSON.parse(fs.readFileSync(p, 'utf8')) });
		}
	};
	walk(dir);
	return out;
}

/** The node of a workflow of this type (first one), or undefined. */
export function nodeOfType(wf: ExampleWorkflow['json'], type: string): Record<string, any> | undefined {
	return wf.nodes.find((n) => n.type === type);
}
