import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DrChrono } from '../../nodes/DrChrono/DrChrono.node';
import { DRCHRONO_TYPE, runDrChrono, sandboxCredentials } from '../harness/drchrono';
import { runNode } from '../harness/execute';
import type { RunResult } from '../harness/execute';
import { startSandbox } from '../sandbox';
import type { Sandbox, SandboxOptions } from '../sandbox';

export const CLIENT_ID = 'sandbox-client-id';

/** A sandbox for node tests: quiet, and with an hourly quota no test run can spend. */
export async function startNodeSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const sandbox = await startSandbox({ patients: 40, quiet: true, ...options });
	sandbox.upsertApp({ clientId: CLIENT_ID, quotaLimit: 1_000_000 });
	return sandbox;
}

/** A resource locator value as n8n stores it, in By ID mode. */
export const rl = (id: string | number) => ({ __rl: true, mode: 'id', value: String(id) });

export interface RunOptions {
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	scopes?: string[];
}

/** Runs the DrChrono node once against the sandbox, through n8n's execution engine. */
export async function run(
	sandbox: Sandbox,
	parameters: Record<string, unknown>,
	options: RunOptions = {},
): Promise<RunResult> {
	return await runDrChrono(parameters, {
		credentials: sandboxCredentials(sandbox, {}, options.scopes),
		items: options.items,
		continueOnFail: options.continueOnFail,
	});
}

/** Total API calls the sandbox has counted (every method and path). */
export const totalCalls = (sandbox: Sandbox) => sandbox.stats().calls;

/** An input item carrying a file as n8n binary data (in-memory mode: base64). */
export function fileItem(data: Buffer, fileName: string, mimeType: string, property = 'data'): INodeExecutionData {
	return {
		json: {},
		binary: { [property]: { data: data.toString('base64'), mimeType, fileName } },
	};
}

export const json = (result: RunResult, index = 0): IDataObject => result.items[index]?.json ?? {};

/** The node's AI Agent tool variant as n8n registers it: the same class, its type name ending in Tool. */
export const TOOL_TYPE = `${DRCHRONO_TYPE}Tool`;
export function toolNodeType(): DrChrono {
	const node = new DrChrono();
	node.description = { ...node.description, name: 'drChronoTool' };
	return node;
}

/** Runs the node once as an AI Agent runs its tool, against the sandbox (the quota guard is not reset). */
export async function runAsTool(sandbox: Sandbox, parameters: Record<string, unknown>, credentialOverrides = {}): Promise<RunResult> {
	return await runNode(
		{ [TOOL_TYPE]: toolNodeType() },
		{ type: TOOL_TYPE, parameters: parameters as never, credentials: { drChronoOAuth2Api: { id: '1', name: 'DrChrono Sandbox' } } },
		{ credentials: sandboxCredentials(sandbox, credentialOverrides) },
	);
}
