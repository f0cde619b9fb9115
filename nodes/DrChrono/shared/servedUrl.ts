import type { IHookFunctions, WebhookType } from 'n8n-workflow';

/**
 * n8n's record of the URL a trigger serves for one of its webhooks, in the workflow's static data.
 * DrChrono has no API for its webhook or iframe URLs: the user types them into the API application.
 * So the triggers register nothing remotely; they remember the URL n8n serves, to point out a
 * change (test vs production, a new WEBHOOK_URL, a new path), since DrChrono keeps using the old one.
 */
export class ServedUrl {
	private readonly record: Record<string, string | undefined>;

	/** `key`: where the record lives in static data; `field`: the name of the URL being served now. */
	constructor(
		private readonly context: IHookFunctions,
		private readonly group: WebhookType,
		key: string,
		private readonly field: string,
	) {
		const data = context.getWorkflowStaticData('node');
		if (typeof data[key] !== 'object' || data[key] === null) data[key] = {};
		this.record = data[key] as Record<string, string | undefined>;
	}

	/** The URL n8n serves for this webhook now. */
	get url(): string | undefined {
		return this.context.getNodeWebhookUrl(this.group);
	}

	/** True when the record already holds the URL being served, so there is nothing to do. */
	isCurrent(): boolean {
		const url = this.url;
		return url !== undefined && this.record[this.field] === url;
	}

	/** Records `url` as served; returns the URL served before it when that was another one. */
	serve(url: string): string | undefined {
		const previous = this.record.lastUrl;
		this.record[this.field] = url;
		this.record.lastUrl = url;
		return previous !== undefined && previous !== url ? previous : undefined;
	}

	/** Forgets the URL being served; the last one stays known, to point out a change later. */
	forget(): void {
		delete this.record[this.field];
	}
}
