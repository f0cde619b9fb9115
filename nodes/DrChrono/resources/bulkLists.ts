import type { BulkListSpec } from './types';

/**
 * DrChrono's bulk lists (docs/drchrono-node.md, Get Many; support article
 * https://support.drchrono.com/home/api-bulk-endpoints): `page_size` up to 1,000, and up to 20,000
 * on `clinical_note_field_values_list` (OpenAPI). DrChrono has eight; prescription messages are
 * not a resource of this node, so seven resources use one.
 */
export const BULK_PAGE_SIZE = 1000;
export const CLINICAL_NOTE_FIELD_VALUES_BULK_PAGE_SIZE = 20_000;

export function bulkList(path: string, maxPageSize: number = BULK_PAGE_SIZE): BulkListSpec {
	return { path, maxPageSize, orderBy: 'id' };
}
