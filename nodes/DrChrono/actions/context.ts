import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { quotaPolicyFromOptions, runsAsTool } from '../methods/policy';
import type { AcquirePolicy } from '../quota';
import type { ResourceSpec } from '../resources/types';
import { pathIdProblem } from '../shared/pathIds';

/** The quota policy chosen in the node's Options (shorter by default when an AI Agent calls the node). */
export function quotaPolicy(this: IExecuteFunctions, itemIndex: number): AcquirePolicy {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return quotaPolicyFromOptions(options, runsAsTool(this));
}

export { scopeFor } from '../resources/scopes';

/**
 * The path of one object: the one place an id goes into a path. An id DrChrono could not have
 * issued (`.`, `..`, a slash, an encoded character) is refused before any call, naming the field.
 */
export function itemPath(spec: ResourceSpec, id: string | number): string {
	const problem = pathIdProblem(`${spec.name} ID`, id);
	if (problem) throw new Error(problem);
	return `${spec.path}/${id}`;
}
