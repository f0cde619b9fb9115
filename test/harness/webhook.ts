/**
 * Drives a trigger node's webhooks the way n8n's webhook server does, in process: n8n-core's real
 * HookContext for `webhookMethods` (checkExists/create/delete on activation and deactivation) and
 * WebhookContext for `webhook()`, a real Workflow and credentials helper, an express-like request
 * (parsed body plus `rawBody`) and response, and n8n's rules for what is answered when the node
 * returns. A returned `workflowData` is an execution, and is run through n8n-core's WorkflowExecute
 * as n8n would start it.
 *
 * Generic: any node type with `webhooks`, any request. `listen()` puts it behind a real HTTP port
 * (e.g. as the callback URL for the DrChrono sandbox).
 *
 * Mirrors n8n 2.x `packages/cli/src/webhooks`: `webhook.service.ts` (getNodeWebhooks, runWebhook,
 * runWebhookMethod), `webhook-helpers.ts` (handleImmediateWebhookResponse, invokeWebhook errors,
 * prepareExecutionData) and `middlewares/body-parser.ts` (parseBody).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';

import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { ExecutionLifecycleHooks, HookContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IVersionedNodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WebhookSetupMethodNames,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import { testAdditionalData } from './additional-data';
import { TestCredentialsHelper } from './credentials';
import { TestNodeTypes } from './node-types';

export interface WebhookNodeUnderTest {
	type: string;
	parameters: INode['parameters'];
	credentials?: INode['credentials'];
	name?: string;
	typeVersion?: number;
	/** n8n gives every webhook node a UUID; it is the first segment of the URL. */
	webhookId?: string;
}

export interface WebhookHarnessOptions {
	/** Node types by type name; must contain `node.type`. */
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	node: WebhookNodeUnderTest;
	credentials: TestCredentialsHelper | Record<string, ICredentialDataDecryptedObject>;
	/** `production` = an active workflow (mode `webhook`, `/webhook/`); `test` = the editor listening (mode `manual`, `/webhook-test/`). */
	mode?: 'production' | 'test';
	/** n8n's base URL (WEBHOOK_URL); `listen()` replaces it with its own address. */
	baseUrl?: string;
	workflowId?: string;
	staticData?: IDataObject;
	/** Run each execution through WorkflowExecute (default true). */
	runExecutions?: boolean;
}

export interface WebhookRequest {
	method: string;
	/** URL path (with or without query), e.g. `/webhook/<id>/drchrono?msg=x`, or a full URL. Defaults to the node's URL. */
	path?: string;
	query?: Record<string, string | string[]>;
	headers?: Record<string, string | string[] | undefined>;
	/** Sent as is when a string or Buffer; an object is JSON-encoded (with a JSON content type unless one is given). */
	body?: string | Buffer | object;
}

export interface RecordedResponse {
	status: number;
	headers: Record<string, string>;
	text: string;
	/** The body parsed as JSON when it is JSON, else undefined. */
	json: unknown;
}

export interface Execution {
	webhookName: string;
	items: INodeExecutionData[][];
	/** The run of the workflow through WorkflowExecute, when runExecutions is on. */
	run?: IRun;
}

export interface WebhookCallResult {
	response: RecordedResponse;
	/** What the node's webhook() returned (undefined when it threw or no webhook matched). */
	result?: IWebhookResponseData;
	/** The execution the call started, if any. */
	execution?: Execution;
	/** The error webhook() threw, answered with 500 as n8n does. */
	error?: Error;
}

/** A response object with the parts of express's Response that nodes use. */
class RecordingResponse {
	statusCode = 200;
	readonly headers: Record<string, string> = {};
	private chunks: Buffer[] = [];
	finished = false;
	headersSent = false;

	status(code: number): this {
		this.statusCode = code;
		return this;
	}

	sendStatus(code: number): this {
		return this.status(code).send(String(code));
	}

	setHeader(name: string, value: string | number | readonly string[]): this {
		this.headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
		return this;
	}

	header(name: string | Record<string, string>, value?: string): this {
		if (typeof name === 'object') {
			for (const [k, v] of Object.entries(name)) this.setHeader(k, v);
			return this;
		}
		return this.setHeader(name, value ?? '');
	}

	set(name: string | Record<string, string>, value?: string): this {
		return this.header(name, value);
	}

