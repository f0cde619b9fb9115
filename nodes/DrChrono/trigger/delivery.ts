import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { createHash } from 'crypto';

import { headerValue } from '../shared/headers';
import type { Headers } from '../shared/headers';
import { parseJsonObject } from '../shared/checks';
import { triggerMemory } from '../store';
import type { StoreUse } from '../store';
import { fetchCurrentObject, isDeleteEvent } from './currentObject';
import { objectFitsEvent } from './eventShape';
import { PING_EVENT, canonicalEventName, findEvent, isEventSelected } from './events';
import { refuseUnusableSecret } from './handshake';
import { DELIVERY_MEMORY_MS, deliveryMemory } from './recentDeliveries';
import { respond } from './respond';
import { accountReadOnce, triggerStore, type AccountRead } from './sharedStore';
import { WEBHOOK_CREDENTIAL, checkWebhookSecrets, type WebhookSecrets } from './secretToken';
import { headerIsSecret, isBodyHmac, type SignatureForm } from './signature';
import { triggerKey, warnOnce } from './triggerLog';

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

const SIGNATURE_MISMATCH = 'X-drchrono-signature does not match the secret token';

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
	warnOnce.call(this, 'refusal', `refused a request (${status}): ${message}`);
	return respond(this.getResponseObject(), status, { message });
}

/**
 * DrChrono retries a delivery at +1 h, +3 h and +7 h: a body seen within this window under another
 * delivery id is a replay, not a new event.
 */
export const REDELIVERY_WINDOW_MS = 8 * 60 * 60 * 1000;

/** Bodies remembered per trigger; far more deliveries than DrChrono sends one trigger in eight hours. */
export const REMEMBERED_BODIES_PER_TRIGGER = 20_000;

/**
 * With the body-HMAC option the headers are not signed, so one captured body can be sent again
 * under new delivery ids and event names. Each signed body therefore starts one execution per
 * redelivery window, whatever it is labelled.
 */
async function isFirstUseOfBody(this: IWebhookFunctions, raw: Buffer, store: StoreUse | undefined): Promise<boolean> {
	const memory = triggerMemory(`delivery-bodies:${triggerKey.call(this)}`, REMEMBERED_BODIES_PER_TRIGGER, 'replayed bodies', store);
	return await memory.firstSeen(createHash('sha256').update(raw).digest('hex'), REDELIVERY_WINDOW_MS);
}

/** Sets a field as plain data: a key such as `__proto__` from a delivery stays a field, never the prototype. */
function setField(target: IDataObject, name: string, value: unknown): void {
	Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
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
	const secrets = checkWebhookSecrets(await this.getCredentials<WebhookSecrets>(WEBHOOK_CREDENTIAL));
	if (!secrets.ok) return refuseUnusableSecret.call(this, secrets.message);
	const options = this.getNodeParameter('options', {}) as TriggerOptions;

	// The documented form (the header is the secret) decides before the body is read: a forged
	// request costs a comparison, not the reading and unzipping of whatever it sends.
	const signature = header(headers, HEADER.signature);
	let form: SignatureForm | undefined = headerIsSecret(signature, secrets.accepted) ? 'secret' : undefined;
	if (!form && options.acceptBodyHmac !== true) return refuse.call(this, 401, SIGNATURE_MISMATCH);
	const raw = await rawBody.call(this);
	if (!form && isBodyHmac(signature, secrets.accepted, raw)) form = 'bodyHmac';
	if (!form) return refuse.call(this, 401, SIGNATURE_MISMATCH);

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
	const deduplicate = options.ignoreRepeatedDeliveries !== false && deliveryId !== undefined;
	// Only a checked, wanted delivery reaches the store: a forged request costs it nothing.
	const account = accountReadOnce(this);
	const store = deduplicate || form === 'bodyHmac' ? await triggerStore.call(this, account) : undefined;
	const memory = deliveryMemory(nodeKey.call(this), store);
	if (deduplicate && !(await memory.firstSeen(deliveryId, DELIVERY_MEMORY_MS))) {
		return respond(res, 200, { message: `Delivery ${deliveryId} was already received; ignored` });
	}

	let started = false;
	try {
		if (form === 'bodyHmac' && !(await isFirstUseOfBody.call(this, raw as Buffer, store))) {
			warnOnce.call(this, 'replay', 'ignored a body it had already received under another delivery ID (body-HMAC form)');
			return respond(res, 200, { message: 'This body was already received; ignored' });
		}
		const item = await buildItem.call(this, eventHeader, deliveryId, body ?? {}, options, form, account);
		started = true;
		res.status(200).json(ACCEPTED_ANSWER);
		return { workflowData: [[item]], noWebhookResponse: true };
	} finally {
		// No execution starts, so a retry of this delivery must not count as a repeat.
		if (deduplicate && !started) await memory.forget(deliveryId);
	}
}

async function buildItem(
	this: IWebhookFunctions,
	eventHeader: string,
	deliveryId: string | undefined,
	body: IDataObject,
	options: TriggerOptions,
	form: SignatureForm,
	account: AccountRead,
): Promise<INodeExecutionData> {
	const delivered = (body.object ?? null) as IDataObject | null;
	const json: IDataObject = {
		event: canonicalEventName(eventHeader),
		deliveryId: deliveryId ?? null,
	};
	// Every top-level field DrChrono sends (object, receiver, practice_group_id, ...) reaches the workflow.
	for (const [name, value] of Object.entries(body)) {
		if (!OWN_FIELDS.has(name)) setField(json, name, value);
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
		// Signed by body HMAC, the event name is not signed: read again only what the body is.
		if (source && delivered && typeof delivered === 'object' && form === 'bodyHmac' && !objectFitsEvent(source, delivered)) {
			json.fetchError = `The delivered object does not look like the object of ${canonicalEventName(eventHeader)}; it was not read again`;
		} else if (source && delivered && typeof delivered === 'object') {
			const result = await fetchCurrentObject.call(this, source, delivered, account);
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
