/**
 * The Poll Trigger asks each list for the page size the action node's resources declare
 * (resources/pageSizes.ts): appointments 20, other lists 250.
 */
import diagnostics from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

import { pageSizeCap } from '../../nodes/DrChrono/resources/pageSizes';
import { appointment } from '../../nodes/DrChrono/resources/appointment';
import { startPollWorld } from './helpers';
import type { PollWorld } from './helpers';

let world: PollWorld;
const asked: string[] = [];
const onRequest = (message: unknown) => asked.push((message as { request: ClientRequest }).request.path);

beforeAll(async () => {
	world = await startPollWorld();
	diagnostics.subscribe('http.client.request.start', onRequest);
});
afterAll(async () => {
	diagnostics.unsubscribe('http.client.request.start', onRequest);
	await world.sandbox.close();
});

function pageSizesAskedOn(path: string): number[] {
	return asked
		.filter((p) => p.startsWith(`${path}?`) || p.startsWith(`${path}/?`))
		.map((p) => Number(new URLSearchParams(p.slice(p.indexOf('?') + 1)).get('page_size')))
		.filter((n) => n > 0);
}

test.each([
	['newOrUpdatedAppointment', '/api/appointments', pageSizeCap(appointment, false)],
	['newLabResult', '/api/patient_lab_results', 250],
])('%s asks %s for pages of the resource\'s size', async (event, path, size) => {
	asked.length = 0;
	const trigger = world.trigger({ event });
	expect((await trigger.poll()).error).toBeUndefined();
	world.clock.advance(5);
	expect((await trigger.poll()).error).toBeUndefined();
	const sizes = pageSizesAskedOn(path);
	expect(sizes.length).toBeGreaterThanOrEqual(2);
	expect(new Set(sizes)).toEqual(new Set([size]));
});
