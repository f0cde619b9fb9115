import type { DrChronoContext } from './types';

/** n8n's signal that the execution was stopped (Stop button, workflow timeout), where the context has one. */
export function cancelSignal(context: DrChronoContext): AbortSignal | undefined {
	const withSignal = context as { getExecutionCancelSignal?: () => AbortSignal | undefined };
	return typeof withSignal.getExecutionCancelSignal === 'function' ? withSignal.getExecutionCancelSignal() : undefined;
}
