/**
 * The largest page DrChrono answers per list. DrChrono caps a larger `page_size` rather than
 * refusing it, so asking for more than the cap silently costs extra calls.
 *
 * Sources (DrChrono's API docs, and its OpenAPI as copied in test/conformance/drchrono-openapi.yml):
 * - API docs, "Responses": most lists default to and cap at 250 per page; `verbose=true` "will
 *   reduce the default and maximum page sizes to 50"; the `api/appointments` endpoint is an
 *   exception "with a max size of 20".
 * - OpenAPI, `GET /api/appointments`: `page_size` maximum 250, and `verbose=true` "limit[s]
 *   page_size to 25".
 *
 * Decision: appointments are capped at 20 per page with or without verbose (the smallest size any
 * source names; asking for 20 is right under every reading), every other list at 250, or 50 with
 * verbose. An appointment Return All of 1,000 therefore costs 50 calls; 1,000 patients cost 4
 * calls, or 20 with Verbose.
 */
export const DEFAULT_PAGE_SIZE = { max: 250, verboseMax: 50 } as const;
export const APPOINTMENT_PAGE_SIZE = { max: 20, verboseMax: 20 } as const;

/** The page size to ask for on a resource's list. */
export function pageSizeCap(
	spec: { pageSize?: { max: number; verboseMax: number } },
	verbose: boolean,
): number {
	const caps = spec.pageSize ?? DEFAULT_PAGE_SIZE;
	return verbose ? caps.verboseMax : caps.max;
}
