/**
 * Dropdowns and resource locators, called the way the n8n editor calls them: through n8n-core's
 * LoadOptionsContext (the context of ILoadOptionsFunctions), with the credential and the current
 * node parameters, against the sandbox.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { ILoadOptionsFunctions, INode, INodeParameters, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { DrChrono } from '../../nodes/DrChrono/DrChrono.node';
import { resetQuotaGuards } from '../../nodes/DrChrono/quota';
import { DRCHRONO_TYPE, sandboxCredentials } from '../harness/drchrono';
import { TestNodeTypes } from '../harness/node-types';
import type { Sandbox } from '../sandbox';
import { run, startNodeSandbox } from './helpers';

const node = new DrChrono();

describe('dropdowns and resource locators', () => {
	let sandbox: Sandbox;

	beforeAll(async () => {
		sandbox = await startNodeSandbox({ patients: 120 });
	});
	afterAll(async () => sandbox.close());
	beforeEach(() => resetQuotaGuards());

	/** The context n8n builds when the editor asks the node for a parameter's options. */
	function editorContext(parameters: INodeParameters, path: string, scopes?: string[]): ILoadOptionsFunctions {
		const workflowNode: INode = {
			id: 'drchrono',
			name: 'DrChrono',
			type: DRCHRONO_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: { drChronoOAuth2Api: { id: '1', name: 'DrChrono Sandbox' } },
		};
		const workflow = new Workflow({
			id: 'lookups',
			nodes: [workflowNode],
			connections: {},
			active: false,
			nodeTypes: new TestNodeTypes({ [DRCHRONO_TYPE]: node }),
		});
		const additionalData = {
			credentialsHelper: sandboxCredentials(sandbox, {}, scopes),
			currentNodeParameters: parameters,
			restApiUrl: 'http://localhost:5678/rest',
			instanceBaseUrl: 'http://localhost:5678',
			webhookBaseUrl: 'http://localhost:5678/webhook',
			webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
			webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
			formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
			variables: {},
			userId: 'test-user',
		} as unknown as IWorkflowExecuteAdditionalData;
		return new LoadOptionsContext(workflow, workflowNode, additionalData, path);
	}

	const { loadOptions, listSearch } = node.methods;
	const names = (rows: Array<{ name: string }>) => rows.map((r) => r.name);

	it('Exam rooms of the office chosen above', async () => {
		const office = sandbox.store.collection('offices').all()[0];
		const context = editorContext(
			{ resource: 'appointment', operation: 'create', office: { __rl: true, mode: 'id', value: String(office.id) } },
			'parameters.exam_room',
		);
		const rooms = await loadOptions.getExamRooms.call(context);
		expect(rooms).toEqual((office.exam_rooms as Array<{ index: number; name: string }>).map((r) => ({ name: r.name, value: r.index })));
	});

	it('Exam rooms are empty until an office is chosen, without a call', async () => {
		const before = sandbox.stats().calls;
		const context = editorContext({ resource: 'appointment', operation: 'create' }, 'parameters.exam_room');
		expect(await loadOptions.getExamRooms.call(context)).toEqual([]);
		expect(sandbox.stats().calls).toBe(before);
	});

	it('Exam rooms of an office id DrChrono could not have issued (a dot segment) are refused, without a call', async () => {
		const before = sandbox.stats().calls;
		const context = editorContext(
			{ resource: 'appointment', operation: 'create', office: { __rl: true, mode: 'id', value: '..' } },
			'parameters.exam_room',
		);
		await expect(loadOptions.getExamRooms.call(context)).rejects.toThrow('Office must be a DrChrono ID (digits, or letters, digits, - and _), not ".."');
		expect(sandbox.stats().calls).toBe(before);
	});

	it('Appointment profiles, task statuses, task categories and patient flag types of the account', async () => {
		const context = editorContext({ resource: 'task', operation: 'create' }, 'parameters.status');
		const cases: Array<[keyof typeof loadOptions, string]> = [
			['getAppointmentProfiles', 'appointment_profiles'],
			['getTaskStatuses', 'task_statuses'],
			['getTaskCategories', 'task_categories'],
			['getPatientFlagTypes', 'patient_flag_types'],
		];
		for (const [method, collection] of cases) {
			const options = await loadOptions[method].call(context);
			const stored = sandbox.store.collection(collection).all();
			expect(options.map((o) => o.value).sort()).toEqual(stored.map((o) => o.id).sort());
			expect(names(options).join('|')).toContain(String(stored[0].name));
			expect(names(options)).toEqual([...names(options)].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('the task Status and Category parameters use those dropdowns', () => {
		const status = node.description.properties.find(
			(p) => p.name === 'status' && p.displayOptions?.show?.resource?.includes('task'),
		);
		expect(status?.typeOptions?.loadOptionsMethod).toBe('getTaskStatuses');
		const additional = node.description.properties.find(
			(p) => p.name === 'additionalFields' && p.displayOptions?.show?.resource?.includes('task'),
		);
		const category = (additional?.options as Array<{ name: string; typeOptions?: { loadOptionsMethod?: string } }>).find(
			(o) => o.name === 'category',
		);
		expect(category?.typeOptions?.loadOptionsMethod).toBe('getTaskCategories');
		const flag = node.description.properties.find((p) => p.name === 'flagType');
		expect(flag?.typeOptions?.loadOptionsMethod).toBe('getPatientFlagTypes');
	});

	it('Patient locator: search by last name, by "first last", and page on', async () => {
		const someone = sandbox.store.collection('patients').all()[5];
		const context = editorContext({ resource: 'patient', operation: 'get' }, 'parameters.id');

		const byLast = await listSearch.searchPatients.call(context, String(someone.last_name));
		expect(byLast.results.length).toBeGreaterThan(0);
		expect(byLast.results.map((r) => r.value)).toContain(String(someone.id));
		const matching = sandbox.store.collection('patients').all().filter((p) => p.last_name === someone.last_name);
		expect(byLast.results).toHaveLength(matching.length);

		const byFull = await listSearch.searchPatients.call(context, `${String(someone.first_name)} ${String(someone.last_name)}`);
		expect(byFull.results.map((r) => r.value)).toContain(String(someone.id));
		expect(byFull.results[0].name).toContain(String(someone.last_name));

		const first = await listSearch.searchPatients.call(context);
		expect(first.results).toHaveLength(50);
		expect(first.paginationToken).toBeTruthy();
		const second = await listSearch.searchPatients.call(context, undefined, first.paginationToken as string);
		expect(second.results).toHaveLength(50);
		const third = await listSearch.searchPatients.call(context, undefined, second.paginationToken as string);
		expect(third.results).toHaveLength(20);
		expect(third.paginationToken).toBeUndefined();
		const all = [...first.results, ...second.results, ...third.results].map((r) => r.value);
		expect(new Set(all).size).toBe(120);
	});

	it('Doctor, Office and Appointment locators list the account’s objects and filter by the typed text', async () => {
		const context = editorContext({ resource: 'appointment', operation: 'get' }, 'parameters.id');
		const doctors = await listSearch.searchDoctors.call(context);
		expect(doctors.results.map((r) => r.value).sort()).toEqual(sandbox.store.collection('doctors').all().map((d) => String(d.id)).sort());
		const oneDoctor = sandbox.store.collection('doctors').all()[1];
		const filtered = await listSearch.searchDoctors.call(context, String(oneDoctor.last_name).toLowerCase());
		expect(filtered.results.map((r) => r.value)).toContain(String(oneDoctor.id));

		const offices = await listSearch.searchOffices.call(context, 'lakeside');
		expect(offices.results).toHaveLength(1);
		expect(offices.results[0].name).toContain('Lakeside');

		const appointments = await listSearch.searchAppointments.call(context);
		expect(appointments.results.length).toBeGreaterThan(0);
		const stored = sandbox.store.collection('appointments');
		for (const r of appointments.results) expect(stored.has(Number(r.value))).toBe(true);
	});

	it('a locator picked from the list drives an operation (the value is the ID)', async () => {
		const context = editorContext({ resource: 'patient', operation: 'get' }, 'parameters.id');
		const someone = sandbox.store.collection('patients').all()[3];
		const found = await listSearch.searchPatients.call(context, String(someone.last_name));
		const picked = found.results.find((r) => r.value === String(someone.id))!;
		const result = await run(sandbox, { resource: 'patient', operation: 'get', id: { __rl: true, mode: 'list', value: picked.value } });
		expect(result.items[0].json.id).toBe(someone.id);
	});

	it('look-ups fail clearly when the credential lacks the scope', async () => {
		const context = editorContext({ resource: 'task', operation: 'create' }, 'parameters.status', ['user:read']);
		await expect(loadOptions.getTaskStatuses.call(context)).rejects.toMatchObject({
			description: expect.stringContaining('tasks:read'),
		});
	});
});
