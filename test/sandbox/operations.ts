/**
 * Create / update / delete of any resource, shared by the REST API and the control API so both
 * validate the same way and emit the same webhook events.
 */
import { BEHAVIOURS, type BehaviourContext, type Emitted } from './behaviours';
import { HttpError } from './http';
import type { UploadedFile } from './multipart';
import { RESOURCE_BY_PATH, type ResourceSpec } from './resources';
import { serialize } from './serialize';
import type { ApiObject } from './store';
import { cleanInput, type FieldErrors, type WriteMode } from './validate';

export interface OperationContext extends BehaviourContext {
	spec: ResourceSpec;
	/** Absolute URL prefix for file downloads, e.g. http://127.0.0.1:5050/_sandbox/files/ */
	fileUrlPrefix: string;
	emit(event: string, object: Record<string, unknown>): void;
	countCreated(resource: string, n: number): void;
}

function behaviourOf(spec: ResourceSpec) {
	return BEHAVIOURS[spec.path] ?? {};
}

function sendEvents(ctx: OperationContext, own: string | undefined, stored: ApiObject, previous: ApiObject | undefined): void {
	const behaviour = behaviourOf(ctx.spec);
	const events: Emitted[] = [];
	if (own && !behaviour.replacesOwnEvents) events.push({ event: own, resource: ctx.spec.path, object: stored });
	if (behaviour.extraEvents) events.push(...behaviour.extraEvents(ctx, stored, previous));
	// A delivered object has the fields an API answer of its resource has (the full, verbose object).
	for (const e of events) ctx.emit(e.event, serialize(RESOURCE_BY_PATH.get(e.resource), e.object));
}

function storeFiles(ctx: OperationContext, obj: ApiObject, files: Record<string, UploadedFile>): void {
	for (const [field, file] of Object.entries(files)) {
		const stored = ctx.store.putFile(ctx.spec.path, obj.id, field, file);
		obj[field] = ctx.fileUrlPrefix + stored.key;
	}
}

/** POST: one object, or a JSON array of objects (all validated before any is stored). */
export function createObjects(ctx: OperationContext, data: unknown, files: Record<string, UploadedFile>): ApiObject | ApiObject[] {
	const batch = Array.isArray(data);
	const inputs = batch ? (data as unknown[]) : [data];
	const behaviour = behaviourOf(ctx.spec);
	const collection = ctx.store.collection(ctx.spec.path);
	const cleaned = inputs.map((input) => {
		const required = behaviour.required && typeof input === 'object' && input !== null
			? behaviour.required(input as Record<string, unknown>, ctx.spec.required ?? [])
			: ctx.spec.required;
		return cleanInput(ctx.spec, input, batch ? {} : files, 'create', ctx.store, required);
	});
	if (cleaned.some((c) => Object.keys(c.errors).length)) {
		throw new HttpError(400, batch ? cleaned.map((c) => c.errors) : cleaned[0].errors);
	}
	const candidates = cleaned.map((c) => {
		const candidate = { ...structuredClone(ctx.spec.defaults ?? {}), ...c.values, id: collection.allocateId(), created_at: ctx.now, updated_at: ctx.now } as ApiObject;
		behaviour.prepare?.(ctx, candidate, undefined);
		return candidate;
	});
	const stored = candidates.map((candidate, i) => {
		const obj = collection.insert(candidate);
		storeFiles(ctx, obj, cleaned[i].files);
		return obj;
	});
	ctx.countCreated(ctx.spec.path, stored.length);
	for (const obj of stored) sendEvents(ctx, ctx.spec.events?.create, obj, undefined);
	return batch ? stored : stored[0];
}

export function updateObject(ctx: OperationContext, id: number, data: unknown, files: Record<string, UploadedFile>, mode: WriteMode): ApiObject {
	const collection = ctx.store.collection(ctx.spec.path);
	const existing = collection.get(id);
	if (!existing) throw new HttpError(404, { detail: 'Not found.' });
	const behaviour = behaviourOf(ctx.spec);
	const required = behaviour.required && typeof data === 'object' && data !== null
		? behaviour.required({ ...existing, ...(data as Record<string, unknown>) }, ctx.spec.required ?? [])
		: ctx.spec.required;
	// A PUT of a resource with a required file may keep the stored file.
	const keptFiles = (ctx.spec.files ?? []).filter((f) => existing[f] && !(f in files));
	const cleaned = cleanInput(ctx.spec, data, files, mode, ctx.store, (required ?? []).filter((f) => !keptFiles.includes(f)));
	if (Object.keys(cleaned.errors).length) throw new HttpError(400, cleaned.errors as FieldErrors);
	const previous = { ...existing };
	const candidate = { ...existing, ...cleaned.values, id, created_at: existing.created_at, updated_at: ctx.now } as ApiObject;
	behaviour.prepare?.(ctx, candidate, previous);
	const obj = collection.insert(candidate);
	storeFiles(ctx, obj, cleaned.files);
	sendEvents(ctx, ctx.spec.events?.modify, obj, previous);
	return obj;
}

/** DELETE: soft (a flag set, still readable by id) or hard, per the resource table. */
export function deleteObject(ctx: OperationContext, id: number): void {
	const collection = ctx.store.collection(ctx.spec.path);
	const existing = collection.get(id);
	if (!existing) throw new HttpError(404, { detail: 'Not found.' });
	const mode = ctx.spec.deleteMode ?? 'hard';
	if (mode === 'hard') {
		collection.remove(id);
	} else {
		if (existing[mode] === true) return; // already deleted: nothing changes, no second event
		existing[mode] = true;
		existing.updated_at = ctx.now;
	}
	const event = ctx.spec.events?.delete;
	if (event) ctx.emit(event, serialize(ctx.spec, existing));
}
