import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { headerValue } from '../shared/headers';
import type { Headers } from '../shared/headers';
import { parseJsonObject } from '../shared/checks';
import { refusalLog } from '../shared/refusalLog';
import { fetchCurrentObject, isDeleteEvent } from './currentObject';
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
	acceptBodyHmac?: boolean;
}

/** What an accepted delivery is answered with (n8n sends nothing more: the node answers itself). */
export const ACCEPTED_ANSWER = { message: 'Delivery accepted' };

/** Output fields the trigger sets itself; a delivery's own top-level field of the same name is not copied. */
const OWN_FIELDS = new Set(['event', 'deliveryId', 'receivedAt', 'headers', 'deliveredObject', 'fetched', 'fetchError', 'deleted']);

/** A header's first value; an empty one counts as absent. */
const header = (headers: Headers, name: string): string | undefined => headerValue(headers, name) || undefined;

/** The headers for the output, without the signature: DrChrono puts the secret token itself there. */
function safeHeaders(headers: Record<string, string | string[] | undefined>): IDataObject {
	const copy: IDataObject = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		copy[name] = name === HEADER.signature ? '[redacted]' : value;
	}
	return copy;
}

type WebhookRequest = ReturnType<IWebhookFunctions['getRequestObject']> & { readRawBody?: () => Promise<void> };

/**
 * The raw bytes of the request. n8n reads them for a typeVersion-1 trigger, but for later versions
 * only when the content type is one it parses (JSON, text, form, XML), and DrChrono's content type is
 * undocumented: so ask n8n's reader (both pinned lines have it) when nothing was read yet. A
 * multipart body was consumed by n8n's form parser and has no raw bytes; it is no delivery anyway.
 */
async function rawBody(this: IWebhookFunctions): Promise<Buffer | undefined> {
	const req = this.getRequestObject() as WebhookRequest;
	const isMultipart = String(req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
	if (req.rawBody === undefined && !isMultipart && typeof req.readRawBody === 'function') await req.readRawBody();
	return req.rawBody as Buffer | undefined;
}

/**
 * The delivery as DrChrono sent it: the raw JSON bytes parsed here, so the workflow sees exactly
 * what arrived and was checked. n8n's parsed body is only a fallback for a server that keeps no raw
 * body. DrChrono's content type is undocumented, so the raw bytes are parsed whatever it says.
 */
function deliveryBody(this: IWebhookFunctions, raw: Buffer | undefined): IDataObject | undefined {
	if (raw !== undefined && raw.length > 0) return parseJsonObject(raw) as IDataObject | undefined;
	const parsed: unknown = this.getBodyData();
	const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
	return isObject && Object.keys(parsed).length > 0 ? (parsed as IDataObject) : undefined;
}

/**
 * The key of the trigger's repeated-delivery memory. The test URL (mode `manual`, the editor
 * listening) and the production URL (the active workflow) keep separate memories, so a delivery id
 * seen while testing never drops the production delivery.
 */
function nodeKey(this: IWebhookFunctions): string {
	const node = this.getNode();
	const url = this.getMode() === 'manual' ? 'test' : 'production';
	return `${this.getWorkflow().id ?? ''}:${node.id ?? node.name}:${url}`;
}

function refuse(this: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	const node = this.getNode();
	refusalLog.warn(
		this.logger,
		`drchrono-trigger:${this.getWorkflow().id ?? ''}:${node.id ?? node.name}`,
		`DrChrono Trigger "${node.name}" refused a request (${status}): ${message}`,
	);
	return respond(this.getResponseObject(), status, { message });
}

/**
 * One POST from DrChrono. It starts an execution only if it is signed with the webhook's secret,
 * is a delivery (a JSON object with `object`) or a ping, is an event the user chose (or a ping they
 * asked to see) and was not handled before. Everything else gets an answer right away and no
 * execution: 401 for a bad signature, 400 for a signed request that is not a delivery, and 200 for
 * a delivery left out on purpose, since DrChrono would retry any other status at +1 h, +3 h and +7 h
 * for nothing. An accepted delivery is answered 200 with a short JSON message by the node itself,
 * the same on every n8n version.
 *
 * Nothing from the body is logged: it holds patient data.
 */
export async function receiveDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const headers = this.getHeaderData();
	const { secretToken } = await this.getCredentials<{ secretToken?: string }>(WEBHOOK_CREDENTIAL);
	const options = this.getNodeParameter('options', {}) as TriggerOptions;
	const raw = await rawBody.call(this);

	const signed = isValidSignature(header(headers, HEADER.signature), secretToken ?? '', raw, {
		acceptBodyHmac: options.acceptBodyHmac === true,
	});
	if (!signed) return refuse.call(this, 401, 'X-drchrono-signature does not match the secret token');

	const eventHeader = header(headers, HEADER.event);
	if (!eventHeader) return refuse.call(this, 400, 'X-drchrono-event header is missing');

	const isPing = eventHeader === PING_EVENT;
	const body = deliveryBody.call(this, raw);
	if (!isPing && (body === undefined || !Object.prototype.hasOwnProperty.call(body, 'object'))) {
		return refuse.call(this, 400, 'The body is not a DrChrono delivery (a JSON object with an object field)');
	}

	const res = this.getResponseObject();
	if (isPing) {
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
		const item = await buildItem.call(this, eventHeader, deliveryId, body ?? {}, options);
		started = true;
		res.status(200).json(ACCEPTED_ANSWER);
		return { workflowData: [[item]], noWebhookResponse: true };
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
	};
	// Every top-level field DrChrono sends (object, receiver, practice_group_id, ...) reaches the workflow.
	for (const [name, value] of Object.entries(body)) {
		if (!OWN_FIELDS.has(name)) json[name] = value;
	}
	json.object = delivered;
	json.receiver = body.receiver ?? null;
	json.receivedAt = new Date().toISOString();

	if (eventHeader !== PING_EVENT && this.getNodeParameter('fetchCurrentObject', false) === true) {
		json.deliveredObject = delivered;
		json.fetched = false;
		const source = findEvent(eventHeader)?.current;
		// DrChrono deletes for good: after a *_DELETE event there is nothing to read (currentObject.ts).
		if (isDeleteEvent(eventHeader)) json.deleted = true;
		if (source && delivered && typeof delivered === 'object') {
			const result = await fetchCurrentObject.call(this, source, delivered);
			if (result.fetched) {
				json.object = result.object;
				json.fetched = true;
			} else {
				if (result.deleted) json.deleted = true;
				if (result.error) json.fetchError = result.error;
			}
		}
	}

	if (options.includeHeaders) json.headers = safeHeaders(this.getHeaderData());
	return { json };
}
