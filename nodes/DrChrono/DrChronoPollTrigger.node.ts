import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { COST_SUBTITLE, pollDrChrono, pollProperties } from './poll';

/**
 * Starts a workflow on DrChrono records that DrChrono sends no webhook for (lab results,
 * documents, clinical notes, messages, payments ...), by polling their lists with `since`. Each
 * record version is emitted once across polls; the cursor lives in the workflow's static data.
 * The parts live in ./poll.
 */
export class DrChronoPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'DrChrono Poll Trigger',
		name: 'drChronoPollTrigger',
		icon: { light: 'file:drchrono.svg', dark: 'file:drchrono.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: COST_SUBTITLE,
		description: 'Starts the workflow when DrChrono records are created or changed, by polling',
		defaults: { name: 'DrChrono Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'drChronoOAuth2Api', required: true }],
		properties: pollProperties,
		hints: [
			{
				// n8n 1.x saves static data only for ids of at most 16 characters (see poll/state.ts).
				message:
					'This workflow\'s id is longer than 16 characters: n8n 1.x does not save this trigger\'s state for it, so every restart starts over from now and skips what changed meanwhile. Import the workflow with a shorter id.',
				type: 'warning',
				location: 'outputPane',
				whenToDisplay: 'always',
				displayCondition: '={{ String($workflow.id || "").length > 16 }}',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollDrChrono.call(this);
	}
}
