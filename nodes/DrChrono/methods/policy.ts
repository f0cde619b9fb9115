import type { IDataObject, INode, INodeProperties } from 'n8n-workflow';

import { DEFAULT_MAX_WAIT_MINUTES } from '../quota';
import type { AcquirePolicy } from '../quota';

/**
 * An AI Agent waits on its tool's answer: as a tool the node waits at most this long for quota
 * unless its options say otherwise, so the agent gets an error it can act on ("resets at 15:00 UTC")
 * instead of stalling for up to an hour.
 */
export const TOOL_MAX_WAIT_MS = 30_000;

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
 * The quota policy of the node's Options (On Quota Exhausted, Max Wait). What the user set always
 * wins; only the defaults differ for a tool: wait at most TOOL_MAX_WAIT_MS instead of an hour.
 */
export function quotaPolicyFromOptions(options: IDataObject, asTool: boolean): AcquirePolicy {
	const onExhausted = options.onQuotaExhausted === 'fail' ? 'fail' : 'wait';
	if (options.maxWaitMinutes === undefined || options.maxWaitMinutes === '') {
		return { onExhausted, maxWaitMs: asTool ? TOOL_MAX_WAIT_MS : DEFAULT_MAX_WAIT_MINUTES * 60_000 };
	}
	const minutes = Number(options.maxWaitMinutes);
	return { onExhausted, maxWaitMs: Math.max(0, Number.isFinite(minutes) ? minutes : DEFAULT_MAX_WAIT_MINUTES) * 60_000 };
}

/** Shown only on the node's AI Agent tool variant: what the tool does when the quota runs out. */
export const toolQuotaNotice: INodeProperties = {
	displayName:
		'As an AI Agent tool, this node waits at most 30 seconds for DrChrono quota, then answers with an error that says when the quota resets. Set Options > Max Wait to wait longer.',
	name: 'toolQuotaNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { '@tool': [true] } },
};
