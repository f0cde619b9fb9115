import type { INodeExecutionData } from 'n8n-workflow';

import { drChronoApiRequest } from '../transport';
import type { ResourceCall } from './call';

/** Office > Add Exam Room: `POST /api/offices/{id}/add_exam_room`. */
export async function addExamRoom(call: ResourceCall): Promise<INodeExecutionData[]> {
	const id = call.objectId();
	const name = call.param('examRoomName', '').trim();
	if (!name) throw call.fail('Exam Room Name is required');
	const onlineScheduling = call.param('examRoomOnlineScheduling', true);
	const result = await drChronoApiRequest.call(call.client, 'POST', `${call.objectPath(id)}/add_exam_room`, {
		body: { name, online_scheduling: onlineScheduling },
		scope: call.scope('write'),
	});
	const json = result && typeof result === 'object' && Object.keys(result).length ? result : { id, exam_room_added: name };
	return call.output(json);
}