	getHeader(name: string): string | undefined {
		return this.headers[name.toLowerCase()];
	}

	type(contentType: string): this {
		return this.setHeader('content-type', contentType.includes('/') ? contentType : `application/${contentType}`);
	}

	json(body: unknown): this {
		if (!this.headers['content-type']) this.setHeader('content-type', 'application/json; charset=utf-8');
		return this.send(JSON.stringify(body));
	}

	send(body?: unknown): this {
		if (body === undefined || body === null) return this.end();
		if (Buffer.isBuffer(body)) return this.end(body);
		if (typeof body === 'object') return this.json(body);
		if (!this.headers['content-type']) this.setHeader('content-type', 'text/html; charset=utf-8');
		return this.end(String(body));
	}

	write(chunk: string | Buffer): boolean {
		this.headersSent = true;
		this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
		return true;
	}

	end(chunk?: string | Buffer): this {
		if (chunk !== undefined) this.write(chunk);
		this.headersSent = true;
		this.finished = true;
		return this;
	}

	/** A redirect is an answer like any other here; DrChrono counts it as a failure. */
	redirect(statusOrUrl: number | string, url?: string): this {
		const status = typeof statusOrUrl === 'number' ? statusOrUrl : 302;
		this.setHeader('location', typeof statusOrUrl === 'string' ? statusOrUrl : (url ?? ''));
		return this.status(status).end();
	}

	on(): this {
		return this;
	}

	once(): this {
		return this;
	}

	recorded(): RecordedResponse {
		const text = Buffer.concat(this.chunks).toString('utf8');
		let json: unknown;
		if (text !== '') {
			try {
				json = JSON.parse(text);
			} catch {
				json = undefined;
			}
		}
		return { status: this.statusCode, headers: { ...this.headers }, text, json };
	}
}

function lowerCaseHeaders(headers: WebhookRequest['headers'] = {}): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value !== undefined) out[name.toLowerCase()] = value;
	}
	return out;
}

function encodeBody(request: WebhookRequest, headers: Record<string, string | string[]>): Buffer {
	const { body } = request;
	if (body === undefined) return Buffer.alloc(0);
	if (Buffer.isBuffer(body)) return body;
	if (typeof body === 'string') return Buffer.from(body, 'utf8');
	if (!headers['content-type']) headers['content-type'] = 'application/json';
	return Buffer.from(JSON.stringify(body), 'utf8');
}

/** n8n 2.x `isParsableContentType`: the content types it reads for nodes of typeVersion > 1. */
function isParsableContentType(contentType: string | undefined): boolean {
	if (!contentType) return false;
	const type = contentType.toLowerCase();
	return (
		type.startsWith('application/json') ||
		type.startsWith('text/plain') ||
		type.startsWith('application/x-www-form-urlencoded') ||
		type.endsWith('/xml') ||
		type.endsWith('+xml')
	);
}

/** n8n's body parser: JSON, form and text bodies by content type; `rawBody` always; `{}` when nothing parsed. */
function parseBody(raw: Buffer, contentTypeHeader: string | undefined): { body: unknown; error?: string } {
	const contentType = contentTypeHeader?.split(';')[0].trim().toLowerCase();
	const charset = /charset=([^;]+)/i.exec(contentTypeHeader ?? '')?.[1]?.trim().toLowerCase();
	const encoding = (charset === 'latin1' || charset === 'iso-8859-1' ? 'latin1' : 'utf8') as BufferEncoding;
	let body: unknown;
	if (raw.length > 0) {
		try {
			if (contentType === 'application/json') body = JSON.parse(raw.toString(encoding));
			else if (contentType === 'application/x-www-form-urlencoded') body = { ...parseQueryString(raw.toString(encoding)) };
			else if (contentType === 'text/plain') body = raw.toString(encoding);
		} catch (error) {
			return { body: {}, error: (error as Error).message };
		}
	}
	return { body: body ?? {} };
}

export class WebhookHarness {
	readonly workflow: Workflow;
	readonly node: INode;
	readonly credentials: TestCredentialsHelper;
	readonly executions: Execution[] = [];
	/** Every request answered, in order, with its outcome. */
	readonly calls: Array<{ request: WebhookRequest; outcome: WebhookCallResult }> = [];
	readonly mode: 'production' | 'test';
	private baseUrl: string;
	private active = false;
	private server?: Server;
	private readonly runExecutions: boolean;
	private readonly nodeTypes: TestNodeTypes;

