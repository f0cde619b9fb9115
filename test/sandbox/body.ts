/** Turns a request body (JSON, form-urlencoded or multipart) into plain data plus uploaded files. */
import { HttpError } from './http';
import { boundaryOf, parseMultipart, type UploadedFile } from './multipart';

export interface ParsedBody {
	kind: 'empty' | 'json' | 'form' | 'multipart';
	/** An object, or an array of objects for a batch create (JSON only). */
	data: unknown;
	files: Record<string, UploadedFile>;
}

export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
	if (raw.length === 0) return { kind: 'empty', data: {}, files: {} };
	const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
	if (type === 'multipart/form-data') {
		const boundary = boundaryOf(contentType ?? '');
		if (!boundary) throw new HttpError(400, { detail: 'Multipart form parse error - Invalid boundary in multipart: None' });
		try {
			const parsed = parseMultipart(raw, boundary);
			return { kind: 'multipart', data: parsed.fields, files: parsed.files };
		} catch (e) {
			throw new HttpError(400, { detail: (e as Error).message });
		}
	}
	if (type === 'application/x-www-form-urlencoded') {
		return { kind: 'form', data: formToObject(new URLSearchParams(raw.toString('utf8'))), files: {} };
	}
	if (type === 'application/json' || type === '' || type.endsWith('+json')) {
		try {
			return { kind: 'json', data: JSON.parse(raw.toString('utf8')), files: {} };
		} catch (e) {
			throw new HttpError(400, { detail: `JSON parse error - ${(e as Error).message}` });
		}
	}
	throw new HttpError(415, { detail: `Unsupported media type "${type}" in request.` });
}

export function formToObject(params: URLSearchParams): Record<string, string | string[]> {
	const out: Record<string, string | string[]> = {};
	for (const [key, value] of params) {
		const existing = out[key];
		if (existing === undefined) out[key] = value;
		else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return out;
}
