import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { runsAsTool } from '../methods/policy';
import { resourcesByValue } from '../resources';
import { customApiCall } from './customApiCall';
import { standardOperations } from './operations';
import { specialExecutors } from './specialOperations';
import { toolError, toolItems } from './toolOutput';

/**
 * Runs the chosen operation for each input item in order, one request at a time (the quota guard
 * spaces them). A failing item either stops the run with its index on the error, or, with Continue
 * On Fail, becomes an output item carrying the error while the others go on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	const asTool = runsAsTool(this);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		try {
			if (resource === 'customApiCall') {
				output.push(...(await customApiCall.call(this, itemIndex)));
				continue;
			}
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const spec = resourcesByValue[resource];
			if (!spec) {
				throw new NodeOperationError(this.getNode(), `Unknown resource "${resource}"`, { itemIndex });
			}
			const custom = spec.custom?.find((op) => op.value === operation);
			if (custom) {
				const run = specialExecutors[`${spec.value}.${custom.value}`];
				if (!run) {
					throw new NodeOperationError(this.getNode(), `"${custom.name}" on ${spec.name} is not available`, { itemIndex });
				}
				output.push(...(await run.call(this, spec, itemIndex, custom)));
				continue;
			}
			const executor = standardOperations[operation];
			if (!executor || !spec.operations.includes(operation as never)) {
				throw new NodeOperationError(
					this.getNode(),
					`DrChrono does not support "${operation}" on ${spec.name}`,
					{ itemIndex },
				);
			}
			output.push(...(await executor.call(this, spec, itemIndex)));
		} catch (error) {
			if (asTool) {
				output.push(toolError(error, itemIndex));
				continue;
			}
			if (this.continueOnFail()) {
				output.push({
					json: { error: error.message, ...(error.description ? { errorDescription: error.description } : {}) },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			// n8n hands back the same error when one of its own is wrapped again; only add the item.
			if (error instanceof NodeApiError) {
				if (error.context.itemIndex === undefined) error.context.itemIndex = itemIndex;
				throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			}
			if (error instanceof NodeOperationError && error.context.itemIndex === undefined) {
				error.context.itemIndex = itemIndex;
			}
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return [asTool ? toolItems(output) : output];
}