	constructor(options: WebhookHarnessOptions) {
		this.mode = options.mode ?? 'production';
		this.baseUrl = (options.baseUrl ?? 'http://localhost:5678').replace(/\/+$/, '');
		this.runExecutions = options.runExecutions ?? true;
		this.credentials =
			options.credentials instanceof TestCredentialsHelper
				? options.credentials
				: new TestCredentialsHelper(options.credentials);
		this.nodeTypes = new TestNodeTypes(options.nodeTypes);
		this.node = {
			id: 'trigger-under-test',
			name: options.node.name ?? 'Trigger',
			type: options.node.type,
			typeVersion: options.node.typeVersion ?? 1,
			position: [0, 0],
			parameters: options.node.parameters,
			credentials: options.node.credentials,
			webhookId: options.node.webhookId ?? '8f1b2c3d-0000-4000-8000-00000000d7c1',
		};
		this.workflow = new Workflow({
			id: options.workflowId ?? 'webhook-test-workflow',
			name: 'Webhook test',
			nodes: [this.node],
			connections: {},
			nodeTypes: this.nodeTypes,
			active: this.mode === 'production',
			staticData: options.staticData,
			settings: { executionOrder: 'v1' },
		});
	}

	private get executeMode(): WorkflowExecuteMode {
		return this.mode === 'test' ? 'manual' : 'webhook';
	}

	private get nodeType(): INodeType {
		return this.nodeTypes.getByNameAndVersion(this.node.type, this.node.typeVersion);
	}

	private additionalData(extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
		return testAdditionalData({
			credentialsHelper: this.credentials,
			executionId: `webhook-execution-${this.executions.length + 1}`,
			baseUrl: this.baseUrl,
			extra,
		});
	}

	/** The node's webhooks as n8n registers them (WebhookService.getNodeWebhooks). */
	webhooks(): IWebhookData[] {
		const descriptions = this.nodeType.description.webhooks ?? [];
		const out: IWebhookData[] = [];
		for (const description of descriptions) {
			const rawPath = String(
				this.workflow.expression.getSimpleParameterValue(this.node, description.path, 'internal', {}),
			).replace(/^\/|\/$/g, '');
			const isFullPath = this.workflow.expression.getSimpleParameterValue(
				this.node,
				description.isFullPath,
				'internal',
				{},
				undefined,
				false,
			) as boolean;
			const path = NodeHelpers.getNodeWebhookPath(this.workflow.id, this.node, rawPath, isFullPath);
			const methods = String(
				this.workflow.expression.getSimpleParameterValue(this.node, description.httpMethod, 'internal', {}, undefined, 'GET'),
			);
			for (const method of methods.split(',')) {
				if (!method.trim()) continue;
				out.push({
					httpMethod: method.trim() as IHttpRequestMethods,
					node: this.node.name,
					path,
					webhookDescription: description,
					workflowId: this.workflow.id,
					workflowExecuteAdditionalData: this.additionalData(),
					isTest: this.mode === 'test',
				});
			}
		}
		return out;
	}

	/** The URL n8n shows and serves for a webhook of the node (production or test, per mode). */
	url(name = 'default'): string {
		const hook = this.webhooks().find((w) => w.webhookDescription.name === name);
		if (!hook) throw new Error(`The node has no webhook named ${name}`);
		return `${this.baseUrl}/${this.mode === 'test' ? 'webhook-test' : 'webhook'}/${hook.path}`;
	}

	private async runWebhookMethod(
		method: WebhookSetupMethodNames,
		hook: IWebhookData,
		activation: WorkflowActivateMode,
	): Promise<boolean | undefined> {
		const fn = this.nodeType.webhookMethods?.[hook.webhookDescription.name]?.[method];
		if (fn === undefined) return undefined;
		const context = new HookContext(
			this.workflow,
			this.node,
			hook.workflowExecuteAdditionalData,
			this.executeMode,
			activation,
			hook,
		);
		return (await fn.call(context)) as boolean;
	}

