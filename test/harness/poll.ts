import { PollContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeType, WorkflowExecuteMode } from 'n8n-workflow';
import { Workflow, cronNodeOptions } from 'n8n-workflow';

import { testAdditionalData } from './additional-data';
import type { TestCredentialsHelper } from './credentials';
import { TestNodeTypes } from './node-types';

export const POLL_TRIGGER_TYPE = 'n8n-nodes-drchrono.drChronoPollTrigger';

/** n8n's loader adds Poll Times to every `polling: true` node (n8n-core's commonPollingParameters). */
function withPollTimes(nodeType: INodeType): INodeType {
	const description = nodeType.description;
	if (description.properties.some((p) => p.name === 'pollTimes')) return nodeType;
	description.properties.unshift({
		displayName: 'Poll Times',
		name: 'pollTimes',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add Poll Time' },
		default: { item: [{ mode: 'everyMinute' }] },
		placeholder: 'Add Poll Time',
		options: cronNodeOptions,
	});
	return nodeType;
}

export interface PollOutcome {
	/** What n8n would hand to a new execution (null: the poll emitted nothing). */
	items: INodeExecutionData[] | null;
	/** The poll's error, as n8n's __emitError would receive it. */
	error?: Error & { description?: string };
	/** Log lines the node wrote at warn/info level. */
	logs: string[];
}

/**
 * An active workflow with one poll trigger, polled as n8n's poll executor does it: a PollContext
 * from n8n-core per poll, `poll()` called, a non-null result emitted, an error reported. Between
 * polls the workflow's static data is saved and loaded again as JSON, as n8n stores it, so a
 * cursor that only works in memory fails here.
 */
export class PollHarness {
	private staticData: IDataObject = {};
	readonly node: INode;
	private readonly nodeTypes: TestNodeTypes;

	constructor(
		nodeType: INodeType,
		parameters: IDataObject,
		private readonly credentials: TestCredentialsHelper,
	) {
		this.nodeTypes = new TestNodeTypes({ [POLL_TRIGGER_TYPE]: withPollTimes(nodeType) });
		this.node = {
			id: 'poll-trigger',
			name: 'DrChrono Poll Trigger',
			type: POLL_TRIGGER_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: parameters as INode['parameters'],
			credentials: { drChronoOAuth2Api: { id: '1', name: 'DrChrono Sandbox' } },
		};
	}

	/** The node's static data as n8n would have saved it. */
	get saved(): IDataObject {
		return JSON.parse(JSON.stringify(this.staticData)) as IDataObject;
	}

	async poll(mode: WorkflowExecuteMode = 'trigger'): Promise<PollOutcome> {
		const workflow = new Workflow({
			id: 'poll-workflow',
			name: 'Poll',
			nodes: [this.node],
			connections: {},
			nodeTypes: this.nodeTypes,
			active: mode !== 'manual',
			staticData: JSON.parse(JSON.stringify(this.staticData)) as IDataObject,
			settings: { executionOrder: 'v1' },
		});
		const node = workflow.getNode(this.node.name)!;
		const additionalData = testAdditionalData({ credentialsHelper: this.credentials, executionId: 'poll' });
		let emitted: INodeExecutionData[] | null = null;
		let reported: Error | undefined;
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			mode,
			mode === 'manual' ? 'manual' : 'activate',
			(data) => {
				emitted = data[0] ?? [];
			},
			(error) => {
				reported = error;
			},
		);
		const logs: string[] = [];
		const record = (message: string) => logs.push(message);
		Object.defineProperty(context, 'logger', {
			value: { info: record, warn: record, error: record, debug: () => {} },
		});

		const nodeType = this.nodeTypes.getByNameAndVersion(POLL_TRIGGER_TYPE, 1);
		try {
			const result = await nodeType.poll!.call(context);
			if (result !== null) context.__emit(result);
		} catch (error) {
			context.__emitError(error as Error);
		}
		// n8n saves the workflow's static data after a poll; the next poll loads it again.
		if (mode !== 'manual') this.staticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		return { items: emitted, error: reported as PollOutcome['error'], logs };
	}
}
