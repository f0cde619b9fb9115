import type { IBinaryKeyData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { scopeFor } from '../resources/scopes';
import type { ResourceSpec } from '../resources/types';
import type { DrChronoClient } from '../transport';
import { toId } from './fields';

/** The output items of one input item, each linked back to it (n8n's pairedItem). */
export function outputItems(
	json: IDataObject | IDataObject[],
	itemIndex: number,
	binary?: IBinaryKeyData,
): INodeExecutionData[] {
	return (Array.isArray(json) ? json : [json]).map((item) => ({
		json: item,
		...(binary ? { binary } : {}),
		pairedItem: { item: itemIndex },
	}));
}

/**
 * One input item's run of an operation: its parameters (n8n's context at its index), its DrChrono
 * client (quota policy, timeout and cancel signal already resolved) and the way its output is built.
 */
export class ItemCall {
	constructor(
		readonly context: IExecuteFunctions,
		readonly itemIndex: number,
		readonly client: DrChronoClient,
	) {}

	/** A node parameter of this item. */
	param<T>(name: string, fallback: T): T {
		return this.context.getNodeParameter(name, this.itemIndex, fallback) as T;
	}

	/** An error about this item's input, before any call is sent. */
	fail(message: string, description?: string): NodeOperationError {
		return new NodeOperationError(this.context.getNode(), message, { itemIndex: this.itemIndex, description });
	}

	output(json: IDataObject | IDataObject[], binary?: IBinaryKeyData): INodeExecutionData[] {
		return outputItems(json, this.itemIndex, binary);
	}
}

/** An item's run of one operation of a described resource. */
export class ResourceCall extends ItemCall {
	constructor(
		context: IExecuteFunctions,
		itemIndex: number,
		client: DrChronoClient,
		readonly spec: ResourceSpec,
		readonly operation: string,
	) {
		super(context, itemIndex, client);
	}

	/** The OAuth scope a read or a write of this resource needs, named in a 403's error. */
	scope(access: 'read' | 'write'): string | undefined {
		return scopeFor(this.spec, access) || undefined;
	}

	/** The ID parameter (the resource locator where the resource has one). */
	objectId(): string | number {
		const id = toId(this.context.getNodeParameter('id', this.itemIndex, '', { extractValue: true }));
		if (id === '') throw this.fail('The ID is empty', 'Choose the object from the list, or enter its DrChrono ID');
		return id;
	}

	/** The path of one object of this resource. */
	objectPath(id: string | number = this.objectId()): string {
		return `${this.spec.path}/${encodeURIComponent(String(id))}`;
	}

	/** Whether the user asked for DrChrono's verbose-only fields (offered where the resource has some). */
	wantsVerbose(): boolean {
		return !!this.spec.verboseFields?.length && this.param('verbose', false);
	}
}
