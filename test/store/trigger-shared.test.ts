/**
 * The triggers with the credential's Quota Sharing set to the store, through n8n-core's webhook
 * contexts (n8n's own HTTP helper reaches the store): a delivery redelivered to another n8n process
 * runs once, and an iframe token used on one process is refused on another. "Another process" is
 * the same trigger after this process's memories are emptied, as a second webhook process has them.
 */
import { forgetAllSeen } from '../../nodes/DrChrono/shared/seenMemory';
import { KEY_PREFIX } from '../../nodes/DrChrono/store';
import { drchronoClaims, iframeQuery, oauthCredential as iframeCredential, pageLoad, startIframeTrigger } from '../iframe/helpers';
import { delivery, oauthCredential, startTrigger } from '../trigger/helpers';
import { captureLogs } from '../harness/webhook';
import { startStore } from './helpers';
import type { StoreFixture } from './helpers';
import { RespClient } from './resp';

jest.setTimeout(60_000);

let store: StoreFixture;
let direct: RespClient;
beforeAll(async () => {
	store = await startStore();
	direct = new RespClient(store.redis.port);
});
let logs: ReturnType<typeof captureLogs>;
beforeEach(() => {
	logs = captureLogs();
});
afterEach(() => logs.restore());
afterAll(async () => {
	direct?.close();
	await store?.close();
});

const sharing = () => ({ quotaSharing: 'store', storeUrl: store.server.url, storeToken: store.server.token, storeProcesses: 2 });
let runs = 0;
const freshWorkflow = () => `wf-${process.pid}-${Date.now()}-${++runs}`;

describe('DrChrono Trigger with the DrChrono Account sharing its store', () => {
	it('a delivery redelivered to another n8n process starts no second execution', async () => {
		const workflowId = freshWorkflow();
		const oauth = { ...oauthCredential('http://127.0.0.1:9'), ...sharing() };
		const first = await startTrigger({ workflowId, oauth });
		const a = await first.request(delivery('PATIENT_MODIFY', { id: 1 }, { deliveryId: 'redelivered' }));
		expect(a.execution).toBeDefined();

		forgetAllSeen(); // the other process remembers nothing of its own
		const other = await startTrigger({ workflowId, oauth });
		const b = await other.request(delivery('PATIENT_MODIFY', { id: 1 }, { deliveryId: 'redelivered' }));
		expect(b.response.status).toBe(200);
		expect(b.response.json).toEqual({ message: 'Delivery redelivered was already received; ignored' });
		expect(b.execution).toBeUndefined();

		const keys = (await direct.send(['KEYS', `${KEY_PREFIX}seen:deliveries:${workflowId}:*`])) as string[];
		expect(keys).toHaveLength(1);
	});

	it('without the account on the trigger, each process keeps its own memory (as documented)', async () => {
		const workflowId = freshWorkflow();
		const first = await startTrigger({ workflowId });
		await first.request(delivery('PATIENT_MODIFY', { id: 1 }, { deliveryId: 'per-process' }));
		forgetAllSeen();
		const other = await startTrigger({ workflowId });
		const b = await other.request(delivery('PATIENT_MODIFY', { id: 1 }, { deliveryId: 'per-process' }));
		expect(b.execution).toBeDefined();
	});

	it('a forged delivery costs the store nothing', async () => {
		const workflowId = freshWorkflow();
		const trigger = await startTrigger({ workflowId, oauth: { ...oauthCredential('http://127.0.0.1:9'), ...sharing() } });
		const before = store.server.requests;
		const forged = await trigger.request(delivery('PATIENT_MODIFY', { id: 1 }, { deliveryId: 'forged', signature: 'not-the-secret' }));
		expect(forged.response.status).toBe(401);
		expect(store.server.requests).toBe(before);
	});
});

describe('DrChrono Iframe Trigger with the credential sharing its store', () => {
	it('a token used on one n8n process is refused on another', async () => {
		const workflowId = freshWorkflow();
		const credential = iframeCredential(sharing());
		const query = iframeQuery(drchronoClaims());
		const first = await startIframeTrigger({ workflowId, credential });
		expect((await pageLoad(first, 'patient', query)).response.status).toBe(200);

		forgetAllSeen();
		const other = await startIframeTrigger({ workflowId, credential });
		const again = await pageLoad(other, 'patient', query);
		expect(again.response.status).toBe(403);
		expect(again.execution).toBeUndefined();
	});
});
