import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FieldSpec } from '../resources/types';

/**
 * Catches what DrChrono would refuse before spending a call on it: an empty required field, or a
 * value that is not one of a field's fixed choices (possible through expressions).
 */
export function checkFields(
	this: IExecuteFunctions,
	fields: FieldSpec[],
	body: IDataObject,
	itemIndex: number,
	requiredNames: string[] = [],
): void {
	for (const name of requiredNames) {
		const value = body[name];
		if (value === undefined || value === null || value === '' || (typeof value === 'number' && Number.isNaN(value))) {
			const field = fields.find((f) => f.key === name);
			throw new NodeOperationError(this.getNode(), `${field?.label ?? name} is required`, {
				itemIndex,
				description: `DrChrono needs "${name}" to create this object. Set ${field?.label ?? name} and run again.`,
			});
		}
	}
	for (const field of fields) {
		if (!field.options || field.loadOptions || !(field.key in body)) continue;
		const allowed = field.options.map((o) => o.value);
		const values = Array.isArray(body[field.key]) ? (body[field.key] as unknown[]) : [body[field.key]];
		const bad = values.find((v) => !allowed.some((a) => String(a) === String(v)));
		if (bad !== undefined) {
			throw new NodeOperationError(this.getNode(), `"${String(bad)}" is not a valid ${field.label}`, {
				itemIndex,
				description: `${field.label} (${field.key}) must be one of: ${allowed.map((a) => (a === '' ? '(empty)' : String(a))).join(', ')}`,
			});
		}
	}
}
