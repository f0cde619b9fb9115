/**
 * The whole path against the DrChrono sandbox: the app's Patient / Clinical Notes Iframe URLs are
 * the trigger's URLs (served by the webhook harness on a real port), the doctor is registered with
 * POST /api/iframe_integration, and the sandbox's patient chart and clinical note pages embed the
 * iframe with a token signed by the app's client secret. Following the iframe's src starts the
 * workflow with the right values; a src altered on the way is refused.
 */
import { startSandbox, type Sandbox } from '../sandbox';
import { signIframeJwt } from '../sandbox/iframePages';
import { captureLogs, type WebhookHarness } from '../harness/webhook';
import { oauthCredential, startIframeTrigger } from './helpers';

const CLIENT_ID = 'iframe-app';
const CLIENT_SECRET = 'iframe-app-client-secret-0123456789';

let sandbox: Sandbox;
let trigger: WebhookHarness;
let logs: ReturnType<typeof captureLogs>;

beforeAll(async () => {
	logs = captureLogs();
	sandbox = await startSandbox({
		quiet: true,
		patients: 20,
		apps: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: ['*'] }],
	});
	trigger = await startIframeTrigger({
		credential: oauthCredential({ server: 'custom', baseUrl: sandbox.url, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }),
	});
	await trigger.listen();
	await trigger.activate();
});

afterAll(async () => {
	await trigger?.close();
	await sandbox?.close();
	logs.restore();
});

const iframeSources = (html: string) =>
	[...html.matchAll(/<iframe[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));

async function registerDoctor(method: 'POST' | 'DELETE') {
	const token = sandbox.issueToken(CLIENT_ID).access_token;
	return fetch(`${sandbox.url}/api/iframe_integration`, { method, headers: { Authorization: `Bearer ${token}` } });
}

function configureIframes() {
	sandbox.upsertApp({
		clientId: CLIENT_ID,
		patientIframe: { url: trigger.url('default'), height: 480 },
		clinicalNoteIframe: { url: trigger.url('setup'), height: 320 },
	});
}

function firstOf(resource: string) {
	return sandbox.store.collection(resource).all()[0];
}

test('without an iframe URL or a registration the chart shows no iframe, only why', async () => {
	const patient = firstOf('patients');
	const page = await (await fetch(`${sandbox.url}/patients/${patient.id}`)).text();
	expect(iframeSources(page)).toEqual([]);
	expect(page).toContain('No API application has a Patient Iframe URL');

	configureIframes();
	const unregistered = await (await fetch(`${sandbox.url}/patients/${patient.id}`)).text();
	expect(iframeSources(unregistered)).toEqual([]);
	expect(unregistered).toContain('is not registered with iframe-app');
});

test('the patient chart embeds the Patient Iframe with a signed token, and the trigger runs with its values', async () => {
	configureIframes();
	expect((await registerDoctor('POST')).status).toBe(201);
	const patient = firstOf('patients');
	const chart = await fetch(`${sandbox.url}/patients/${patient.id}`);
	expect(chart.status).toBe(200);
	const html = await chart.text();
	expect(html).toContain('height="480"');
	const [src] = iframeSources(html);
	expect(src.startsWith(`${trigger.url('default')}?`)).toBe(true);

	const params = new URL(src).searchParams;
	const doctorId = sandbox.store.meta.primaryDoctorId;
	expect(params.get('doctor_id')).toBe(String(doctorId));
	expect(params.get('patient_id')).toBe(String(patient.id));
	expect(params.get('practice_id')).toBe(String(sandbox.store.meta.practiceGroup));
	const iat = Number(params.get('iat'));
	expect(params.get('jwt')).toBe(
		signIframeJwt({ doctor_id: doctorId, patient_id: patient.id, practice_id: sandbox.store.meta.practiceGroup, iat }, CLIENT_SECRET),
	);

	const before = trigger.executions.length;
	const panel = await fetch(src);
	expect(panel.headers.get('content-security-policy')).toBe(`frame-ancestors https://*.drchrono.com ${sandbox.url}`);
	expect(panel.headers.get('x-frame-options')).toBeNull();
	expect(trigger.executions).toHaveLength(before + 1);
	expect(trigger.executions.at(-1)!.items[0][0].json).toMatchObject({
		kind: 'patient',
		doctorId,
		patientId: patient.id,
		practiceId: sandbox.store.meta.practiceGroup,
		claims: { doctor_id: doctorId, patient_id: patient.id, iat },
	});
});

test('the clinical note page embeds the Clinical Notes Iframe; kind is clinical_note', async () => {
	configureIframes();
	await registerDoctor('POST');
	const note = firstOf('clinical_notes');
	const html = await (await fetch(`${sandbox.url}/clinical_notes/${note.id}`)).text();
	const [src] = iframeSources(html);
	expect(src.startsWith(`${trigger.url('setup')}?`)).toBe(true);
	expect(html).toContain('height="320"');
	await fetch(src);
	expect(trigger.executions.at(-1)!.items[0][0].json).toMatchObject({ kind: 'clinical_note', patientId: note.patient });
});

test('a src changed on the way (another patient) gets the 403 page and no execution', async () => {
	configureIframes();
	await registerDoctor('POST');
	const [first, second] = sandbox.store.collection('patients').all();
	const [src] = iframeSources(await (await fetch(`${sandbox.url}/patients/${first.id}`)).text());
	const altered = new URL(src);
	altered.searchParams.set('patient_id', String(second.id));
	const before = trigger.executions.length;
	const answer = await fetch(altered);
	expect(answer.status).toBe(403);
	expect(await answer.text()).toContain('Access denied');
	expect(trigger.executions).toHaveLength(before);
});

test('after DELETE /api/iframe_integration the chart no longer shows the panel', async () => {
	configureIframes();
	await registerDoctor('POST');
	expect((await registerDoctor('DELETE')).status).toBe(204);
	const html = await (await fetch(`${sandbox.url}/patients/${firstOf('patients').id}`)).text();
	expect(iframeSources(html)).toEqual([]);
});

test('unknown patients and notes are 404 pages', async () => {
	expect((await fetch(`${sandbox.url}/patients/1`)).status).toBe(404);
	expect((await fetch(`${sandbox.url}/clinical_notes/1`)).status).toBe(404);
});
