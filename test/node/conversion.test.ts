/**
 * How parameter values become DrChrono values: empty numbers are not sent, non-numbers are an error
 * naming the field before any call, and dates without a zone stay the wall-clock time while instants
 * are shown in the workflow's time zone (not the n8n server's).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { toApiObject } from '../../nodes/DrChrono/actions/fields';
import type { FieldSpec } from '../../nodes/DrChrono/resources/types';
import type { Sandbox } from '../sandbox';
import { run, startNodeSandbox, totalCalls } from './helpers';

const context = (timeZone: string) =>
	({ getTimezone: () => timeZone, getNode: () => ({ name: 'DrChrono', type: 'drChrono', typeVersion: 1 }) }) as unknown as IExecuteFunctions;

const refills: FieldSpec = { key: 'number_refills', label: 'Number of Refills', kind: 'number' };
const when: FieldSpec = { key: 'scheduled_time', label: 'Scheduled Time', kind: 'dateTime' };
const day: FieldSpec = { key: 'date', label: 'Date', kind: 'date' };

describe('number fields', () => {
	const convert = (value: unknown) => toApiObject.call(context('UTC'), [refills], { number_refills: value as never }, 0);

	it('left empty, a number field is not sent (never as 0)', () => {
		expect(convert('')).toEqual({});
		expect(convert('  ')).toEqual({});
		expect(convert(null)).toEqual({});
		expect(convert(undefined)).toEqual({});
	});

	it('a number or numeric text is sent as a number; 0 entered stays 0', () => {
		expect(convert(3)).toEqual({ number_refills: 3 });
		expect(convert(' 2 ')).toEqual({ number_refills: 2 });
		expect(convert(0)).toEqual({ number_refills: 0 });
	});

	it('anything else is an error naming the field', () => {
		expect(() => convert('three')).toThrow('Number of Refills must be a number');
		expect(() => convert(Number.NaN)).toThrow('Number of Refills must be a number');
		expect(() => convert({})).toThrow('Number of Refills must be a number');
	});
});

describe('date fields', () => {
	const convert = (field: FieldSpec, value: unknown, timeZone = 'America/New_York') =>
		toApiObject.call(context(timeZone), [field], { [field.key]: value as never }, 0)[field.key];

	it('a value without a zone is the wall-clock time, sent as written', () => {
		expect(convert(when, '2026-03-01T09:30:00')).toBe('2026-03-01T09:30:00');
		expect(convert(when, '2026-03-01 09:30')).toBe('2026-03-01T09:30:00');
		expect(convert(when, '2026-03-01')).toBe('2026-03-01T00:00:00');
		expect(convert(day, '2026-03-01')).toBe('2026-03-01');
	});

	it('an instant is shown in the workflow time zone, whatever the server zone', () => {
		expect(convert(when, '2026-03-01T14:30:00Z')).toBe('2026-03-01T09:30:00');
		expect(convert(when, '2026-03-01T14:30:00Z', 'Europe/Berlin')).toBe('2026-03-01T15:30:00');
		expect(convert(when, '2026-03-01T09:30:00.000-05:00')).toBe('2026-03-01T09:30:00');
		expect(convert(when, new Date('2026-07-01T14:30:00Z'))).toBe('2026-07-01T10:30:00');
		expect(convert(when, Date.parse('2026-03-01T14:30:00Z'))).toBe('2026-03-01T09:30:00');
		// A Luxon DateTime, as `$now` gives in expressions.
		expect(convert(when, { toMillis: () => Date.parse('2026-03-01T14:30:00Z') })).toBe('2026-03-01T09:30:00');
		// 02:00 UTC on 2 March is still 1 March in New York.
		expect(convert(day, '2026-03-02T02:00:00Z')).toBe('2026-03-01');
	});

	it('a value that is no date is an error naming the field', () => {
		expect(() => convert(when, 'next tuesday-ish')).toThrow('Scheduled Time is not a valid date');
	});
});

describe('conversion errors come before any call', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startNodeSandbox();
	});
	afterAll(async () => sandbox.close());

	it('a non-number in a number field fails the item with the field named, and nothing is sent', async () => {
		const before = totalCalls(sandbox);
		const result = await run(sandbox, {
			resource: 'task',
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: { assignee_user: 'Dr. Who' },
		});
		expect(result.error?.message).toBe('Assignee User ID must be a number');
		expect(totalCalls(sandbox)).toBe(before);
	});

	it('an empty number filter is left out of the query instead of filtering on 0', async () => {
		const result = await run(sandbox, {
			resource: 'task',
			operation: 'getAll',
			returnAll: false,
			limit: 5,
			filters: { assignee_user: '' },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.length).toBeGreaterThan(0);
	});
});
