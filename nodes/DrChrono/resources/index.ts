import { allergy } from './allergy';
import { amendment } from './amendment';
import { appointment } from './appointment';
import { appointmentProfile } from './appointmentProfile';
import { carePlan } from './carePlan';
import { clinicalNote } from './clinicalNote';
import { clinicalNoteFieldValue } from './clinicalNoteFieldValue';
import { commLog } from './commLog';
import { customDemographic } from './customDemographic';
import { doctor } from './doctor';
import { document } from './document';
import { eligibilityCheck } from './eligibilityCheck';
import { feeSchedule } from './feeSchedule';
import { iframeIntegration } from './iframeIntegration';
import { insurance } from './insurance';
import { labDocument } from './labDocument';
import { labOrder } from './labOrder';
import { labResult } from './labResult';
import { labTest } from './labTest';
import { lineItem } from './lineItem';
import { medication } from './medication';
import { message } from './message';
import { office } from './office';
import { patient } from './patient';
import { patientFlagType } from './patientFlagType';
import { patientMessage } from './patientMessage';
import { patientPayment } from './patientPayment';
import { problem } from './problem';
import { procedure } from './procedure';
import { quota } from './quota';
import { scheduleBlock } from './scheduleBlock';
import { task } from './task';
import { taskCategory } from './taskCategory';
import { taskNote } from './taskNote';
import { taskStatus } from './taskStatus';
import { telehealthAppointment } from './telehealthAppointment';
import { transaction } from './transaction';
import { user } from './user';
import { vaccineRecord } from './vaccineRecord';
import type { ResourceSpec } from './types';

/** Every resource the DrChrono node offers; each is described once, in its own file. */
export const resources: ResourceSpec[] = [
	allergy,
	amendment,
	appointment,
	appointmentProfile,
	carePlan,
	clinicalNote,
	clinicalNoteFieldValue,
	commLog,
	customDemographic,
	doctor,
	document,
	eligibilityCheck,
	feeSchedule,
	iframeIntegration,
	insurance,
	labDocument,
	labOrder,
	labResult,
	labTest,
	lineItem,
	medication,
	message,
	office,
	patient,
	patientFlagType,
	patientMessage,
	patientPayment,
	problem,
	procedure,
	quota,
	scheduleBlock,
	task,
	taskCategory,
	taskNote,
	taskStatus,
	telehealthAppointment,
	transaction,
	user,
	vaccineRecord,
].sort((a, b) => a.name.localeCompare(b.name));

export const resourcesByValue: Record<string, ResourceSpec> = Object.fromEntries(
	resources.map((r) => [r.value, r]),
);

