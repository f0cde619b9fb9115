/**
 * Every parameter of every node as saved workflows depend on it: name, type, default and when it
 * shows. Parameter names come from DrChrono's API field names in the resource specs, so renaming a
 * field in a spec would silently drop that value from every saved workflow. Any change here shows
 * up as a snapshot diff; docs/development.md ("Saved workflows and node versions") says which
 * changes need a new node version and which only need the snapshot updated (`npx jest -u`).
 */
import type { INodeProperties } from 'n8n-workflow';

import { nodeDescriptions } from './descriptions';

type Entry = { name: string; type: string; default: unknown; displayOptions?: unknown; options?: Entry[] | unknown[] };

/** What a saved workflow depends on; labels and help texts are left out (free to change). */
function shape(p: INodeProperties & { values?: INodeProperties[] }): Entry {
	const entry: Entry = { name: p.name, type: p.type, default: p.default };
	if (p.displayOptions) entry.displayOptions = p.displayOptions;
	const nested = p.values ?? p.options;
	if (Array.isArray(nested)) {
		entry.options = (nested as Array<INodeProperties & { value?: unknown; values?: INodeProperties[] }>).map((o) =>
			o.type ? shape(o) : o.values ? { name: o.name, options: o.values.map(shape) } : o.value,
		);
	}
	if (p.type === 'resourceLocator') entry.options = (p.modes ?? []).map((m) => m.name);
	return entry;
}

describe('node descriptions saved workflows depend on', () => {
	for (const description of nodeDescriptions()) {
		it(`${description.name} v${JSON.stringify(description.version)}`, () => {
			expect({
				name: description.name,
				version: description.version,
				defaultVersion: description.defaultVersion,
				credentials: (description.credentials ?? []).map((c) => ({ name: c.name, required: c.required, displayOptions: c.displayOptions })),
				webhooks: (description.webhooks ?? []).map((w) => ({ name: w.name, httpMethod: w.httpMethod, path: w.path, responseMode: w.responseMode })),
				properties: description.properties.map(shape),
			}).toMatchSnapshot();
		});
	}
});
