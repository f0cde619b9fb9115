import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IConnections,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IVersionedNodeType,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { testAdditionalData } from './additional-data';
import { TestCredentialsHelper } from './credentials';
import { TestNodeTypes } from './node-types';

export interface NodeUnderTest {
	type: string;
	parameters: INode['parameters'];
	credentials?: INode['credentials'];
	name?: string;
	typeVersion?: number;
	continueOnFail?: boolean;
}

export interface RunResult {
	/** The node's output items on its first output (empty when it failed). */
	items: INodeExecutionData[];
	/** The node's error when the run failed on it. */
	error?: Error & { description?: string; httpCode?: string; context?: Record<string, unknown> };
	run: IRun;
}

/**
 * Runs a one-node workflow (test items -> the node under test) through n8n-core's real execution
 * engine, the same WorkflowExecute that n8n runs: parameters are resolved by n8n, credentials come
 * through a credentials helper, HTTP goes through n8n's request helpers (OAuth2 signing, refresh),
 * and binary data through its binary data service.
 */
export async function runNode(
	nodeTypes: Record<string, INodeType | IVersionedNodeType>,
	node: NodeUnderTest,
	options: {
		items?: INodeExecutionData[];
		credentials: TestCredentialsHelper | Record<string, ICredentialDataDecryptedObject>;
		/** Gets a function that stops the run as n8n's Stop button does (cancels the execution). */
		onStarted?: (stop: () => void) => void;
	},
): Promise<RunResult> {
	const types = new TestNodeTypes(nodeTypes);
	const credentialsHelper =
		options.credentials instanceof TestCredentialsHelper
			? options.credentials
			: new TestCredentialsHelper(options.credentials);
	const name = node.name ?? 'Node Under Test';
	const nodes: INode[] = [
		{
			id: 'source',
			name: 'Start',
			type: 'test.items',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{ json: {} }]) },
		},
		{
			id: 'under-test',
			name,
			type: node.type,
			typeVersion: node.typeVersion ?? 1,
			position: [200, 0],
			parameters: node.parameters,
			credentials: node.credentials,
			continueOnFail: node.continueOnFail,
			onError: node.continueOnFail ? 'continueRegularOutput' : undefined,
		},
	];
	const connections: IConnections = {
		Start: { main: [[{ node: name, type: 'main', index: 0 }]] },
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'Test',
		nodes,
		connections,
		nodeTypes: types,
		active: false,
		settings: { executionOrder: 'v1' },
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test-workflow',
		name: 'Test',
		active: false,
		nodes,
		connections,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	let finished: (run: IRun) => void = () => {};
	const done = new Promise<IRun>((resolve) => (finished = resolve));
	hooks.addHandler('workflowExecuteAfter', (fullRunData) => finished(fullRunData));

	const additionalData = testAdditionalData({
		credentialsHelper,
		executionId: 'test-execution',
		extra: { hooks },
	});

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: workflow.getNode('Start')!, data: { main: [[{ json: {} }]] }, source: null },
			],
		},
	});

	const execute = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	const running = execute.processRunExecutionData(workflow);
	options.onStarted?.(() => running.cancel());
	await running.catch(() => undefined);
	const run = await done;

	const taskData = run.data.resultData.runData[name]?.[0];
	const error = (taskData?.error ?? run.data.resultData.error) as RunResult['error'];
	const items = taskData?.data?.main?.[0] ?? [];
	return { items, error: taskData?.error || !taskData ? error : undefined, run };
}
