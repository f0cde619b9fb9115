/**
 * A minimal Redis client (RESP2 over TCP) for the tests' Redis-over-HTTP server: commands are sent
 * in order on one connection and answered in order, which is all the server needs.
 */
import { Socket, connect } from 'node:net';

export class RedisError extends Error {}

type Reply = string | number | null | RedisError | Reply[];

export class RespClient {
	private socket: Socket | undefined;
	private buffer = Buffer.alloc(0);
	private readonly pending: Array<{ resolve: (reply: Reply) => void; reject: (error: Error) => void }> = [];

	constructor(
		private readonly port: number,
		private readonly host = '127.0.0.1',
	) {}

	/** Sends one command; Redis's error replies resolve as RedisError values, not rejections. */
	async send(args: string[]): Promise<Reply> {
		const socket = await this.connected();
		return await new Promise<Reply>((resolve, reject) => {
			this.pending.push({ resolve, reject });
			let out = `*${args.length}\r\n`;
			for (const arg of args) out += `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`;
			socket.write(out);
		});
	}

	close(): void {
		this.socket?.destroy();
		this.socket = undefined;
	}

	private async connected(): Promise<Socket> {
		if (this.socket && !this.socket.destroyed) return this.socket;
		const socket = connect(this.port, this.host);
		await new Promise<void>((resolve, reject) => {
			socket.once('connect', resolve);
			socket.once('error', reject);
		});
		this.buffer = Buffer.alloc(0);
		socket.on('data', (chunk) => this.read(chunk));
		const fail = (error: Error) => {
			if (this.socket === socket) this.socket = undefined;
			this.pending.splice(0).forEach((p) => p.reject(error));
		};
		socket.on('error', fail);
		socket.on('close', () => fail(new Error('Redis connection closed')));
		this.socket = socket;
		return socket;
	}

	private read(chunk: Buffer): void {
		this.buffer = Buffer.concat([this.buffer, chunk]);
		for (;;) {
			const parsed = parse(this.buffer, 0);
			if (parsed === undefined) return;
			this.buffer = this.buffer.subarray(parsed.end);
			this.pending.shift()?.resolve(parsed.value);
		}
	}
}

function parse(buf: Buffer, at: number): { value: Reply; end: number } | undefined {
	const lineEnd = buf.indexOf('\r\n', at);
	if (lineEnd === -1) return undefined;
	const type = String.fromCharCode(buf[at]);
	const line = buf.toString('utf8', at + 1, lineEnd);
	const next = lineEnd + 2;
	switch (type) {
		case '+':
			return { value: line, end: next };
		case '-':
			return { value: new RedisError(line), end: next };
		case ':':
			return { value: Number(line), end: next };
		case '$': {
			const length = Number(line);
			if (length < 0) return { value: null, end: next };
			if (buf.length < next + length + 2) return undefined;
			return { value: buf.toString('utf8', next, next + length), end: next + length + 2 };
		}
		case '*': {
			const count = Number(line);
			if (count < 0) return { value: null, end: next };
			const items: Reply[] = [];
			let end = next;
			for (let i = 0; i < count; i++) {
				const item = parse(buf, end);
				if (item === undefined) return undefined;
				items.push(item.value);
				end = item.end;
			}
			return { value: items, end };
		}
		default:
			throw new Error(`Unexpected RESP reply type ${type}`);
	}
}
