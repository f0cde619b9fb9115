/**
 * Ids and paths: an id from an expression or an AI agent's $fromAI goes into the path only if it
 * is one DrChrono could have issued, and Custom API Call refuses every path a front end might read
 * differently from the check (dot segments in any encoding, encoded separators, `;`, non-ASCII).
 */
import { checkApiPath } from '../../nodes/DrChrono/actions/customApiCall';
import { runDrChrono, sandboxCredentials } from '../harness/drchrono';
import { startStandin } from '../standins/drchrono-standin';
import type { Standin } from '../standins/drchrono-standin';

let standin: Standin;
beforeEach(async () => {
	standin = await startStandin();
});
afterEach(async () => standin.close());

const credentials = () => sandboxCredentials(standin as never);
const byId = (resource: string, operation: string, value: unknown) => ({ resource, operation, id: { __rl: true, mode: 'id', value } });
/** The id as an expression (or an AI agent's $fromAI) would give it: past the locator's own pattern. */
const byExpression = (resource: string, operation: string, value: string) => byId(resource, operation, `={{ ${JSON.stringify(value)} }}`);

describe('ids that go into a path', () => {
	test.each<[string, string, string]>([
		['patient', 'get', '.'],
		['patient', 'delete', '.'],
		['patient', 'get', '..'],
		['patient', 'delete', '..'],
		['patient', 'get', '%2e%2e'],
		['patient', 'get', '1/../2'],
		['patient', 'get', '1;x=2'],
		['patient', 'get', '１２３'],
		['appointment', 'delete', '..'],
		['appointment', 'get', '5?verbose=true'],
	])('%s %s with id %j: a clear error naming the field, no call', async (resource, operation, value) => {
		const { error } = await runDrChrono(byExpression(resource, operation, value), { credentials: credentials() });
		expect(error?.message).toMatch(new RegExp(`^${resource[0].toUpperCase()}${resource.slice(1)} ID must be a DrChrono ID`));
		expect(standin.apiCalls()).toHaveLength(0);
	});

	test('numeric ids and appointment ids that are strings ("usually numeric, but not always") still work', async () => {
		standin.routes['GET /api/patients/100001'] = { body: { id: 100001 } };
		standin.routes['GET /api/appointments/A1b-2_c'] = { body: { id: 'A1b-2_c' } };
		expect((await runDrChrono(byId('patient', 'get', '100001'), { credentials: credentials() })).error).toBeUndefined();
		expect((await runDrChrono(byId('appointment', 'get', 'A1b-2_c'), { credentials: credentials() })).error).toBeUndefined();
		expect(standin.apiCalls().map((r) => r.path)).toEqual(['/api/patients/100001', '/api/appointments/A1b-2_c']);
	});
});

describe('Custom API Call paths', () => {
	const REFUSED = [
		'/api/..%2fo/token/',
		'/api/..%2Fo/token/',
		'/api/patients%2f..%2f..%2fo/token/',
		'/api/..%5co/token/',
		'/api/%252e%252e/o/token/',
		'/api/%2e%2e/o/token/',
		'/api/.%2e/o/token/',
		'/api/%2E./o/token/',
		'/api/patients/./1',
		'/api/patients/../doctors',
		'/api/patients;a=b/1',
		'/api/patients/1;jsessionid=x',
		'/api/\uFF0E\uFF0E/o/token/',
		'/api/\u2024\u2024/o/token/',
		'/api/%c0%ae%c0%ae/o/token/',
		'/api/%e2%80%a4%e2%80%a4/o/token/',
		'/api/patients/%00',
		'/api/\\..\\o/token/',
		'/api/pat ients',
		'/api/patients/%',
	];

	test.each(REFUSED)('%j is refused before any call', async (path) => {
		expect(checkApiPath(path)).toHaveProperty('refused');
		const { error } = await runDrChrono({ resource: 'customApiCall', method: 'GET', path, query: '{}', body: '{}' }, { credentials: credentials() });
		expect(error?.message).toMatch(/^The path must lie under \/api\//);
		expect(standin.apiCalls()).toHaveLength(0);
	});

	test('plain paths, query strings with encoded slashes and %20 still pass', () => {
		expect(checkApiPath('/api/patients/123/ccda')).toEqual({ path: '/api/patients/123/ccda' });
		expect(checkApiPath('/api/appointments?date_range=2026-01-01%2F2026-01-31')).toEqual({
			path: '/api/appointments?date_range=2026-01-01%2F2026-01-31',
		});
		expect(checkApiPath('/api/day_sheet_totals')).toEqual({ path: '/api/day_sheet_totals' });
	});
});
