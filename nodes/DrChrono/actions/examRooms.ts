import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ResourceSpec } from '../resources/types';
import { drChronoApiRequest } from '../transport';
import { itemPath } from './context';
import { objectId } from './operations';
import { callOptions, outputItem } from './special';

/** Office > Add Exam Room: `POST /api/offices/{id}/add_exam_room`. */
export async function addExamRoom(
	this: IExecuteFunctions,
	spec: ResourceSpec,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const id = objectId.call(this, itemIndex);
	const name = (this.getNodeParameter('examRoomName', itemIndex, '') as string).trim();
	if (!name) {
		throw new NodeOperationError(this.getNode(), 'Exam Room Name is required', { itemIndex });
	}
	const onlineScheduling = this.getNodeParameter('examRoomOnlineScheduling', itemIndex, true) as boolean;
	const result = await drChronoApiRequest.call(
		this,
		'POST',
		`${itemPath(spec, id)}/add_exam_room`,
		{ body: { name, online_scheduling: onlineScheduling }, ...callOptions.call(this, spec, 'write', itemIndex) },
	);
	const json = result && typeof result === 'object' && Object.keys(result).length ? result : { id, exam_room_added: name };
	return [outputItem(json, itemIndex)];
}
