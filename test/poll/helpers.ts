import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { DrChronoPollTrigger } from '../../nodes/DrChrono/DrChronoPollTrigger.node';
import { resetQuotaGuards } from '../../nodes/DrChrono/quota';
import { sandboxCredentials } from '../harness/drchrono';
import { PollHarness } from '../harness/poll';
import type { PollHarnessOptions } from '../harness/poll';
import { startSandbox } from '../sandbox';
import type { Sandbox } from '../sandbox';
import type { SandboxOptions } from '../sandbox/types';

/** A sandbox clock the test moves by hand, so change times are exact (DrChrono has 1 s resolution). */
export class ManualClock {
	constructor(private ms = Math.floor(Date.now() / 1000) * 1000) {}
	now = (): number => this.ms;
	advance(seconds: number): void {
		this.ms += seconds * 1000;
	}
}

export interface PollWorld {
	sandbox: Sandbox;
	clock: ManualClock;
	doctorId: number;
	otherDoctorId: number;
	patientIds: number[];
	trigger(parameters?: IDataObject, credentialOverrides?: Partial<ICredentialDataDecryptedObject>, options?: PollHarnessOptions): PollHarness;
	control(path: string, body: unknown): Promise<any>;
	createLabResults(n: number, data?: IDataObject): Promise<IDataObject[]>;
	update(resource: string, id: number, data: IDataObject): Promise<IDataObject>;
	calls(path: string): number;
	resetStats(): Promise<void>;
}

export async function startPollWorld(options: Partial<SandboxOptions> = {}): Promise<PollWorld> {
	const clock = new ManualClock();
	const sandbox = await startSandbox({ patients: 12, quiet: true, clock, ...options });
	const meta = sandbox.store.meta;
	const doctors = sandbox.store.collection('doctors').all();
	const world: PollWorld = {
		sandbox,
		clock,
		doctorId: meta.primaryDoctorId,
		otherDoctorId: doctors.find((d) => d.id !== meta.primaryDoctorId)!.id as number,
		patientIds: sandbox.store.collection('patients').all().map((p) => p.id as number),
		trigger(parameters = {}, credentialOverrides = {}, options = {}) {
			resetQuotaGuards();
			return new PollHarness(
				new DrChronoPollTrigger(),
				{ pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'newLabResult', ...parameters },
				sandboxCredentials(sandbox, credentialOverrides),
				options,
			);
		},
		async control(path, body) {
			const res = await fetch(`${sandbox.url}/_sandbox/${path}`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
			});
			const json = await res.json();
			if (!res.ok) throw new Error(`sandbox ${path}: ${res.status} ${JSON.stringify(json)}`);
			return json;
		},
		async createLabResults(n, data = {}) {
			const rows = Array.from({ length: n }, (_, i) => ({
				patient: world.patientIds[i % world.patientIds.length],
				ordering_doctor: world.doctorId,
				title: `Potassium ${i}`,
				lab_result_value: String(3.5 + (i % 10) / 10),
				lab_result_value_units: 'mmol/L',
				...data,
			}));
			const created = await world.control('mutate', { resource: 'patient_lab_results', action: 'create', data: rows });
			return created as IDataObject[];
		},
		async update(resource, id, data) {
			return (await world.control('mutate', { resource, action: 'update', id, data })) as IDataObject;
		},
		calls(path) {
			return sandbox.stats().callsByPath[`GET ${path}`] ?? 0;
		},
		async resetStats() {
			await world.control('stats/reset', {});
		},
	};
	return world;
}

/** `id@updated_at` of emitted items, the identity of a record version. */
export function versions(items: Array<{ json: IDataObject }> | null): string[] {
	return (items ?? []).map((i) => `${String(i.json.id)}@${String(i.json.updated_at)}`).sort();
}

export function versionsOf(rows: IDataObject[]): string[] {
	return rows.map((r) => `${String(r.id)}@${String(r.updated_at)}`).sort();
}