	/**
	 * Registers the webhooks as n8n does on activation (or "listen for test event"): for each one,
	 * checkExists and, if false, create. Returns what each create was asked and answered.
	 */
	async activate(activation: WorkflowActivateMode = 'activate'): Promise<Array<{ name: string; existed: boolean }>> {
		const report: Array<{ name: string; existed: boolean }> = [];
		for (const hook of this.webhooks()) {
			const existed = (await this.runWebhookMethod('checkExists', hook, activation)) === true;
			if (!existed) await this.runWebhookMethod('create', hook, activation);
			report.push({ name: hook.webhookDescription.name, existed });
		}
		this.active = true;
		return report;
	}

	/** Unregisters the webhooks (deactivation, or the end of a test listen): delete for each one. */
	async deactivate(): Promise<void> {
		for (const hook of this.webhooks()) await this.runWebhookMethod('delete', hook, 'activate');
		this.active = false;
	}

	/** The workflow's static data, as n8n would save it. */
	staticData(): IDataObject {
		return JSON.parse(JSON.stringify(this.workflow.staticData)) as IDataObject;
	}

	/** Sends one request to the node, as n8n's webhook server would hand it over. */
	async request(request: WebhookRequest): Promise<WebhookCallResult> {
		const outcome = await this.handle(request);
		this.calls.push({ request, outcome });
		return outcome;
	}

	private notFound(res: RecordingResponse, method: string, path: string): WebhookCallResult {
		res.status(404).json({
			code: 404,
			message: `The requested webhook "${method} ${path}" is not registered.`,
		});
		return { response: res.recorded() };
	}

	private async handle(request: WebhookRequest): Promise<WebhookCallResult> {
		const res = new RecordingResponse();
		const method = request.method.toUpperCase();
		const target = new URL(request.path ?? this.url(), this.baseUrl);
		const prefix = `/${this.mode === 'test' ? 'webhook-test' : 'webhook'}/`;
		const path = target.pathname.startsWith(prefix) ? target.pathname.slice(prefix.length) : null;
		if (!this.active || path === null) return this.notFound(res, method, target.pathname);
		const hook = this.webhooks().find((w) => w.httpMethod === method && w.path === path);
		if (!hook) return this.notFound(res, method, target.pathname);

		const query: Record<string, string | string[]> = {};
		for (const key of new Set(target.searchParams.keys())) {
			const values = target.searchParams.getAll(key);
			query[key] = values.length === 1 ? values[0] : values;
		}
		Object.assign(query, request.query ?? {});
		const headers = lowerCaseHeaders(request.headers);
		const rawBody = encodeBody(request, headers);
		const contentType = Array.isArray(headers['content-type']) ? headers['content-type'][0] : headers['content-type'];
		// parseRequestBody: a typeVersion-1 node gets every body read and parsed; later versions only
		// bodies of a parsable content type, and otherwise neither body nor rawBody until the node
		// calls req.readRawBody().
		const reads = this.node.typeVersion === 1 || isParsableContentType(contentType);
		const parsed = reads ? parseBody(rawBody, contentType) : { body: {} };
		if (parsed.error !== undefined) {
			res.status(422).json({ code: 422, message: 'Failed to parse request body', hint: parsed.error });
			return { response: res.recorded() };
		}
		const req: Record<string, unknown> = {
			method,
			url: `${target.pathname}${target.search}`,
			originalUrl: `${target.pathname}${target.search}`,
			path: target.pathname,
			headers,
			query,
			params: {},
			body: parsed.body,
			rawBody: reads ? rawBody : undefined,
			readRawBody: async () => {
				req.rawBody = rawBody;
			},
			contentType: contentType?.split(';')[0].trim().toLowerCase(),
			header: (name: string) => headers[name.toLowerCase()],
			get: (name: string) => headers[name.toLowerCase()],
		};

		const additionalData = this.additionalData({
			httpRequest: req as never,
			httpResponse: res as never,
		});
		const nodeType = this.nodeType;
		if (nodeType.webhook === undefined) throw new Error('The node has no webhook() method');
		const context = new WebhookContext(this.workflow, this.node, additionalData, this.executeMode, hook, [], null);

		let result: IWebhookResponseData;
		try {
			result = (await nodeType.webhook.call(context)) as IWebhookResponseData;
		} catch (error) {
			// invokeWebhook: the caller gets a 500 and no execution starts.
			if (!res.finished) {
				res.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			}
			return { response: res.recorded(), error: error as Error };
		}

		// handleImmediateWebhookResponse: a node that answered itself (noWebhookResponse) is not
		// answered again; without workflowData n8n answers webhookResponse or a default message.
		const description = hook.webhookDescription as IWebhookDescription;
		const responseCode = Number(description.responseCode ?? 200);
		if (result.workflowData === undefined) {
			if (result.noWebhookResponse !== true && !res.finished) {
				res.status(responseCode);
				if (result.webhookResponse !== undefined) res.send(result.webhookResponse);
				else res.json({ message: 'Webhook call received' });
			}
			return { response: res.recorded(), result };
		}

		if (result.noWebhookResponse !== true && !res.finished) {
			const mode = description.responseMode ?? 'onReceived';
			if (mode === 'onReceived') {
				res.status(responseCode);
				if (description.responseData === 'noData') res.end();
				else if (typeof description.responseData === 'string' && description.responseData !== '') {
					res.send(description.responseData);
				} else res.json({ message: 'Workflow was started' });
			}
		}
		const execution: Execution = { webhookName: description.name, items: result.workflowData };
		if (this.runExecutions) execution.run = await this.execute(result.workflowData);
		this.executions.push(execution);
		return { response: res.recorded(), result, execution };
	}

