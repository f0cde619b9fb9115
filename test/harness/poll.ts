import { PollContext } from 'n8n-core';
import type { IDataObject, INode, INodeExecutionData, INodeType, WorkflowActivateMode, WorkflowExecuteMode } from 'n8n-workflow';
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

export interface PollHarnessOptions {
	/**
	 * Which n8n's saving rules apply. Both save the workflow's static data when a poll emits and
	 * only for ids they call valid (1.x: at most 16 characters, 2.x: 21). 1.x also saves after an
	 * activation's first poll and never after a poll that emitted nothing; 2.x commits the cursor
	 * of every poll that emitted nothing. Default '2'.
	 */
	line?: '1' | '2';
	/** The workflow id (default `pollWorkflow1`). */
	workflowId?: string;
}

/**
 * An active workflow with one poll trigger, polled as n8n's poll executor does it: one PollContext
 * from n8n-core per activation, `poll()` called, a non-null result emitted, an error reported. The
 * workflow's static data lives in memory between the polls of an activation and is saved (as JSON,
 * as n8n stores it) when the chosen n8n line would save it; a restart or a reactivation loads what
 * was saved, so a cursor that only works in memory fails here.
 */
export class PollHarness {
	/** What n8n's database holds for the workflow's static data. */
	private db: IDataObject = {};
	readonly node: INode;
	private readonly nodeTypes: TestNodeTypes;
	private readonly line: '1' | '2';
	private readonly workflowId: string;
	private active: { workflow: Workflow; context: PollContext; polls: number } | undefined;
	private logs: string[] = [];
	private emitted: INodeExecutionData[] | null = null;
	private reported: Error | undefined;

	constructor(
		nodeType: INodeType,
		parameters: IDataObject,
		private readonly credentials: TestCredentialsHelper,
		options: PollHarnessOptions = {},
	) {
		this.nodeTypes = new TestNodeTypes({ [POLL_TRIGGER_TYPE]: withPollTimes(nodeType) });
		this.line = options.line ?? '2';
		this.workflowId = options.workflowId ?? 'pollWorkflow1';
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

	/** The node's static data as n8n has saved it. */
	get saved(): IDataObject {
		return JSON.parse(JSON.stringify(this.db)) as IDataObject;
	}

	/** The trigger's cursor as n8n has saved it (undefined: nothing saved). */
	get savedCursor(): IDataObject | undefined {
		const node = this.saved[`node:${this.node.name}`] as IDataObject | undefined;
		return node?.cursor as IDataObject | undefined;
	}

	/** The saved static data is gone (a database restored from an old backup, a lost volume). */
	loseSavedState(): void {
		this.db = {};
	}

	private workflowOf(active: boolean, staticData: IDataObject): Workflow {
		return new Workflow({
			id: this.workflowId,
			name: 'Poll',
			nodes: [this.node],
			connections: {},
			nodeTypes: this.nodeTypes,
			active,
			staticData: JSON.parse(JSON.stringify(staticData)) as IDataObject,
			settings: { executionOrder: 'v1' },
		});
	}

	private contextOf(workflow: Workflow, mode: WorkflowExecuteMode, activation: WorkflowActivateMode): PollContext {
		const node = workflow.getNode(this.node.name)!;
		const additionalData = testAdditionalData({ credentialsHelper: this.credentials, executionId: 'poll' });
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			mode,
			activation,
			(data) => {
				this.emitted = data[0] ?? [];
			},
			(error) => {
				this.reported = error;
			},
		);
		const record = (message: string) => this.logs.push(message);
		Object.defineProperty(context, 'logger', {
			value: { info: record, warn: record, error: record, debug: () => {} },
		});
		if (this.line === '1') Object.defineProperty(context, 'getPollBudgetMs', { value: undefined });
		return context;
	}

	/**
	 * A new activation from what n8n saved: `activate` (the user activates it), `init` (n8n
	 * started with the workflow active), `update` (the active workflow was saved). What was only
	 * in memory is gone, as after a restart.
	 */
	activate(activation: WorkflowActivateMode = 'activate'): this {
		const workflow = this.workflowOf(true, this.db);
		this.active = { workflow, context: this.contextOf(workflow, 'trigger', activation), polls: 0 };
		return this;
	}

	/** n8n stopped and started again (SIGTERM or a crash: both lose what was not saved). */
	restart(): this {
		return this.activate('init');
	}

	private save(workflow: Workflow): void {
		const max = this.line === '1' ? 16 : 21;
		if (this.workflowId.length > max) return;
		this.db = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
	}

	async poll(mode: WorkflowExecuteMode = 'trigger'): Promise<PollOutcome> {
		this.logs = [];
		this.emitted = null;
		this.reported = undefined;
		const manual = mode === 'manual';
		if (!manual && !this.active) this.activate();
		const workflow = manual ? this.workflowOf(false, this.db) : this.active!.workflow;
		const context = manual ? this.contextOf(workflow, 'manual', 'manual') : this.active!.context;
		const nodeType = this.nodeTypes.getByNameAndVersion(POLL_TRIGGER_TYPE, 1);
		let result: INodeExecutionData[][] | null = null;
		try {
			result = await nodeType.poll!.call(context);
			if (result !== null) context.__emit(result);
		} catch (error) {
			context.__emitError(error as Error);
		}
		if (!manual) {
			const first = this.active!.polls++ === 0;
			// n8n saves the static data when a poll emits (before the execution runs); 1.x also after
			// an activation, 2.x also when a poll emitted nothing.
			if (result !== null || (this.line === '1' ? first : !this.reported)) this.save(workflow);
		}
		return { items: this.emitted, error: this.reported as PollOutcome['error'], logs: this.logs };
	}
}
