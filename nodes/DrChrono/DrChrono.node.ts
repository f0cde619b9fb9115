import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { customApiCallProperties } from './actions/customApiCall';
import { resourceProperties, resourceSelector } from './actions/descriptions';
import { nodeOptions, toolQuotaNotice } from './actions/options';
import { router } from './actions/router';
import { listSearch, loadOptions } from './methods';
import { resources } from './resources';

export class DrChrono implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DrChrono',
		name: 'drChrono',
		icon: { light: 'file:drchrono.svg', dark: 'file:drchrono.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Work with patients, appointments, tasks, clinical data, documents and billing in DrChrono',
		defaults: { name: 'DrChrono' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'drChronoOAuth2Api', required: true }],
		properties: [
			toolQuotaNotice,
			resourceSelector,
			...resources.flatMap(resourceProperties),
			...customApiCallProperties,
			nodeOptions,
		],
	};

	methods = { listSearch, loadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
