/**
 * The errors of a call that ended without a usable DrChrono answer: no quota slot, Stop, a 429 not
 * retried, no answer.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AcquirePolicy, QuotaGuard } from '../quota';
import { QuotaCancelledError, QuotaExhaustedError, QuotaQueueFullError, formatDuration } from '../quota';
import { toNodeApiError, wasNeverSent } from './apiErrors';
import type { HttpFailure } from './apiErrors';
import type { HttpMethod } from './types';
import { displayPath } from './urls';

const HIGHER_QUOTA = 'ask DrChrono (api@drchrono.com) for a higher quota';

/**
 * The quota guard's refusal, worded for what the user can change: a full queue is not cured by
 * waiting longer, so it does not point at Max Wait.
 */
export function quotaRefusalError(node: INode, error: unknown, policy: AcquirePolicy, itemIndex?: number): NodeOperationError {
	if (error instanceof QuotaCancelledError || policy.signal?.aborted) {
		return new NodeOperationError(node, (error as Error).message, { itemIndex });
	}
	if (error instanceof QuotaQueueFullError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description: `Too many executions wait for this DrChrono app at the same time. Let fewer run at once (n8n's concurrency limit, or fewer items per run), spread the workflows over the hour, or ${HIGHER_QUOTA}.`,
		});
	}
	if (error instanceof QuotaExhaustedError) {
		return new NodeOperationError(node, error.message, {
			itemIndex,
			description:
				policy.onExhausted === 'fail'
					? `On Quota Exhausted is set to Fail. Set it to Wait to let the workflow wait for the reset, or ${HIGHER_QUOTA}.`
					: `Raise Max Wait in On Quota Exhausted, run the workflow after the reset, or ${HIGHER_QUOTA}.`,
		});
	}
	return new NodeOperationError(node, error as Error, { itemIndex });
}

export function stoppedError(node: INode, itemIndex?: number): NodeOperationError {
	return new NodeOperationError(node, 'The execution was stopped; no further DrChrono call was sent for it', { itemIndex });
}

/** A 429 the transport does not retry: the guard words it, with DrChrono's reason and time. */
export function rateLimitError(node: INode, guard: QuotaGuard, itemIndex?: number): NodeOperationError {
	const refusal = guard.refusalNow();
	const snapshot = guard.snapshot();
	const message = refusal?.message ?? guard.exhaustedError(Math.max(snapshot.blockedUntil, snapshot.resetsAt)).message;
	return new NodeOperationError(node, message, {
		itemIndex,
		description:
			'DrChrono answered 429 Too Many Requests. Another system may be using the same API application; set Calls to Keep in Reserve on the credential to leave room for it, or set On Quota Exhausted to Wait.',
	});
}

/** The error for a call that got no HTTP answer; a POST that may have arrived says so. */
export function networkError(
	node: INode,
	failure: HttpFailure,
	method: HttpMethod,
	url: string,
	timeoutMs: number,
	itemIndex?: number,
	scope?: string,
): Error {
	const path = displayPath(url);
	const maybeSent = !wasNeverSent(failure);
	if (failure.timedOut) {
		const limit = formatDuration(timeoutMs);
		if (method === 'POST') {
			return new NodeOperationError(
				node,
				`DrChrono did not answer POST ${path} within ${limit}: the object may have been created, and the request was not sent again`,
				{
					itemIndex,
					description:
						'To avoid a duplicate, a POST is never sent twice. Check DrChrono for the object before running this item again; raise Options > Request Timeout if DrChrono is slow.',
				},
			);
		}
		return new NodeOperationError(node, `DrChrono did not answer ${method} ${path} within ${limit}`, {
			itemIndex,
			description: 'The request was tried again and still got no answer. Try later, or raise Options > Request Timeout.',
		});
	}
	const apiError = toNodeApiError(node, failure, { method, path, itemIndex, scope });
	if (method === 'POST' && maybeSent) {
		apiError.description =
			'The connection failed after the request was sent, so DrChrono may have created the object. It was not sent again, to avoid a duplicate: check DrChrono before running this item again.';
	}
	return apiError;
}

