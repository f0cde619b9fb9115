import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialDescription } from 'n8n-workflow';

import { DrChronoWebhookApi } from '../../credentials/DrChronoWebhookApi.credentials';
import { DrChronoTrigger } from '../../nodes/DrChrono/DrChronoTrigger.node';
import { checkSecretToken } from '../../nodes/DrChrono/trigger';
import { captureLogs, createWebhookHarness } from '../harness/webhook';
import { SECRET, TRIGGER_TYPE, delivery, startTrigger } from './helpers';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

describe('webhookMethods: nothing to register at DrChrono, n8n side kept in order', () => {
	test('create records the served URL for both webhooks and tells the user to verify in DrChrono', async () => {
		const trigger = await startTrigger({ name: 'New patients' });
		const url = trigger.url();
		expect(trigger.staticData()).toEqual({
			'node:New patients': {
				default: { callbackUrl: url, lastUrl: url },
				setup: { callbackUrl: url, lastUrl: url },
			},
		});
		const info = logs.entries.filter((e) => e.level === 'info');
		expect(info).toHaveLength(1);
		expect(info[0].message).toContain(url);
		expect(info[0].message).toMatch(/press Verify/);
	});

	test('checkExists is true once the URL is recorded, so a re-activation creates nothing', async () => {
		const trigger = await startTrigger();
		const report = await trigger.activate();
		expect(report).toEqual([
			{ name: 'setup', existed: true },
			{ name: 'default', existed: true },
		]);
	});

	test('delete forgets the registration; the next activation records it again', async () => {
		const trigger = await startTrigger({ name: 'T' });
		await trigger.deactivate();
		const stored = trigger.staticData()['node:T'] as Record<string, Record<string, string>>;
		expect(stored.default.callbackUrl).toBeUndefined();
		expect(stored.default.lastUrl).toBe(trigger.url());
		expect(await trigger.activate()).toEqual([
			{ name: 'setup', existed: false },
			{ name: 'default', existed: false },
		]);
		expect(logs.entries.filter((e) => e.level === 'warn')).toHaveLength(0);
	});

	test('a change of URL (e.g. test to production) is pointed out: DrChrono must verify again', async () => {
		const make = (mode: 'test' | 'production', staticData?: Record<string, unknown>) =>
			createWebhookHarness({
				nodeTypes: { [TRIGGER_TYPE]: new DrChronoTrigger() },
				node: {
					type: TRIGGER_TYPE,
					name: 'T',
					parameters: { events: ['*'] },
					credentials: { drChronoWebhookApi: { id: 'webhook-cred', name: 'DrChrono Webhook' } },
				},
				credentials: { drChronoWebhookApi: { secretToken: SECRET } },
				mode,
				staticData: staticData as never,
			});
		const test = make('test');
		await test.activate();
		expect(logs.entries.find((e) => e.level === 'info')?.message).toMatch(/test URL/);
		await test.deactivate();

		const production = make('production', test.staticData());
		await production.activate();
		const warning = logs.entries.find((e) => e.level === 'warn');
		expect(warning?.message).toContain(production.url());
		expect(warning?.message).toContain(test.url());
		expect(warning?.message).toMatch(/press Verify/);
	});

	test('a production trigger does not answer on the test URL, and vice versa', async () => {
		const production = await startTrigger();
		const wrong = await production.request({ ...delivery('PATIENT_CREATE', { id: 1 }), path: production.url().replace('/webhook/', '/webhook-test/') });
		expect(wrong.response.status).toBe(404);
	});
});

describe('the node description', () => {
	const description = new DrChronoTrigger().description;

	test('trigger conventions', () => {
		expect(description.name).toBe('drChronoTrigger');
		expect(description.displayName).toContain('Trigger');
		expect(description.group).toEqual(['trigger']);
		expect(description.inputs).toEqual([]);
		expect(description).not.toHaveProperty('usableAsTool');
		expect(description.icon).toEqual({ light: 'file:drchrono.svg', dark: 'file:drchrono.dark.svg' });
	});

	test('two webhooks on one path: GET setup and POST default, answered on receipt', () => {
		expect(description.webhooks).toEqual([
			expect.objectContaining({ name: 'setup', httpMethod: 'GET', path: 'drchrono', responseMode: 'onReceived' }),
			expect.objectContaining({ name: 'default', httpMethod: 'POST', path: 'drchrono', responseMode: 'onReceived' }),
		]);
	});

	test('the webhook secret credential is required; the OAuth2 one is optional and shown always', () => {
		const credentials = description.credentials as INodeCredentialDescription[];
		expect(credentials[0]).toMatchObject({ name: 'drChronoWebhookApi', required: true, testedBy: 'drChronoWebhookSecretTest' });
		expect(credentials[1]).toMatchObject({ name: 'drChronoOAuth2Api', required: false });
		// A credential shown by a parameter makes n8n's editor treat that parameter as the
		// authentication selector: it hid Fetch Current Object and showed the webhook credential by ID.
		expect(credentials[1].displayOptions).toBeUndefined();
	});

	test('the two credential selectors have labels of their own: the webhook secret token, the account for Fetch Current Object', () => {
		// n8n's editor labels a selector with the entry's displayName, else "Credential to connect with" for both.
		const [secret, account] = description.credentials as INodeCredentialDescription[];
		expect(secret.displayName).toMatch(/Secret Token/);
		expect(account.displayName).toMatch(/Fetch Current Object/);
		expect(secret.displayName).not.toBe(account.displayName);
	});

	test('the setup notice says where to paste the Production URL and to verify again when it changes', () => {
		const notice = description.properties.find((p) => p.type === 'notice')?.displayName ?? '';
		expect(notice).toMatch(/Account > API/);
		expect(notice).toMatch(/Production URL/);
		expect(notice).toMatch(/Verify again/);
	});
});

describe('the DrChrono Webhook API credential', () => {
	test('holds two password fields: secretToken, and previousSecretToken for rotation', () => {
		const credential = new DrChronoWebhookApi();
		expect(credential.name).toBe('drChronoWebhookApi');
		const fields = credential.properties.filter((p) => p.type !== 'notice');
		expect(fields).toEqual([
			expect.objectContaining({ name: 'secretToken', type: 'string', typeOptions: { password: true }, required: true }),
			expect.objectContaining({ name: 'previousSecretToken', type: 'string', typeOptions: { password: true } }),
		]);
	});

	test('is tested by the node, offline', async () => {
		const test = new DrChronoTrigger().methods.credentialTest.drChronoWebhookSecretTest;
		const run = (secretToken: string) =>
			test.call({} as ICredentialTestFunctions, { data: { secretToken } } as unknown as ICredentialsDecrypted);
		expect((await run(SECRET)).status).toBe('OK');
		expect((await run('')).status).toBe('Error');
		expect((await run('short')).message).toMatch(/at least 32/);
		expect((await run(` ${SECRET}`)).message).toMatch(/space/);
		expect(checkSecretToken(undefined).status).toBe('Error');
	});
});
