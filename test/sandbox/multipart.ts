/** A small multipart/form-data parser (documents, message attachments and amendments use it). */

export interface UploadedFile {
	filename: string;
	contentType: string;
	data: Buffer;
}

export interface MultipartBody {
	fields: Record<string, string | string[]>;
	files: Record<string, UploadedFile>;
}

export function boundaryOf(contentType: string): string | null {
	const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
	return m ? (m[1] ?? m[2]).trim() : null;
}

/** Parses the parts; throws on a malformed body. */
export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
	const out: MultipartBody = { fields: {}, files: {} };
	const delimiter = Buffer.from(`--${boundary}`);
	let pos = body.indexOf(delimiter);
	if (pos < 0) throw new Error('Multipart form parse error - boundary not found');
	for (;;) {
		pos += delimiter.length;
		// "--" right after a delimiter ends the body.
		if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break;
		if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
		const headerEnd = body.indexOf('\r\n\r\n', pos);
		if (headerEnd < 0) throw new Error('Multipart form parse error - part headers not terminated');
		const headers = parseHeaders(body.subarray(pos, headerEnd).toString('utf8'));
		const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
		if (next < 0) throw new Error('Multipart form parse error - closing boundary missing');
		const data = body.subarray(headerEnd + 4, next);
		addPart(out, headers, data);
		pos = next + 2;
	}
	return out;
}

function parseHeaders(text: string): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const line of text.split('\r\n')) {
		const i = line.indexOf(':');
		if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
	}
	return headers;
}

function dispositionParam(disposition: string, name: string): string | undefined {
	const m = new RegExp(`(?:^|;)\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition) ?? new RegExp(`(?:^|;)\\s*${name}=([^;]+)`, 'i').exec(disposition);
	return m ? m[1].replace(/\\(.)/g, '$1') : undefined;
}

function addPart(out: MultipartBody, headers: Record<string, string>, data: Buffer): void {
	const disposition = headers['content-disposition'] ?? '';
	const name = dispositionParam(disposition, 'name');
	if (!name) return;
	const filename = dispositionParam(disposition, 'filename');
	if (filename !== undefined) {
		out.files[name] = {
			filename,
			contentType: headers['content-type'] ?? 'application/octet-stream',
			data: Buffer.from(data), // copy: the request buffer is not ours to keep
		};
		return;
	}
	const value = data.toString('utf8');
	const existing = out.fields[name];
	if (existing === undefined) out.fields[name] = value;
	else out.fields[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
}
