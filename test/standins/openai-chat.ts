/**
 * A local stand-in for an OpenAI-compatible chat completions API (`POST <base>/chat/completions`),
 * answering each request with what a script returns: a tool call or a final message. n8n's OpenAI
 * credential takes its base URL, so an AI Agent workflow runs against it unchanged.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ChatMessage {
	role: string;
	content?: string | null;
	tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
}
export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: Array<{ type: string; function: { name: string; description?: string; parameters?: unknown } }>;
	stream?: boolean;
}
export type ChatReply = { content: string } | { toolCall: { name: string; arguments: Record<string, unknown> } };

export interface OpenAiStandin {
	/** The base URL for n8n's OpenAI credential (ends in /v1). */
	baseUrl: string;
	requests: ChatRequest[];
	close(): Promise<void>;
}

export async function startOpenAiStandin(script: (request: ChatRequest, index: number) => ChatReply): Promise<OpenAiStandin> {
	const requests: ChatRequest[] = [];
	let calls = 0;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			if (req.method === 'GET' && req.url?.endsWith('/models')) {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify({ object: 'list', data: [{ id: 'gpt-4.1-mini', object: 'model' }] }));
				return;
			}
			if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
				res.writeHead(404).end();
				return;
			}
			const request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest;
			requests.push(request);
			const reply = script(request, calls++);
			const message =
				'toolCall' in reply
					? {
							role: 'assistant',
							content: null,
							tool_calls: [
								{ id: `call_${calls}`, type: 'function', function: { name: reply.toolCall.name, arguments: JSON.stringify(reply.toolCall.arguments) } },
							],
						}
					: { role: 'assistant', content: reply.content };
			const finish = 'toolCall' in reply ? 'tool_calls' : 'stop';
			const id = `chatcmpl-${calls}`;
			const created = Math.floor(Date.now() / 1000);
			if (request.stream) {
				res.writeHead(200, { 'content-type': 'text/event-stream' });
				const delta =
					'toolCall' in reply
						? { role: 'assistant', tool_calls: message.tool_calls!.map((t, index) => ({ index, ...t })) }
						: { role: 'assistant', content: reply.content };
				res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`);
				res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [{ index: 0, delta: {}, finish_reason: finish }], usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 } })}\n\n`);
				res.end('data: [DONE]\n\n');
				return;
			}
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(
				JSON.stringify({
					id,
					object: 'chat.completion',
					created,
					model: request.model,
					choices: [{ index: 0, message, finish_reason: finish }],
					usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const port = (server.address() as AddressInfo).port;
	return {
		baseUrl: `http://127.0.0.1:${port}/v1`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
