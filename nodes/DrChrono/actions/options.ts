import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_WAIT_MINUTES } from '../quota';
import type { AcquirePolicy } from '../quota';
import { DEFAULT_TIMEOUT_MS } from '../transport';
import type { ClientSettings } from '../transport';

/**
 * The action node's Options collection and its one reader: what to do when the app's hourly quota
 * is used up, and how long one call may take. Read once per input item, into the item's client.
 */

/**
 * An AI Agent waits on its tool's answer: as a tool the node waits at most this long for quota
 * unless its options say otherwise, so the agent gets an error it can act on ("resets at 15:00 UTC")
 * instead of stalling for up to an hour.
 */
export const TOOL_MAX_WAIT_MS = 30_000;

export const nodeOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'On Quota Exhausted',
			name: 'onQuotaExhausted',
			type: 'options',
			default: 'wait',
			options: [
				{
					name: 'Wait',
					value: 'wait',
					description: 'Wait for the next hourly reset (up to Max Wait), then go on',
				},
				{ name: 'Fail', value: 'fail', description: 'Stop at once with an error that says when the quota resets' },
			],
			description: 'What to do when the DrChrono API application has no calls left this hour',
		},
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_MAX_WAIT_MINUTES,
			description:
				'Longest time to wait for quota before failing, when On Quota Exhausted is Wait. Without this option: 60 minutes, or 30 seconds when an AI Agent uses the node as a tool.',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			// DEFAULT_TIMEOUT_MS, in seconds.
			default: 120,
			description:
				'Longest time to wait for DrChrono to answer one call. A create that times out is not sent again, since DrChrono may have made it.',
		},
	],
};

/** Shown only on the node's AI Agent tool variant: what the tool does when the quota runs out. */
export const toolQuotaNotice: INodeProperties = {
	displayName:
		'As an AI Agent tool, this node waits at most 30 seconds for DrChrono quota, then answers with an error that says when the quota resets. Set Options > Max Wait to wait longer.',
	name: 'toolQuotaNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { '@tool': [true] } },
};

/**
 * Whether the node runs as an AI Agent tool. n8n registers a `usableAsTool` node a second time as
 * `<type>Tool` and runs that type when an agent calls it (n8n 1.123 and 2.41 alike; the editor's
 * `@tool` display option tests the same suffix). n8n 2.x's context also says so itself through
 * `isToolExecution()`, which 1.123 does not have.
 */
export function runsAsTool(context: { getNode(): INode; isToolExecution?: () => boolean }): boolean {
	if (typeof context.isToolExecution === 'function' && context.isToolExecution()) return true;
	const type = context.getNode().type;
	return (type.split('.').pop() ?? '').endsWith('Tool');
}

/**
 * The quota policy of the Options (On Quota Exhausted, Max Wait). What the user set always wins;
 * only the defaults differ for a tool: wait at most TOOL_MAX_WAIT_MS instead of an hour.
 */
export function quotaPolicyFromOptions(options: IDataObject, asTool: boolean): AcquirePolicy {
	const onExhausted = options.onQuotaExhausted === 'fail' ? 'fail' : 'wait';
	if (options.maxWaitMinutes === undefined || options.maxWaitMinutes === '') {
		return { onExhausted, maxWaitMs: asTool ? TOOL_MAX_WAIT_MS : DEFAULT_MAX_WAIT_MINUTES * 60_000 };
	}
	const minutes = Number(options.maxWaitMinutes);
	return { onExhausted, maxWaitMs: Math.max(0, Number.isFinite(minutes) ? minutes : DEFAULT_MAX_WAIT_MINUTES) * 60_000 };
}

function timeoutFromOptions(options: IDataObject): number {
	const seconds = Number(options.requestTimeoutSeconds);
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_TIMEOUT_MS;
}

/** One item's client settings from its Options: read once, used by every call the item makes. */
export function itemSettings(context: IExecuteFunctions, itemIndex: number): ClientSettings {
	const options = (context.getNodeParameter('options', itemIndex, {}) ?? {}) as IDataObject;
	return {
		quota: quotaPolicyFromOptions(options, runsAsTool(context)),
		timeoutMs: timeoutFromOptions(options),
		retry: true,
		itemIndex,
	};
}
