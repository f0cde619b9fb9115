/** The node's parameters as n8n sees them, derived from the resource specs. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { DrChrono } from '../../nodes/DrChrono/DrChrono.node';
import { resources } from '../../nodes/DrChrono/resources';

const description = new DrChrono().description;
const properties = description.properties;

const operationsOf = (resource: string) =>
	(properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === resource)
		?.options ?? []) as INodePropertyOptions[];

const shownFor = (resource: string, operation: string) =>
	properties.filter((p) => {
		const show = p.displayOptions?.show;
		return show?.resource?.includes(resource) && (!show.operation || show.operation.includes(operation));
	});

describe('node description', () => {
	it('never uses one parameter name with two types (n8n keeps a value across resources by name)', () => {
		const types = new Map<string, Set<string>>();
		for (const p of properties) {
			if (!types.has(p.name)) types.set(p.name, new Set());
			types.get(p.name)!.add(p.type);
		}
		const conflicts = [...types].filter(([, t]) => t.size > 1).map(([n, t]) => `${n}: ${[...t].join(', ')}`);
		expect(conflicts).toEqual([]);
	});

	it('offers every resource, sorted by name, plus Custom API Call', () => {
		const selector = properties.find((p) => p.name === 'resource')!;
		const values = (selector.options as INodePropertyOptions[]).map((o) => o.value);
		// Custom API Call last: n8n's editor would otherwise add a second one of its own.
		expect(values).toEqual([...resources.map((r) => r.value), 'customApiCall']);
		expect(resources.map((r) => r.name)).toEqual([...resources.map((r) => r.name)].sort((a, b) => a.localeCompare(b)));
		expect(resources.length).toBeGreaterThanOrEqual(38);
	});

	it('names operations as n8n users expect, each with an action (for AI tools)', () => {
		for (const spec of resources) {
			const options = operationsOf(spec.value);
			expect(options.length).toBeGreaterThan(0);
			for (const option of options) {
				expect(option.action).toBeTruthy();
				expect(option.description).toBeTruthy();
			}
			const byValue = Object.fromEntries(options.map((o) => [o.value, o.name]));
			if (byValue.getAll) expect(byValue.getAll).toBe('Get Many');
			if (byValue.get) expect(byValue.get).toBe('Get');
			if (byValue.update) expect(byValue.update).toBe('Update');
			if (byValue.delete) expect(byValue.delete).toBe('Delete');
			expect(options.map((o) => o.name)).toEqual([...options.map((o) => o.name)].sort((a, b) => a.localeCompare(b)));
		}
		expect(Object.fromEntries(operationsOf('document').map((o) => [o.value, o.name]))).toMatchObject({
			create: 'Upload',
			download: 'Download',
		});
		const tasks = operationsOf('taskStatus').find((o) => o.value === 'getAll');
		expect(tasks?.action).toBe('Get many task statuses');
	});

	it('puts "an" before a vowel in every operation, special ones included', () => {
		const download = operationsOf('amendment').find((o) => o.value === 'download');
		expect(download?.action).toBe('Download an amendment');
		expect(download?.description).toBe('Download the file of an amendment as binary data');
		const wrong = properties
			.filter((p) => p.name === 'operation')
			.flatMap((p) => (p.options ?? []) as INodePropertyOptions[])
			.flatMap((o) => [o.action, o.description])
			.filter((text): text is string => typeof text === 'string' && /\ba [aeiou]/i.test(text));
		expect(wrong).toEqual([]);
	});

	it('has the special operations: downloads, exam rooms, flags, iframe registration, quota status, current user', () => {
		const special = Object.fromEntries(
			resources.filter((r) => r.special?.length).map((r) => [r.value, r.special!.map((c) => c.value).sort()]),
		);
		expect(special).toEqual({
			amendment: ['download'],
			clinicalNote: ['downloadPdf'],
			document: ['download'],
			iframeIntegration: ['register', 'unregister'],
			labDocument: ['download'],
			office: ['addExamRoom'],
			patient: ['addFlag'],
			quota: ['getStatus'],
			user: ['getCurrent'],
		});
		expect(operationsOf('iframeIntegration').map((o) => o.name)).toEqual(['Register Doctor', 'Unregister Doctor']);
		expect(operationsOf('office').map((o) => o.name)).toContain('Add Exam Room');
		expect(operationsOf('user').map((o) => o.name)).toContain('Get Current');
	});

	it('Create shows the required fields as top-level parameters and the rest under Additional Fields', () => {
		const names = shownFor('appointment', 'create').map((p) => p.name);
		expect(names).toEqual(expect.arrayContaining(['doctor', 'office', 'exam_room', 'patient', 'scheduled_time', 'additionalFields']));
		const required = shownFor('appointment', 'create').filter((p) => p.required).map((p) => p.name);
		expect(required.sort()).toEqual(['doctor', 'exam_room', 'office', 'patient', 'scheduled_time']);
		const additional = shownFor('appointment', 'create').find((p) => p.name === 'additionalFields')!;
		expect((additional.options as INodeProperties[]).map((o) => o.name)).toEqual(expect.arrayContaining(['duration', 'profile']));
	});

	it('enums are dropdowns', () => {
		const options = (resource: string, operation: string, name: string, collection?: string) => {
			const params = shownFor(resource, operation);
			const holder = collection ? (params.find((p) => p.name === collection)?.options as INodeProperties[]) : params;
			const param = holder.find((p) => p.name === name)!;
			expect(param.type).toBe('options');
			// Shown in alphabetical order of their names, as n8n's lint asks; compared here as sets.
			const shown = param.options as INodePropertyOptions[];
			expect(shown.map((o) => o.name)).toEqual(shown.map((o) => o.name).sort((a, b) => a.localeCompare(b)));
			return shown.map((o) => o.value).sort() as string[];
		};
		expect(options('patient', 'create', 'gender')).toEqual(['ASKU', 'Female', 'Male', 'Other', 'UNK']);
		expect(options('task', 'create', 'priority', 'additionalFields')).toEqual(['10', '20', '30', '40']);
		expect(options('patientPayment', 'create', 'payment_method', 'additionalFields')).toHaveLength(14);
		expect(options('lineItem', 'create', 'procedure_type')).toEqual(['C', 'H', 'S', 'U']);
		expect(options('problem', 'create', 'status', 'additionalFields')).toEqual(['active', 'inactive', 'resolved']);
		expect(options('allergy', 'create', 'status', 'additionalFields')).toEqual(['active', 'inactive']);
		expect(options('message', 'create', 'type', 'additionalFields')).toHaveLength(21);
		expect(options('labOrder', 'create', 'priority', 'additionalFields')).toEqual(['N', 'S']);
		expect(options('appointment', 'create', 'status', 'additionalFields')).toContain('Checked In');
		expect(options('insurance', 'getAll', 'payer_type')).toEqual(['emdeon', 'gateway', 'ihcfa']);
	});

	it('Get Many has Return All, Limit, Filters and Verbose where DrChrono has it', () => {
		const names = shownFor('appointment', 'getAll').map((p) => p.name);
		expect(names).toEqual(expect.arrayContaining(['returnAll', 'limit', 'filters', 'verbose']));
		expect(shownFor('procedure', 'getAll').map((p) => p.name)).not.toContain('verbose');
		const filters = shownFor('task', 'getAll').find((p) => p.name === 'filters')!;
		expect((filters.options as INodeProperties[]).map((o) => o.name)).toEqual(
			expect.arrayContaining(['status', 'category', 'due_at_date', 'since', 'assignee_user']),
		);
	});

	it('Verbose is offered on Get, Get Many and Update of every resource with verbose-only fields (Allergy and Office too)', () => {
		for (const resource of ['allergy', 'office', 'patient', 'appointment', 'task', 'lineItem']) {
			for (const operation of ['get', 'getAll', 'update']) {
				expect([resource, operation, shownFor(resource, operation).some((p) => p.name === 'verbose')]).toEqual([resource, operation, true]);
			}
		}
		for (const resource of ['problem', 'medication', 'doctor']) {
			expect([resource, shownFor(resource, 'get').some((p) => p.name === 'verbose')]).toEqual([resource, false]);
		}
	});

	it('file uploads take an input binary field; downloads name the output field', () => {
		for (const resource of ['document', 'amendment', 'labDocument']) {
			const input = shownFor(resource, 'create').find((p) => p.name === 'binaryPropertyName');
			expect(input).toMatchObject({ type: 'string', default: 'data', required: true });
			const output = shownFor(resource, 'download').find((p) => p.name === 'binaryPropertyName');
			expect(output).toMatchObject({ displayName: 'Put Output File in Field', default: 'data' });
			expect(shownFor(resource, 'update').find((p) => p.name === 'updateFields')?.options).not.toContainEqual(
				expect.objectContaining({ name: 'binaryPropertyName' }),
			);
		}
	});

	it('is usable as an AI tool', () => {
		expect(description.usableAsTool).toBe(true);
	});
});
