/** How stored objects are answered: internal fields (leading "_") never leave, verbose-only fields only on request. */
import type { ResourceSpec } from './resources';
import type { ApiObject } from './store';

const keysOf = Object.keys; // captured: global lookups are slow under jest's vm sandbox

export function serialize(spec: ResourceSpec | undefined, obj: ApiObject, verbose = true): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const hidden = !verbose && spec?.verboseFields ? new Set(spec.verboseFields) : null;
	for (const key of keysOf(obj)) {
		if (key.charCodeAt(0) === 95 /* _ */ || hidden?.has(key)) continue;
		out[key] = obj[key];
	}
	return out;
}
