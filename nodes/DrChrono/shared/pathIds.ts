/**
 * Ids that go into an API path. DrChrono's ids are integers, except appointment ids, which are
 * JSON strings "usually numeric, but not always" (test/conformance/drchrono-openapi.yml); none
 * holds a dot, a slash, a percent sign or a space. An id from an expression or an AI agent's
 * `$fromAI` could be `.` or `..`, which URL resolution turns into a dot segment: `GET
 * /api/patients/.` reads the patient list, `DELETE /api/patients/..` aims at `/api/`. So an id is
 * checked before it is put in a path, and refused with the name of the field it came from.
 */

/** Letters, digits, `-` and `_`, up to 64 characters: every id DrChrono hands out, and nothing a path treats specially. */
const PATH_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The id as a path segment, or undefined when it is not one DrChrono could have issued. */
export function pathId(value: unknown): string | undefined {
	if (typeof value === 'number') return Number.isSafeInteger(value) ? String(value) : undefined;
	if (typeof value !== 'string') return undefined;
	return PATH_ID.test(value) ? value : undefined;
}

/** Why `value` cannot be `field`'s id in a path, in words a user can act on; undefined when it can. */
export function pathIdProblem(field: string, value: unknown): string | undefined {
	if (pathId(value) !== undefined) return undefined;
	const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : typeof value;
	return `${field} must be a DrChrono ID (digits, or letters, digits, - and _), not ${shown}`;
}
