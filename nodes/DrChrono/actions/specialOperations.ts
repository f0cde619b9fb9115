import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { CustomOperation, ResourceSpec } from '../resources/types';
import { downloadClinicalNotePdf } from './clinicalNotePdf';
import { getCurrentUser, registerIframeDoctor, unregisterIframeDoctor } from './account';
import { addExamRoom } from './examRooms';
import { addPatientFlag } from './patientFlags';
import { getQuotaStatus } from './quotaStatus';
import { download } from './special';

type SpecialExecutor = (
	this: IExecuteFunctions,
	spec: ResourceSpec,
	itemIndex: number,
	operation: CustomOperation,
) => Promise<INodeExecutionData[]>;

const downloadFile: SpecialExecutor = async function (spec, itemIndex, operation) {
	return await download.call(this, spec, itemIndex, operation.fileField ?? 'document');
};

/** The executor of every special operation a resource declares, keyed `<resource>.<operation>`. */
export const specialExecutors: Record<string, SpecialExecutor> = {
	'amendment.download': downloadFile,
	'clinicalNote.downloadPdf': async function (_spec, itemIndex) {
		return await downloadClinicalNotePdf.call(this, itemIndex);
	},
	'document.download': downloadFile,
	'labDocument.download': downloadFile,
	'office.addExamRoom': addExamRoom,
	'patient.addFlag': addPatientFlag,
	'user.getCurrent': getCurrentUser,
	'iframeIntegration.register': registerIframeDoctor,
	'iframeIntegration.unregister': unregisterIframeDoctor,
	'quota.getStatus': getQuotaStatus,
};
