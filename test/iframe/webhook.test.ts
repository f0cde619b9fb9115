/**
 * The DrChrono Iframe Trigger through the webhook harness (n8n-core's HookContext / WebhookContext
 * and WorkflowExecute, as n8n's webhook server drives them): a page load DrChrono signed starts an
 * execution with the token's values and leaves the framing headers on the response for n8n's
 * answer; anything else gets a plain 403 page and no execution.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { DrChronoIframeTrigger } from '../../nodes/DrChrono/DrChronoIframeTrigger.node';
import { MAX_CLOCK_DRIFT_SECONDS } from '../../nodes/DrChrono/iframe';
import { captureLogs, type WebhookHarness } from '../harness/webhook';
import {
	CLIENT_SECRET,
	IDS,
	drchronoClaims,
	iframeQuery,
	nowSeconds,
	oauthCredential,
	pageLoad,
	signJwt,
	startIframeTrigger,
} from './helpers';

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
	logs = captureLogs();
});
afterEach(() => logs.restore());

const FRAME_ANCESTORS = 'frame-ancestors https://*.drchrono.com';

function triggerOutput(harness: WebhookHarness): INodeExecutionData[] {
	const run = harness.executions[0]?.run;
	return run?.data.resultData.runData[harness.node.name]?.[0]?.data?.main[0] ?? [];
}

describe('a page load DrChrono signed', () => {
	test('starts an execution with the doctor, patient, practice, kind and claims from the token', async () => {
		const trigger = await startIframeTrigger();
		const claims = drchronoClaims(2);
		const { response, execution, result } = await pageLoad(trigger, 'patient', iframeQuery(claims));

		expect(execution).toBeDefined();
		expect(trigger.executions).toHaveLength(1);
		expect(result?.noWebhookResponse).toBeUndefined();
		const [item] = execution!.items[0];
		expect(item.json).toMatchObject({
			kind: 'patient',
			doctorId: IDS.doctor_id,
			patientId: IDS.patient_id,
			practiceId: IDS.practice_id,
			issuedAt: new Date((claims.iat as number) * 1000).toISOString(),
			expiresAt: null,
			claims,
		});
		expect(typeof item.json.receivedAt).toBe('string');
		// The execution ran through WorkflowExecute and the trigger's item is its output.
		expect(execution!.run?.status).toBe('success');
		expect(triggerOutput(trigger)[0].json).toMatchObject({ kind: 'patient', patientId: IDS.patient_id });
		// The trigger does not answer: n8n sends the page the workflow makes (Last Node / Respond to Webhook).
		expect(response.text).toBe('');
	});

	test('on the clinical note URL, kind is clinical_note', async () => {
		const trigger = await startIframeTrigger();
		const { execution } = await pageLoad(trigger, 'clinical_note', iframeQuery(drchronoClaims()));
		expect(execution!.items[0][0].json).toMatchObject({ kind: 'clinical_note', patientId: IDS.patient_id });
	});

	test('leaves headers that let DrChrono, and only DrChrono, frame the page', async () => {
		const trigger = await startIframeTrigger();
		const { response } = await pageLoad(trigger, 'patient', iframeQuery(drchronoClaims()));
		expect(response.headers['content-security-policy']).toBe(FRAME_ANCESTORS);
		expect(response.headers['x-frame-options']).toBeUndefined();
		expect(response.headers['cache-control']).toBe('no-store');
		expect(response.headers['referrer-policy']).toBe('no-referrer');
	});

	test('with a Custom server credential, its origin may frame the page too', async () => {
		const trigger = await startIframeTrigger({
			credential: oauthCredential({ server: 'custom', baseUrl: 'http://localhost:5050/' }),
			options: { additionalFrameAncestors: 'https://drchrono.com https://ehr.example.org/ not-an-origin' },
		});
		const { response, execution } = await pageLoad(trigger, 'patient', iframeQuery(drchronoClaims()));
		expect(execution).toBeDefined();
		expect(response.headers['content-security-policy']).toBe(
			`${FRAME_ANCESTORS} http://localhost:5050 https://drchrono.com https://ehr.example.org`,
		);
		expect(logs.entries.some((e) => e.level === 'warn' && e.message.includes('not-an-origin'))).toBe(true);
	});

	test('also works on the test URL while the editor listens', async () => {
		const trigger = await startIframeTrigger({ mode: 'test' });
		expect(trigger.url('default')).toContain('/webhook-test/');
		const { execution } = await pageLoad(trigger, 'patient', iframeQuery(drchronoClaims()));
		expect(execution).toBeDefined();
	});

	test('the Allowed Clock Drift option widens the window', async () => {
		const trigger = await startIframeTrigger({ options: { clockDriftSeconds: 600 } });
		const { execution } = await pageLoad(trigger, 'patient', iframeQuery(drchronoClaims(300)));
		expect(execution).toBeDefined();
	});

	test(`Allowed Clock Drift is capped at ${MAX_CLOCK_DRIFT_SECONDS} s, even when set higher (e.g. by an expression)`, async () => {
		const trigger = await startIframeTrigger({ options: { clockDriftSeconds: 86_400 } });
		const old = await pageLoad(trigger, 'patient', iframeQuery(drchronoClaims(MAX_CLOCK_DRIFT_SECONDS + 60)));
		expect(old.response.status).toBe(403);
		expect(old.execution).toBeUndefined();
		const { execution } = await pageLoad(trigger, 'patient', iframeQuery(drchronoClaims(MAX_CLOCK_DRIFT_SECONDS - 60)));
		expect(execution).toBeDefined();
	});
});

describe('a token opens the panel once', () => {
	test('the same link again gets the 403 page and no execution; a new link from DrChrono opens it', async () => {
		const trigger = await startIframeTrigger();
		const query = iframeQuery(drchronoClaims());
		expect((await pageLoad(trigger, 'patient', query)).execution).toBeDefined();
		const again = await pageLoad(trigger, 'patient', query);
		expect(again.response.status).toBe(403);
		expect(again.execution).toBeUndefined();
		// Also on the trigger's other URL: a token is used once per trigger, whichever page.
		expect((await pageLoad(trigger, 'clinical_note', query)).execution).toBeUndefined();
		expect(logs.entries.some((e) => e.level === 'warn' && e.message.includes('reused'))).toBe(true);
		// DrChrono signs a new token on the next render: that one opens it. (Another claim makes it
		// another token even when the clock moved on by a second and the iat came out the same.)
		expect((await pageLoad(trigger, 'patient', iframeQuery(drchronoClaims(1, { render: 2 })))).execution).toBeDefined();
		expect(trigger.executions).toHaveLength(2);
	});

	test('a token used at the test URL is not accepted again at the production URL', async () => {
		const test = await startIframeTrigger({ mode: 'test' });
		const production = await startIframeTrigger({ mode: 'production' });
		const query = iframeQuery(drchronoClaims());
		expect((await pageLoad(test, 'patient', query)).execution).toBeDefined();
		expect((await pageLoad(production, 'patient', query)).execution).toBeUndefined();
	});

	test('with Accept Each Token Once off, the same link opens it again', async () => {
		const trigger = await startIframeTrigger({ options: { acceptTokenOnce: false } });
		const query = iframeQuery(drchronoClaims());
		expect((await pageLoad(trigger, 'patient', query)).execution).toBeDefined();
		expect((await pageLoad(trigger, 'patient', query)).execution).toBeDefined();
	});

	test('refused page loads cannot flood the log: 500 forged ones write one line', async () => {
		const trigger = await startIframeTrigger();
		for (let i = 0; i < 500; i++) {
			await pageLoad(trigger, 'patient', iframeQuery(drchronoClaims(), signJwt(drchronoClaims(), { secret: `wrong-${i}` })));
		}
		expect(logs.entries.filter((e) => e.level === 'warn' && e.message.includes('refused'))).toHaveLength(1);
		expect(trigger.executions).toHaveLength(0);
	});
});

describe('anything else gets a plain 403 page and no execution', () => {
	const now = nowSeconds;
	const cases: Array<[string, () => Record<string, string>]> = [
		['no jwt', () => {
			const query = iframeQuery(drchronoClaims());
			delete query.jwt;
			return query;
		}],
		['a tampered payload', () => {
			const claims = drchronoClaims();
			const [h, , s] = signJwt(claims).split('.');
			const forged = Buffer.from(JSON.stringify({ ...claims, patient_id: 110099 })).toString('base64url');
			return iframeQuery({ ...claims, patient_id: 110099 }, `${h}.${forged}.${s}`);
		}],
		['the wrong secret', () => iframeQuery(drchronoClaims(), signJwt(drchronoClaims(), { secret: 'wrong-secret' }))],
		['alg none', () => iframeQuery(drchronoClaims(), signJwt(drchronoClaims(), { header: { alg: 'none' }, digest: 'none' }))],
		['HS512', () => iframeQuery(drchronoClaims(), signJwt(drchronoClaims(), { header: { alg: 'HS512' }, digest: 'sha512' }))],
		['a stale iat', () => iframeQuery(drchronoClaims(120))],
		['an iat in the future', () => iframeQuery(drchronoClaims(-120))],
		['an expired exp', () => iframeQuery({ ...IDS, iat: now() - 30, exp: now() - 90 })],
		['a patient_id in the URL that differs from the token', () => ({ ...iframeQuery(drchronoClaims()), patient_id: '110005' })],
		['a token without patient_id on the patient chart', () => iframeQuery({ doctor_id: 1, practice_id: 2, iat: now() })],
	];

	test.each(cases)('%s', async (_label, makeQuery) => {
		const trigger = await startIframeTrigger();
		const query = makeQuery();
		const { response, execution, result } = await pageLoad(trigger, 'patient', query);

		expect(response.status).toBe(403);
		expect(response.headers['content-type']).toMatch(/^text\/html/);
		expect(response.text).toContain('Access denied');
		expect(response.text).not.toContain(String(IDS.patient_id));
		expect(result?.noWebhookResponse).toBe(true);
		expect(execution).toBeUndefined();
		expect(trigger.executions).toHaveLength(0);
		// DrChrono can still show the refusal in its frame.
		expect(response.headers['content-security-policy']).toBe(FRAME_ANCESTORS);
		expect(response.headers['x-frame-options']).toBeUndefined();

		// The reason is logged; the token and the patient are not.
		const warning = logs.entries.find((e) => e.level === 'warn' && e.message.includes('refused'));
		expect(warning).toBeDefined();
		if (query.jwt) expect(warning!.message).not.toContain(query.jwt);
		expect(warning!.message).not.toContain(String(IDS.patient_id));
	});

	test('a page the trigger does not accept', async () => {
		const trigger = await startIframeTrigger({ options: { acceptedPages: ['patient'] } });
		const note = await pageLoad(trigger, 'clinical_note', iframeQuery(drchronoClaims()));
		expect(note.response.status).toBe(403);
		expect(note.execution).toBeUndefined();
		const chart = await pageLoad(trigger, 'patient', iframeQuery(drchronoClaims()));
		expect(chart.execution).toBeDefined();
	});

	test('a credential without a client secret answers 500 and starts nothing', async () => {
		const trigger = await startIframeTrigger({ credential: oauthCredential({ clientSecret: '' }) });
		const { response, execution } = await pageLoad(trigger, 'patient', iframeQuery(drchronoClaims()));
		expect(response.status).toBe(500);
		expect(response.text).toContain('not configured');
		expect(execution).toBeUndefined();
	});

	test('a POST is not served', async () => {
		const trigger = await startIframeTrigger();
		const { response, execution } = await trigger.request({ method: 'POST', path: trigger.url('default'), body: {} });
		expect(response.status).toBe(404);
		expect(execution).toBeUndefined();
	});
});

describe('the webhook description n8n reads', () => {
	test('two GET URLs: /patient and /clinical-note under the node’s webhook ID', async () => {
		const trigger = await startIframeTrigger();
		expect(trigger.url('default')).toMatch(/\/webhook\/[0-9a-f-]+\/patient$/);
		expect(trigger.url('setup')).toMatch(/\/webhook\/[0-9a-f-]+\/clinical-note$/);
		expect(trigger.webhooks().map((w) => w.httpMethod)).toEqual(['GET', 'GET']);
	});

	test.each([
		['lastNode', undefined, 'html'],
		['lastNode', 'page', 'page'],
		['responseNode', undefined, 'html'],
	] as const)('responseMode %s / HTML field %s: n8n answers as configured', async (mode, field, property) => {
		const trigger = await startIframeTrigger({ responseMode: mode, htmlField: field });
		for (const hook of trigger.webhooks()) {
			const evaluate = (value: unknown) =>
				trigger.workflow.expression.getSimpleParameterValue(trigger.node, value as string, 'webhook', {});
			const description = hook.webhookDescription;
			expect(evaluate(description.responseMode)).toBe(mode);
			expect(evaluate(description.responsePropertyName)).toBe(property);
			expect(description.responseData).toBe('firstEntryJson');
			expect(description.responseContentType).toBe('text/html; charset=utf-8');
		}
	});

	test('activation records the URLs and says where they go in DrChrono', async () => {
		const trigger = await startIframeTrigger();
		const infos = logs.entries.filter((e) => e.level === 'info').map((e) => e.message);
		expect(infos.some((m) => m.includes(trigger.url('default')) && m.includes('Patient Iframe'))).toBe(true);
		expect(infos.some((m) => m.includes(trigger.url('setup')) && m.includes('Clinical Notes Iframe'))).toBe(true);
		// A second activation finds them recorded and does nothing.
		expect((await trigger.activate()).every((r) => r.existed)).toBe(true);
		await trigger.deactivate();
		expect((await trigger.activate()).every((r) => !r.existed)).toBe(true);
	});

	test('follows the trigger conventions', () => {
		const { description } = new DrChronoIframeTrigger();
		expect(description.name.endsWith('Trigger')).toBe(true);
		expect(description.displayName).toContain('Trigger');
		expect(description.inputs).toEqual([]);
		expect(description.group).toEqual(['trigger']);
		expect((description as unknown as Record<string, unknown>).usableAsTool).toBeUndefined();
		expect(description.credentials).toEqual([{ name: 'drChronoOAuth2Api', required: true }]);
	});

	test('the secret is the OAuth2 credential’s Client Secret', async () => {
		const trigger = await startIframeTrigger({ credential: oauthCredential({ clientSecret: 'another-app-secret' }) });
		const claims = drchronoClaims();
		expect((await pageLoad(trigger, 'patient', iframeQuery(claims))).response.status).toBe(403);
		const ok = await pageLoad(trigger, 'patient', iframeQuery(claims, signJwt(claims, { secret: 'another-app-secret' })));
		expect(ok.execution).toBeDefined();
		expect(CLIENT_SECRET).not.toBe('another-app-secret');
	});
});
