import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { headerValue } from '../shared/headers';
import type { DrChronoResponse, HttpMethod } from './types';
import { displayPath, onApiOrigin } from './urls';

const MAX_REDIRECTS = 5;

/**
 * Where a 3xx sends the call: a URL on the API origin, or 'foreign' for another host. Only a GET is
 * re-sent on any redirect; a call with a body only on 307/308 (which keep method and body, and
 * DrChrono only answers so when it did not act). A POST answered 301/302/303 is never sent again.
 */
export function redirectTarget(
	node: INode,
	response: DrChronoResponse,
	method: HttpMethod,
	currentUrl: string,
	apiUrl: string,
	redirects: number,
	itemIndex?: number,
): string | 'foreign' {
	const status = response.statusCode;
	const location = headerValue(response.headers, 'location');
	const path = displayPath(currentUrl);
	if (!location) {
		throw new NodeOperationError(node, `DrChrono answered ${method} ${path} with ${status} but named no new location`, { itemIndex });
	}
	if (redirects >= MAX_REDIRECTS) {
		throw new NodeOperationError(node, `DrChrono redirected ${method} ${path} more than ${MAX_REDIRECTS} times; last to ${location}`, {
			itemIndex,
		});
	}
	const target = onApiOrigin(apiUrl, location, currentUrl);
	if (method !== 'GET' && status !== 307 && status !== 308) {
		throw new NodeOperationError(
			node,
			`DrChrono answered ${method} ${path} with a ${status} redirect to ${new URL(location, currentUrl).pathname}; the request was not sent again`,
			{
				itemIndex,
				description:
					'A request with a body is re-sent only on a 307 or 308 redirect to DrChrono itself, so nothing is created twice. Check the path (DrChrono paths end without a slash, e.g. /api/patients) and check DrChrono before running this item again.',
			},
		);
	}
	if (target === undefined) {
		if (method !== 'GET') {
			throw new NodeOperationError(
				node,
				`DrChrono redirected ${method} ${path} to another host (${new URL(location, currentUrl).origin}); the request was not sent there`,
				{ itemIndex },
			);
		}
		return 'foreign';
	}
	return target;
}

