/**
 * In-memory data of the emulated practice. Each resource is a Collection: a Map by id plus an
 * ascending id array, so list pages are found by binary search on the cursor's last id instead of
 * re-scanning from the start (a full walk is O(n), not O(n^2)).
 */
import { randomBytes } from 'node:crypto';

export type ApiObject = Record<string, unknown> & { id: number };

export interface StoredFile {
	key: string;
	filename: string;
	contentType: string;
	data: Buffer;
}

export class Collection {
	private readonly byId = new Map<number, ApiObject>();
	private readonly order: number[] = [];
	private lastId: number;

	constructor(
		readonly name: string,
		private readonly firstId: number,
	) {
		this.lastId = firstId - 1;
	}

	get size(): number {
		return this.byId.size;
	}

	get(id: number): ApiObject | undefined {
		return this.byId.get(id);
	}

	has(id: number): boolean {
		return this.byId.has(id);
	}

	/** All objects in id order (a new array). */
	all(): ApiObject[] {
		return this.order.map((id) => this.byId.get(id) as ApiObject);
	}

	values(): IterableIterator<ApiObject> {
		return this.byId.values();
	}

	// Map-like reading, so `for (const [id, obj] of collection)` works as it would on a Map.
	keys(): IterableIterator<number> {
		return this.byId.keys();
	}

	entries(): IterableIterator<[number, ApiObject]> {
		return this.byId.entries();
	}

	[Symbol.iterator](): IterableIterator<[number, ApiObject]> {
		return this.byId.entries();
	}

	forEach(fn: (obj: ApiObject, id: number) => void): void {
		this.byId.forEach((obj, id) => fn(obj, id));
	}

	find(predicate: (o: ApiObject) => boolean): ApiObject | undefined {
		for (const o of this.byId.values()) if (predicate(o)) return o;
		return undefined;
	}

	filter(predicate: (o: ApiObject) => boolean): ApiObject[] {
		return this.all().filter(predicate);
	}

	allocateId(): number {
		return ++this.lastId;
	}

	/** Stores a new object; allocates its id when it has none. */
	insert(obj: Omit<ApiObject, 'id'> & { id?: number }): ApiObject {
		const stored = obj as ApiObject;
		if (typeof stored.id !== 'number') stored.id = this.allocateId();
		if (stored.id > this.lastId) this.lastId = stored.id;
		if (!this.byId.has(stored.id)) {
			const n = this.order.length;
			if (n === 0 || this.order[n - 1] < stored.id) this.order.push(stored.id);
			else this.order.splice(this.indexAfter(stored.id - 1), 0, stored.id);
		}
		this.byId.set(stored.id, stored);
		return stored;
	}

	remove(id: number): boolean {
		if (!this.byId.delete(id)) return false;
		const i = this.indexAfter(id - 1);
		if (this.order[i] === id) this.order.splice(i, 1);
		return true;
	}

	clear(): void {
		this.byId.clear();
		this.order.length = 0;
		this.lastId = this.firstId - 1;
	}

	/** Number of ids in the ordered index. */
	get length(): number {
		return this.order.length;
	}

	idAt(index: number): number {
		return this.order[index];
	}

	/** Index of the first id greater than `id` (binary search). */
	indexAfter(id: number): number {
		let lo = 0;
		let hi = this.order.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.order[mid] <= id) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
}

export interface PracticeMeta {
	practiceGroup: number;
	/** The doctor whose user authorises apps (the token's user). */
	primaryDoctorId: number;
	primaryUserId: number;
}

export class SandboxStore {
	private readonly collections = new Map<string, Collection>();
	private readonly files = new Map<string, StoredFile>();
	private readonly fileRefs = new Map<string, string>();
	meta: PracticeMeta = { practiceGroup: 0, primaryDoctorId: 0, primaryUserId: 0 };

	constructor(private readonly firstIds: Record<string, number> = {}) {}

	/** The collection of a resource (created empty on first use). */
	collection(name: string): Collection {
		let c = this.collections.get(name);
		if (!c) {
			c = new Collection(name, this.firstIds[name] ?? 1);
			this.collections.set(name, c);
		}
		return c;
	}

	collectionNames(): string[] {
		return [...this.collections.keys()];
	}

	/** Keeps uploaded bytes; returns the opaque key used in the download URL. */
	putFile(resource: string, id: number, field: string, file: Omit<StoredFile, 'key'>): StoredFile {
		const key = `${randomBytes(12).toString('hex')}/${encodeURIComponent(file.filename || 'file')}`;
		const stored = { ...file, key };
		const refKey = `${resource}:${id}:${field}`;
		const previous = this.fileRefs.get(refKey);
		if (previous) this.files.delete(previous);
		this.files.set(key, stored);
		this.fileRefs.set(refKey, key);
		return stored;
	}

	file(key: string): StoredFile | undefined {
		return this.files.get(key);
	}

	fileOf(resource: string, id: number, field: string): StoredFile | undefined {
		const key = this.fileRefs.get(`${resource}:${id}:${field}`);
		return key ? this.files.get(key) : undefined;
	}

	/** The stored bytes of a document's `document` file. */
	documentBytes(id: number): Buffer | undefined {
		return this.fileOf('documents', id, 'document')?.data;
	}

	clear(): void {
		for (const c of this.collections.values()) c.clear();
		this.files.clear();
		this.fileRefs.clear();
	}
}
