import type { IDataObject } from 'n8n-workflow';

import type { CurrentObjectSource } from './events';

/**
 * Whether the delivered object looks like the object of the event it came with: it has at least
 * one of the fields only that kind of object has (`marks`). A body captured from one delivery and
 * relabelled as other events (possible with the body-HMAC option, where the headers are not
 * signed) then reads nothing again through the API for those events, so it cannot spend the app's
 * shared hourly quota.
 */
export function objectFitsEvent(source: CurrentObjectSource, delivered: IDataObject): boolean {
	return source.marks.some((field) => Object.prototype.hasOwnProperty.call(delivered, field));
}