	/** Starts the execution as prepareExecutionData does: the trigger's output on the stack, then WorkflowExecute. */
	private async execute(workflowData: INodeExecutionData[][]): Promise<IRun> {
		const executionId = `webhook-execution-${this.executions.length + 1}`;
		const hooks = new ExecutionLifecycleHooks(this.executeMode, executionId, {
			id: this.workflow.id,
			name: 'Webhook test',
			active: this.mode === 'production',
			nodes: [this.node],
			connections: {},
			settings: {},
			createdAt: new Date(),
			updatedAt: new Date(),
		} as never);
		let finished: (run: IRun) => void = () => {};
		const done = new Promise<IRun>((resolve) => (finished = resolve));
		hooks.addHandler('workflowExecuteAfter', (run) => finished(run));
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node: this.node, data: { main: workflowData }, source: null }],
			},
		});
		const additionalData = this.additionalData({ hooks, executionId } as Partial<IWorkflowExecuteAdditionalData>);
		await new WorkflowExecute(additionalData, this.executeMode, runExecutionData).processRunExecutionData(this.workflow);
		return await done;
	}

	/**
	 * Serves the node on a real HTTP port: each incoming request becomes one `request()` call and
	 * its recorded response is written back. The base URL becomes the server's address, so `url()`
	 * is the callback URL to give to the caller.
	 */
	async listen(): Promise<string> {
		if (this.server) return this.baseUrl;
		const server = createServer((req: IncomingMessage, res: ServerResponse) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				this.request({
					method: req.method ?? 'GET',
					path: req.url ?? '/',
					headers: req.headers,
					body: Buffer.concat(chunks),
				}).then(
					({ response }) => {
						res.writeHead(response.status, response.headers);
						res.end(response.text);
					},
					(error: Error) => {
						res.writeHead(500, { 'content-type': 'text/plain' });
						res.end(`Harness error: ${error.message}`);
					},
				);
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		this.server = server;
		this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		return this.baseUrl;
	}

	async close(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		await new Promise<void>((resolve) => {
			server.close(() => resolve());
			server.closeAllConnections();
		});
	}
}

export interface LogEntry {
	level: string;
	message: string;
	meta?: unknown;
}

/**
 * Replaces n8n's logger (what nodes reach as `this.logger`) with a recorder, so tests can check
 * what a node logs, and keeps test output quiet. Call the returned function to restore it.
 */
export function captureLogs(): { entries: LogEntry[]; restore: () => void } {
	const entries: LogEntry[] = [];
	const previous = Container.has(Logger) ? Container.get(Logger) : undefined;
	const recorder: unknown = new Proxy(
		{},
		{
			get(_target, level: string | symbol) {
				if (level === 'scoped') return () => recorder;
				if (typeof level !== 'string' || level === 'then') return undefined;
				return (message: unknown, meta?: unknown) => {
					entries.push({ level, message: String(message), meta });
				};
			},
		},
	);
	Container.set(Logger, recorder as Logger);
	return {
		entries,
		restore: () => {
			if (previous) Container.set(Logger, previous);
		},
	};
}

export function createWebhookHarness(options: WebhookHarnessOptions): WebhookHarness {
	return new WebhookHarness(options);
}
