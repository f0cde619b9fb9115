import type { ResourceSpec } from './types';

/**
 * The OAuth scopes an operation on a resource needs, e.g. `calendar:read` and `clinical:read` for
 * reading appointments.
 *
 * DrChrono's OpenAPI lists, per operation, one `security` requirement that holds several areas
 * (appointments: calendar:read, calendar:write, clinical:read, clinical:write). It does not say
 * whether any one area suffices or every area is checked, and no recorded response settles it. We
 * build for the stricter reading: a token needs one scope of *each* listed area (`<area>:read` or
 * `<area>:write` to read, `<area>:write` to write). A workflow that works with these scopes works
 * under either reading; the sandbox enforces the same (its option `scopeAreas: 'any'` has the
 * lenient reading).
 */
export function scopesFor(spec: Pick<ResourceSpec, 'scope'>, access: 'read' | 'write'): string[] {
	const areas = typeof spec.scope === 'string' ? [spec.scope] : [...spec.scope];
	return areas.map((area) => `${area}:${access}`);
}

/** The scopes as a phrase for messages: "calendar:read and clinical:read". */
export function scopeFor(spec: Pick<ResourceSpec, 'scope'>, access: 'read' | 'write'): string {
	return scopesFor(spec, access).join(' and ');
}
