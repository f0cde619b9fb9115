import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { AcquirePolicy } from '../quota';
import type { ResourceSpec } from '../resources/types';

/** The quota policy chosen in the node's Options. */
export function quotaPolicy(this: IExecuteFunctions, itemIndex: number): AcquirePolicy {
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const minutes = Number(options.maxWaitMinutes ?? 60);
	return {
		onExhausted: options.onQuotaExhausted === 'fail' ? 'fail' : 'wait',
		maxWaitMs: Math.max(0, Number.isFinite(minutes) ? minutes : 60) * 60_000,
	};
}

export { scopeFor } from '../resources/scopes';

export function itemPath(spec: ResourceSpec, id: string | number): string {
	return `${spec.path}/${encodeURIComponent(String(id))}`;
}
