import { randomBytes } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { MultipartFile } from './types';

/**
 * Builds a multipart/form-data body by hand: n8n's HTTP helper sends a Buffer as it is, and this
 * needs no form-data package (community nodes may not have runtime dependencies). The body is a
 * Buffer, not a stream, so n8n can send it again after refreshing an expired token.
 */
export function buildMultipart(
	fields: IDataObject,
	files: MultipartFile[],
): { body: Buffer; contentType: string } {
	const boundary = `----n8nDrChrono${randomBytes(12).toString('hex')}`;
	const chunks: Buffer[] = [];
	const escape = (value: string) => value.replace(/"/g, '%22').replace(/\r|\n/g, ' ');

	for (const [name, value] of Object.entries(fields)) {
		if (value === undefined || value === null) continue;
		const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${escape(name)}"\r\n\r\n${text}\r\n`,
			),
		);
	}
	for (const file of files) {
		chunks.push(
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="${escape(file.name)}"; filename="${escape(file.fileName)}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`,
			),
			file.data,
			Buffer.from('\r\n'),
		);
	}
	chunks.push(Buffer.from(`--${boundary}--\r\n`));
	return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
