import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { fetchCurrentObject } from './currentObject';
import { PING_EVENT, canonicalEventName, findEvent, isEventSelected } from './events';
import { claimDelivery, releaseDelivery } from './recentDeliveries';
import { respond } from './respond';
import { WEBHOOK_CREDENTIAL } from './secretToken';
import { isValidSignature } from './signature';

/** Header names as Node's HTTP server presents them (lower case). */
const HEADER = {
	event: 'x-drchrono-event',
	signature: 'x-drchrono-signature',
	delivery: 'x-drchrono-delivery',
} as const;

export interface TriggerOptions {
	includeHeaders?: boolean;
	emitPings?: boolean;
	ignoreRepeatedDeliveries?: boolean;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
	const value = headers[name];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' && first !== '' ? first : undefined;
}

/** The headers for the output, without the signature: DrChrono puts the secret token itself there. */
function safeHeaders(headers: Record<string, string | string[] | undefined>): IDataObject {
	const copy: IDataObject = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		copy[name] = name === HEADER.signature ? '[redacted]' : value;
	}
	return copy;
}

/**
 * The parsed JSON body. n8n parses it when the request says `Content-Type: application/json`;
 * DrChrono's content type is not documented, so fall back to parsing the raw bytes ourselves.
 */
function deliveryBody(this: IWebhookFunctions): IDataObject | undefined {
	const isObject = (value: unknown): value is IDataObject =>
		typeof value === 'object' && value !== null && !Array.isArray(value);
	const parsed: unknown = this.getBodyData();
	if (isObject(parsed) && Object.keys(parsed).length > 0) return parsed;
	const raw = this.getRequestObject().rawBody as Buffer | undefined;
	if (!raw || raw.length === 0) return {};
	try {
		const value: unknown = JSON.parse(raw.toString('utf8'));
		return isObject(value) ? value : undefined;
	} catch {
		return undefined;
	}
}

function nodeKey(this: IWebhookFunctions): string {
	const node = this.getNode();
	return `${this.getWorkflow().id ?? ''}:${node.id ?? node.name}`;
}

/**
 * One POST from DrChrono. It starts an execution only if it is signed with the webhook's secret,
 * is an event the user chose (or a ping they asked to see) and was not handled before. Everything
 * else gets an answer right away and no execution: 401 for a bad signature, 400 for a signed request
 * that is not a delivery, and 200 for a delivery left out on purpose, since DrChrono would retry
 * any other status at +1 h, +3 h and +7 h for nothing.
 *
 * Nothing from the body is logged: it holds patient data.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const res = this.getResponseObject();
	const headers = this.getHeaderData();
	const { secretToken } = await this.getCredentials<{ secretToken?: string }>(WEBHOOK_CREDENTIAL);

	if (!isValidSignature(header(headers, HEADER.signature), secretToken ?? '', this.getRequestObject().rawBody)) {
		this.logger.warn(
			`DrChrono Trigger "${this.getNode().name}" refused a delivery: X-drchrono-signature is missing or does not match the secret token`,
		);
		return respond(res, 401, { message: 'X-drchrono-signature does not match the secret token' });
	}

	const eventHeader = header(headers, HEADER.event);
	if (!eventHeader) {
		return respond(res, 400, { message: 'X-drchrono-event header is missing' });
	}

	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	if (eventHeader === PING_EVENT) {
		if (!options.emitPings) return respond(res, 200, { message: 'Pong' });
	} else {
		const selected = this.getNodeParameter('events', []) as string[];
		if (!isEventSelected(selected, eventHeader)) {
			return respond(res, 200, { message: `${eventHeader} is not selected in the trigger; ignored` });
		}
	}

	const deliveryId = header(headers, HEADER.delivery);
	const key = nodeKey.call(this);
	const deduplicate = options.ignoreRepeatedDeliveries !== false && deliveryId !== undefined;
	if (deduplicate && !claimDelivery(key, deliveryId)) {
		return respond(res, 200, { message: `Delivery ${deliveryId} was already received; ignored` });
	}

	let started = false;
	try {
		const body = deliveryBody.call(this);
		if (body === undefined) return respond(res, 400, { message: 'The body is not a JSON object' });
		const item = await buildItem.call(this, eventHeader, deliveryId, body, options);
		started = true;
		return { workflowData: [[item]] };
	} finally {
		// No execution starts, so a retry of this delivery must not count as a repeat.
		if (deduplicate && !started) releaseDelivery(key, deliveryId);
	}
}

async function buildItem(
	this: IWebhookFunctions,
	eventHeader: string,
	deliveryId: string | undefined,
	body: IDataObject,
	options: TriggerOptions,
): Promise<INodeExecutionData> {
	const delivered = (body.object ?? null) as IDataObject | null;
	const json: IDataObject = {
		event: canonicalEventName(eventHeader),
		deliveryId: deliveryId ?? null,
		object: delivered,
		receiver: body.receiver ?? null,
		receivedAt: new Date().toISOString(),
	};

	if (eventHeader !== PING_EVENT && this.getNodeParameter('fetchCurrentObject', false) === true) {
		json.deliveredObject = delivered;
		json.fetched = false;
		const source = findEvent(eventHeader)?.current;
		if (source && delivered && typeof delivered === 'object') {
			const result = await fetchCurrentObject.call(this, source, delivered);
			if (result.fetched) {
				json.object = result.object;
				json.fetched = true;
			} else if (result.error) {
				json.fetchError = result.error;
			}
		}
	}

	if (options.includeHeaders) json.headers = safeHeaders(this.getHeaderData());
	return { json };
}
