import type { IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { resourcesByValue } from '../resources';
import type { ResourceSpec, StandardOperation } from '../resources/types';
import { DrChronoClient } from '../transport';
import { ItemCall, ResourceCall, outputItems } from './call';
import { getCurrentUser } from './currentUser';
import { downloadClinicalNotePdf } from './clinicalNotePdf';
import { customApiCall } from './customApiCall';
import { download } from './download';
import { addExamRoom } from './examRooms';
import { registerIframeDoctor, unregisterIframeDoctor } from './iframeDoctors';
import { standardOperations } from './operations';
import type { Executor } from './operations';
import { itemSettings, runsAsTool } from './options';
import { addPatientFlag } from './patientFlags';
import { getQuotaStatus } from './quotaStatus';
import { toolError, toolItems } from './toolOutput';

/**
 * The executors of the special operations, by resource and operation, as each resource declares
 * them in its spec (`special`); a test checks that the two lists match.
 */
export const specialOperations: Readonly<Record<string, Readonly<Record<string, Executor>>>> = {
	amendment: { download },
	clinicalNote: { downloadPdf: downloadClinicalNotePdf },
	document: { download },
	labDocument: { download },
	office: { addExamRoom },
	patient: { addFlag: addPatientFlag },
	user: { getCurrent: getCurrentUser },
	iframeIntegration: { register: registerIframeDoctor, unregister: unregisterIframeDoctor },
	quota: { getStatus: getQuotaStatus },
};

/** The executor of `operation` on a resource: one it declares as special, or a standard one it lists. */
function executorFor(spec: ResourceSpec, operation: string): Executor | undefined {
	if (spec.special?.some((op) => op.value === operation)) return specialOperations[spec.value]?.[operation];
	if (spec.operations.includes(operation as StandardOperation)) return standardOperations[operation as StandardOperation];
	return undefined;
}

async function runItem(context: IExecuteFunctions, itemIndex: number, client: DrChronoClient): Promise<INodeExecutionData[]> {
	const resource = context.getNodeParameter('resource', itemIndex) as string;
	if (resource === 'customApiCall') return await customApiCall(new ItemCall(context, itemIndex, client));
	const spec = resourcesByValue[resource];
	if (!spec) throw new NodeOperationError(context.getNode(), `Unknown resource "${resource}"`, { itemIndex });
	const operation = context.getNodeParameter('operation', itemIndex) as string;
	const executor = executorFor(spec, operation);
	if (!executor) {
		throw new NodeOperationError(context.getNode(), `DrChrono does not support "${operation}" on ${spec.name}`, { itemIndex });
	}
	return await executor(new ResourceCall(context, itemIndex, client, spec, operation));
}

/**
 * Runs the chosen operation for each input item in order, one request at a time (the quota guard
 * spaces them). The credential is read once; each item gets its client with the settings of its
 * Options. A failing item either stops the run with its index on the error, or, with Continue On
 * Fail, becomes an output item carrying the error while the others go on.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	let connected: DrChronoClient | undefined;
	const asTool = runsAsTool(this);

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const settings = itemSettings(this, itemIndex);
			connected = connected ? connected.with(settings) : await DrChronoClient.connect(this, settings);
			output.push(...(await runItem(this, itemIndex, connected)));
		} catch (error) {
			if (asTool) {
				output.push(toolError(error, itemIndex));
				continue;
			}
			if (this.continueOnFail()) {
				const description = error.description ? { errorDescription: error.description } : {};
				output.push(...outputItems({ error: error.message, ...description }, itemIndex));
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
