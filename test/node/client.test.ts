/**
 * Each item gets one DrChrono client: the credential is read, the Options are parsed and the quota
 * guard is found once per item, not once per HTTP call. Counted on a Return All of 1,000
 * appointments in Standard Pages (50 pages of 20), run by n8n-core against the sandbox.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { DrChrono } from '../../nodes/DrChrono/DrChrono.node';
import { resetQuotaGuards } from '../../nodes/DrChrono/quota';
import { DRCHRONO_TYPE, sandboxCredentials } from '../harness/drchrono';
import { runNode } from '../harness/execute';
import { addAppointmentsOn } from '../sandbox';
import type { Sandbox } from '../sandbox';
import { startNodeSandbox } from './helpers';

const DAY = '2031-07-08';
const APPOINTMENTS = 1000;

interface Reads {
	/** Reads of the Options collection. */
	options: number;
	/** Every decryption of the credential n8n made, its request helper's included. */
	decrypted: number;
}

/** The DrChrono node, with its context counted: what the package itself asks n8n for. */
class CountedDrChrono extends DrChrono {
	static reads: Reads = { options: 0, decrypted: 0 };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const reads = CountedDrChrono.reads;
		const counted = new Proxy(this, {
			get(target, property, receiver) {
				const value = Reflect.get(target, property, receiver);
				if (property === 'getNodeParameter') {
					return (...args: unknown[]) => {
						if (args[0] === 'options') reads.options++;
						return (value as (...a: unknown[]) => unknown).apply(target, args);
					};
				}
				return typeof value === 'function' ? value.bind(target) : value;
			},
		});
		return await DrChrono.prototype.execute.call(counted);
	}
}

let sandbox: Sandbox;
beforeAll(async () => {
	sandbox = await startNodeSandbox();
	addAppointmentsOn(sandbox.store, DAY, APPOINTMENTS);
});
afterAll(async () => sandbox.close());

async function countReads(parameters: Record<string, unknown>, items?: INodeExecutionData[]) {
	resetQuotaGuards();
	CountedDrChrono.reads = { options: 0, decrypted: 0 };
	const credentials = sandboxCredentials(sandbox);
	const decrypt = credentials.getDecrypted.bind(credentials);
	credentials.getDecrypted = async (...args: Parameters<typeof decrypt>) => {
		CountedDrChrono.reads.decrypted++;
		return await decrypt(...args);
	};
	const before = sandbox.stats().calls;
	const result = await runNode(
		{ [DRCHRONO_TYPE]: new CountedDrChrono() },
		{
			type: DRCHRONO_TYPE,
			parameters: parameters as never,
			credentials: { drChronoOAuth2Api: { id: '1', name: 'DrChrono Sandbox' } },
		},
		{ credentials, items },
	);
	expect(result.error).toBeUndefined();
	return { result, calls: sandbox.stats().calls - before, reads: { ...CountedDrChrono.reads } };
}

const appointmentsOfDay = {
	resource: 'appointment',
	operation: 'getAll',
	returnAll: true,
	listMethod: 'standard',
	filters: { date: DAY },
	options: { requestTimeoutSeconds: 30 },
};

it(`a Return All of ${APPOINTMENTS.toLocaleString('en-US')} appointments (50 pages) reads the credential and the Options once`, async () => {
	const { result, calls, reads } = await countReads(appointmentsOfDay);
	expect(result.items).toHaveLength(APPOINTMENTS);
	expect(calls).toBe(APPOINTMENTS / 20);
	process.stdout.write(
		`client.test: ${calls} calls; Options read ${reads.options} times, credential decrypted ${reads.decrypted} times\n`,
	);
	expect(reads.options).toBe(1);
	// n8n's authenticated request helper decrypts the credential for each call it signs; the node
	// itself reads it once.
	expect(reads.decrypted).toBe(calls + 1);
});

it('three items read the credential once and the Options once per item', async () => {
	const items = [{ json: {} }, { json: {} }, { json: {} }];
	const { result, calls, reads } = await countReads({ ...appointmentsOfDay, returnAll: false, limit: 5 }, items);
	expect(calls).toBe(3);
	expect(result.items).toHaveLength(15);
	expect(result.items.map((item) => item.pairedItem)).toEqual(
		[0, 1, 2].flatMap((item) => Array.from({ length: 5 }, () => ({ item }))),
	);
	expect(reads.decrypted).toBe(calls + 1);
	expect(reads.options).toBe(3);
});
