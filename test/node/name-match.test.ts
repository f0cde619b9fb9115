/**
 * Patient Get Many by name: DrChrono matches first and last names by case-insensitive prefix
 * ("Chris" finds Chrissy); Exact Name Match keeps only whole-name matches, before the limit applies.
 */
import { runDrChrono, sandboxCredentials } from '../harness/drchrono';
import type { Sandbox } from '../sandbox';
import { startNodeSandbox } from './helpers';

let sandbox: Sandbox;

beforeAll(async () => {
	sandbox = await startNodeSandbox({ patients: 20 });
	const doctor = sandbox.store.collection('doctors').all()[0].id;
	const token = sandbox.issueToken().access_token;
	for (const first_name of ['Chrissy', 'chris', 'Chris', 'Christopher']) {
		const res = await fetch(`${sandbox.url}/api/patients?allow_duplicates=true`, {
			method: 'POST',
			headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
			body: JSON.stringify({ doctor, gender: 'Other', first_name, last_name: 'Zyxwell' }),
		});
		expect(res.status).toBe(201);
	}
});
afterAll(async () => sandbox.close());

const byName = (filters: Record<string, unknown>, limit = 50) =>
	runDrChrono({ resource: 'patient', operation: 'getAll', returnAll: false, limit, filters }, { credentials: sandboxCredentials(sandbox) });

it('without Exact Name Match, every name that starts with the one given (as DrChrono answers)', async () => {
	const result = await byName({ first_name: 'chris', last_name: 'zyx' });
	expect(result.error).toBeUndefined();
	expect(result.items.map((i) => i.json.first_name).sort()).toEqual(['Chris', 'Chrissy', 'Christopher', 'chris']);
});

it('with Exact Name Match, only whole-name matches (ignoring case), and the limit counts those', async () => {
	const result = await byName({ first_name: 'Chris', last_name: 'Zyxwell', exact_name_match: true }, 1);
	expect(result.error).toBeUndefined();
	expect(result.items).toHaveLength(1);
	expect(String(result.items[0].json.first_name).toLowerCase()).toBe('chris');
	const all = await byName({ first_name: 'CHRIS', last_name: 'zyxwell', exact_name_match: true });
	expect(all.items.map((i) => i.json.first_name).sort()).toEqual(['Chris', 'chris']);
	// The filter is the node's own: DrChrono never sees it.
	expect(sandbox.stats().callsByPath['GET /api/patients']).toBeGreaterThan(0);
});
