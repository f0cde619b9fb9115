import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentialsHelper } from 'n8n-workflow';
import { Credentials } from 'n8n-core';

/** Credential types n8n would know as OAuth2 children; drives n8n-core's OAuth2 request path. */
const PARENT_TYPES: Record<string, string[]> = {
	drChronoOAuth2Api: ['oAuth2Api'],
};

/**
 * Stands in for n8n's credential store in in-process runs: hands out plain credential data by type,
 * and records what n8n writes back (a refreshed OAuth token), so tests can check that the rotated
 * refresh token was stored exactly as n8n would store it.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	readonly updates: Array<{ type: string; data: ICredentialDataDecryptedObject }> = [];

	constructor(private readonly store: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	set(type: string, data: ICredentialDataDecryptedObject): void {
		this.store[type] = data;
	}

	get(type: string): ICredentialDataDecryptedObject | undefined {
		return this.store[type];
	}

	getParentTypes(name: string): string[] {
		return PARENT_TYPES[name] ?? [];
	}

	async authenticate(
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		requestParams: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return requestParams;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
		_typeName: string,
		_node: INode,
		_credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	getOAuth2Options() {
		return undefined;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode?: unknown,
		_executeData?: unknown,
		_raw?: boolean,
		_expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store[type];
		if (data === undefined) throw new Error(`No test credentials of type ${type}`);
		// A copy, as n8n decrypts a fresh object per call.
		return JSON.parse(JSON.stringify(data)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails): Promise<Credentials> {
		return new Credentials(nodeCredentials, '', '');
	}

	getCredentialsProperties(): INodeProperties[] {
		return [];
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.store[type] = data;
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.updates.push({ type, data: JSON.parse(JSON.stringify(data)) });
		this.store[type] = { ...this.store[type], oauthTokenData: data.oauthTokenData };
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}
}
