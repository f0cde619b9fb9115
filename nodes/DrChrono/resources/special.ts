import type { INodeProperties } from 'n8n-workflow';

import type { SpecialOperation } from './types';
import { withArticle } from './words';

/**
 * Download: the object's `fileField` holds the URL of its file; the executor (actions/) reads the
 * object, fetches the file and outputs it as binary data.
 */
export function downloadOperation(fileField: string, noun: string): SpecialOperation {
	return {
		value: 'download',
		name: 'Download',
		action: `Download ${withArticle(noun)}`,
		description: `Download the file of ${withArticle(noun)} as binary data`,
		access: 'read',
		itemScoped: true,
		fileField,
		properties: [outputFileProperty],
	};
}

/** Where a download operation puts the file: the name of the output binary field. */
export const outputFileProperty: INodeProperties = {
	displayName: 'Put Output File in Field',
	name: 'binaryPropertyName',
	type: 'string',
	default: 'data',
	required: true,
	hint: 'The name of the output binary field to put the file in',
};
