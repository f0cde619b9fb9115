import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { quotaPolicyFromOptions, runsAsTool } from '../methods/policy';
import type { AcquirePolicy } from '../quota';
import type { ResourceSpec } from '../resources/types';

/** The quota policy chosen in the node's Options (shorter by default when an AI Agent calls the node). */
export function quotaPolicy(this: IExecuteFunctions, itemIndex: number): AcquirePolicy {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return quotaPolicyFromOptions(options, runsAsTool(this));
}

export { scopeFor } from '../resources/scopes';

export function itemPath(spec: ResourceSpec, id: string | number): string {
	return `${spec.path}/${encodeURIComponent(String(id))}`;
}
