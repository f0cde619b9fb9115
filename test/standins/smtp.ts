/**
 * A local SMTP server (the `smtp-server` package) that keeps every message it receives, for tests
 * of workflows that send email through n8n's Send Email node. Listens on 127.0.0.1 only, no TLS,
 * any login accepted.
 */
import type { AddressInfo } from 'node:net';

import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
	from: string;
	to: string[];
	/** The raw message (headers and body, as sent). */
	raw: string;
	subject: string;
	/** The body after the header block, quoted-printable soft breaks joined. */
	text: string;
}

export interface SmtpStandin {
	port: number;
	mails: ReceivedMail[];
	/** Resolves with the first `count` mails matching `filter`, or throws after `timeoutMs`. */
	waitFor(count: number, filter?: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail[]>;
	close(): Promise<void>;
}

function decodeBody(raw: string): string {
	const split = raw.indexOf('\r\n\r\n');
	const body = split >= 0 ? raw.slice(split + 4) : raw;
	const qp = /content-transfer-encoding:\s*quoted-printable/i.test(raw);
	return qp ? body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : body;
}

function headerOf(raw: string, name: string): string {
	const head = raw.split('\r\n\r\n')[0].replace(/\r\n[ \t]+/g, ' ');
	const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
	return line ? line.slice(name.length + 1).trim() : '';
}

export async function startSmtpStandin(): Promise<SmtpStandin> {
	const mails: ReceivedMail[] = [];
	const server = new SMTPServer({
		secure: false,
		disabledCommands: ['STARTTLS'],
		authOptional: true,
		onAuth: (_auth, _session, callback) => callback(null, { user: 'test' }),
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				mails.push({
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
					to: session.envelope.rcptTo.map((r) => r.address),
					raw,
					subject: headerOf(raw, 'Subject'),
					text: decodeBody(raw),
				});
				callback();
			});
		},
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const port = ((server as unknown as { server: { address(): AddressInfo } }).server.address() as AddressInfo).port;
	return {
		port,
		mails,
		async waitFor(count, filter = () => true, timeoutMs = 60_000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const found = mails.filter(filter);
				if (found.length >= count) return found;
				if (Date.now() > deadline) throw new Error(`${found.length} of ${count} mails arrived in ${timeoutMs} ms`);
				await new Promise((r) => setTimeout(r, 250));
			}
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
