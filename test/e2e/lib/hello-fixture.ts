/**
 * A tiny custom-node package written as compiled JS into a folder, for proving that real n8n loads
 * custom extensions (N8N_CUSTOM_EXTENSIONS) and runs them: used by test/e2e/n8n-smoke.e2e.test.ts.
 *
 *  - CUSTOM.hello         action node: outputs { hello: 'world' }; with `url` set it GETs the URL
 *                         through httpRequestWithAuthentication('helloApi') (OAuth2 token from the
 *                         imported credential) and adds the response body.
 *  - CUSTOM.helloTrigger  webhook trigger (POST, path 'hello'): outputs { hello: 'webhook', body };
 *                         with `failActivation` its webhookMethods.create throws (activation fails).
 *  - helloApi             credential extending n8n's generic oAuth2Api.
 */
import * as fs from 'fs';
import * as path from 'path';

const HELLO_NODE = `'use strict';
class Hello {
	constructor() {
		this.description = {
			displayName: 'Hello',
			name: 'hello',
			group: ['transform'],
			version: 1,
			description: 'Says hello (e2e fixture)',
			defaults: { name: 'Hello' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'helloApi', required: false }],
			properties: [
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			],
		};
	}
	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let i = 0; i < items.length; i++) {
			const url = this.getNodeParameter('url', i);
			const json = { hello: 'world' };
			if (url) {
				json.response = await this.helpers.httpRequestWithAuthentication.call(this, 'helloApi', { method: 'GET', url, json: true });
			}
			out.push({ json, pairedItem: { item: i } });
		}
		return [out];
	}
}
module.exports = { Hello };
`;

const HELLO_TRIGGER_NODE = `'use strict';
class HelloTrigger {
	constructor() {
		this.description = {
			displayName: 'Hello Trigger',
			name: 'helloTrigger',
			group: ['trigger'],
			version: 1,
			description: 'Webhook trigger (e2e fixture)',
			defaults: { name: 'Hello Trigger' },
			inputs: [],
			outputs: ['main'],
			properties: [
				{ displayName: 'Fail Activation', name: 'failActivation', type: 'boolean', default: false },
			],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'hello' }],
		};
		this.webhookMethods = {
			default: {
				async checkExists() {
					return false;
				},
				async create() {
					if (this.getNodeParameter('failActivation', false)) throw new Error('hello: activation refused');
					return true;
				},
				async delete() {
					return true;
				},
			},
		};
	}
	async webhook() {
		const body = this.getBodyData();
		return { workflowData: [[{ json: { hello: 'webhook', body } }]] };
	}
}
module.exports = { HelloTrigger };
`;

const HELLO_CREDENTIAL = `'use strict';
class HelloApi {
	constructor() {
		this.name = 'helloApi';
		this.extends = ['oAuth2Api'];
		this.displayName = 'Hello OAuth2 API';
		this.properties = [
			{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'authorizationCode' },
			{ displayName: 'Authorization URL', name: 'authUrl', type: 'hidden', default: 'http://127.0.0.1:9/o/authorize/' },
			{ displayName: 'Access Token URL', name: 'accessTokenUrl', type: 'hidden', default: 'http://127.0.0.1:9/o/token/' },
			{ displayName: 'Scope', name: 'scope', type: 'hidden', default: '' },
			{ displayName: 'Auth URI Query Parameters', name: 'authQueryParameters', type: 'hidden', default: '' },
			{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
		];
	}
}
module.exports = { HelloApi };
`;

/** Writes the fixture package into `dir` (created) and returns `dir`. */
export function writeHelloPackage(dir: string): string {
	fs.mkdirSync(path.join(dir, 'nodes', 'Hello'), { recursive: true });
	fs.mkdirSync(path.join(dir, 'credentials'), { recursive: true });
	fs.writeFileSync(path.join(dir, 'nodes', 'Hello', 'Hello.node.js'), HELLO_NODE);
	fs.writeFileSync(path.join(dir, 'nodes', 'Hello', 'HelloTrigger.node.js'), HELLO_TRIGGER_NODE);
	fs.writeFileSync(path.join(dir, 'credentials', 'HelloApi.credentials.js'), HELLO_CREDENTIAL);
	return dir;
}
