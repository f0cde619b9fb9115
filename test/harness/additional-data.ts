import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

/**
 * What n8n's server hands the execution engine about the instance (URLs, user, callbacks), for
 * in-process runs. One place, so node runs and webhook runs see the same instance.
 */
export function testAdditionalData(options: {
	credentialsHelper: ICredentialsHelper;
	executionId: string;
	baseUrl?: string;
	extra?: Partial<IWorkflowExecuteAdditionalData>;
}): IWorkflowExecuteAdditionalData {
	const baseUrl = options.baseUrl ?? 'http://localhost:5678';
	return {
		credentialsHelper: options.credentialsHelper,
		executionId: options.executionId,
		restApiUrl: `${baseUrl}/rest`,
		instanceBaseUrl: baseUrl,
		webhookBaseUrl: `${baseUrl}/webhook`,
		webhookTestBaseUrl: `${baseUrl}/webhook-test`,
		webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
		formWaitingBaseUrl: `${baseUrl}/form-waiting`,
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'test-user',
		variables: {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		logAiEvent: () => {},
		getRunExecutionData: async () => undefined,
		...options.extra,
	} as unknown as IWorkflowExecuteAdditionalData;
}
