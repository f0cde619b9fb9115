/**
 * The iframe token check on its own: tokens made in the test the way DrChrono (PyJWT, HS256 with the
 * app's client secret) makes them, then altered the ways an attacker or a stale page would.
 */
import { checkIframeRequest, verifyHs256Jwt, type IframeCheckOptions } from '../../nodes/DrChrono/iframe';
import { CLIENT_SECRET, IDS, drchronoClaims, iframeQuery, nowSeconds, signJwt } from './helpers';

const DRIFT = 60;
const verify = (token: unknown, opts: { secret?: string; now?: number; drift?: number } = {}) =>
	verifyHs256Jwt(token, opts.secret ?? CLIENT_SECRET, {
		nowSeconds: opts.now ?? nowSeconds(),
		clockDriftSeconds: opts.drift ?? DRIFT,
	});
const reasonOf = (result: ReturnType<typeof verify>) => (result.valid ? 'valid' : result.reason);

describe('verifyHs256Jwt', () => {
	test('accepts a token DrChrono signed with the client secret, and returns its claims', () => {
		const claims = drchronoClaims();
		const result = verify(signJwt(claims));
		expect(result.valid).toBe(true);
		if (result.valid) {
			expect(result.claims).toEqual(claims);
			expect(result.header.alg).toBe('HS256');
		}
	});

	test('refuses a token whose payload was changed after signing', () => {
		const token = signJwt(drchronoClaims());
		const [header, , signature] = token.split('.');
		const forged = Buffer.from(JSON.stringify(drchronoClaims(0, { patient_id: 999999 }))).toString('base64url');
		expect(reasonOf(verify(`${header}.${forged}.${signature}`))).toBe('signature');
	});

	test('refuses a token whose header was changed after signing', () => {
		const token = signJwt(drchronoClaims());
		const [, payload, signature] = token.split('.');
		const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'x' })).toString('base64url');
		expect(reasonOf(verify(`${header}.${payload}.${signature}`))).toBe('signature');
	});

	test('refuses a token signed with another secret', () => {
		expect(reasonOf(verify(signJwt(drchronoClaims(), { secret: 'someone-elses-secret' })))).toBe('signature');
	});

	test('refuses alg none, with or without a signature', () => {
		const claims = drchronoClaims();
		expect(reasonOf(verify(signJwt(claims, { header: { alg: 'none', typ: 'JWT' }, digest: 'none' })))).toBe('algorithm');
		expect(reasonOf(verify(signJwt(claims, { header: { alg: 'none' } })))).toBe('algorithm');
		expect(reasonOf(verify(signJwt(claims, { header: { alg: 'None' }, digest: 'none' })))).toBe('algorithm');
		// An HS256 header with the signature left off is an unsigned token too.
		expect(reasonOf(verify(signJwt(claims, { digest: 'none' })))).toBe('signature');
	});

	test('refuses HS512 and HS384 even when correctly signed with the client secret', () => {
		const claims = drchronoClaims();
		expect(reasonOf(verify(signJwt(claims, { header: { alg: 'HS512', typ: 'JWT' }, digest: 'sha512' })))).toBe('algorithm');
		expect(reasonOf(verify(signJwt(claims, { header: { alg: 'HS384', typ: 'JWT' }, digest: 'sha384' })))).toBe('algorithm');
	});

	test('refuses asymmetric and oddly spelled algorithms, and a missing alg', () => {
		const claims = drchronoClaims();
		for (const alg of ['RS256', 'ES256', 'PS256', 'hs256', 'HS256 ', undefined, ['HS256']]) {
			expect(reasonOf(verify(signJwt(claims, { header: { alg, typ: 'JWT' } })))).toBe('algorithm');
		}
	});

	test('an HS256 header with an HS512 signature does not pass', () => {
		expect(reasonOf(verify(signJwt(drchronoClaims(), { digest: 'sha512' })))).toBe('signature');
	});

	test('refuses a token issued more than the allowed drift ago (stale iat)', () => {
		const now = nowSeconds();
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now - 61 }), { now }))).toBe('stale');
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now - 3600 }), { now }))).toBe('stale');
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now - 60 }), { now }))).toBe('valid');
	});

	test('refuses a token issued in the future beyond the drift, accepts clock skew within it', () => {
		const now = nowSeconds();
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now + 61 }), { now }))).toBe('issuedInFuture');
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now + 59 }), { now }))).toBe('valid');
	});

	test('the drift is configurable', () => {
		const now = nowSeconds();
		const token = signJwt({ ...IDS, iat: now - 200 });
		expect(reasonOf(verify(token, { now, drift: 60 }))).toBe('stale');
		expect(reasonOf(verify(token, { now, drift: 300 }))).toBe('valid');
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now - 1 }), { now, drift: 0 }))).toBe('stale');
	});

	test('refuses an expired exp (after the drift), accepts exp within the drift', () => {
		const now = nowSeconds();
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now - 10, exp: now - 61 }), { now }))).toBe('expired');
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now - 10, exp: now - 30 }), { now }))).toBe('valid');
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now, exp: now + 300 }), { now }))).toBe('valid');
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now, exp: 'tomorrow' }), { now }))).toBe('claims');
	});

	test('refuses a token not valid yet (nbf beyond the drift)', () => {
		const now = nowSeconds();
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now, nbf: now + 120 }), { now }))).toBe('notYetValid');
		expect(reasonOf(verify(signJwt({ ...IDS, iat: now, nbf: now + 30 }), { now }))).toBe('valid');
	});

	test('requires a numeric iat', () => {
		expect(reasonOf(verify(signJwt({ ...IDS })))).toBe('claims');
		expect(reasonOf(verify(signJwt({ ...IDS, iat: String(nowSeconds()) })))).toBe('claims');
	});

	test('refuses a missing or malformed token', () => {
		const good = signJwt(drchronoClaims());
		const [h, p, s] = good.split('.');
		expect(reasonOf(verify(undefined))).toBe('missing');
		expect(reasonOf(verify(''))).toBe('missing');
		expect(reasonOf(verify(`${h}.${p}`))).toBe('malformed');
		expect(reasonOf(verify(`${h}.${p}.${s}.x`))).toBe('malformed');
		expect(reasonOf(verify(`${h}.${p}!.${s}`))).toBe('malformed');
		expect(reasonOf(verify(`${Buffer.from('not json').toString('base64url')}.${p}.${s}`))).toBe('malformed');
		expect(reasonOf(verify('a'.repeat(5000)))).toBe('malformed');
		// A payload that is JSON but not an object, correctly signed.
		const arrayPayload = signJwt([1, 2, 3] as unknown as Record<string, unknown>);
		expect(reasonOf(verify(arrayPayload))).toBe('malformed');
	});

	test('the signature must be exactly the canonical one (no padding, no extra characters)', () => {
		const good = signJwt(drchronoClaims());
		expect(reasonOf(verify(`${good}=`))).toBe('signature');
		expect(reasonOf(verify(`${good}A`))).toBe('signature');
		expect(reasonOf(verify(good.slice(0, -1)))).toBe('signature');
	});

	test('refuses critical header extensions it does not understand', () => {
		expect(reasonOf(verify(signJwt(drchronoClaims(), { header: { alg: 'HS256', crit: ['exp'] } })))).toBe('malformed');
	});

	test('refuses everything when there is no secret to check with', () => {
		expect(reasonOf(verify(signJwt(drchronoClaims(), { secret: '' }), { secret: '' }))).toBe('signature');
	});
});

describe('checkIframeRequest', () => {
	const options = (overrides: Partial<IframeCheckOptions> = {}): IframeCheckOptions => ({
		nowSeconds: nowSeconds(),
		clockDriftSeconds: DRIFT,
		acceptedKinds: ['patient', 'clinical_note'],
		...overrides,
	});

	test('a good patient page load gives the token’s values', () => {
		const claims = drchronoClaims();
		const check = checkIframeRequest(iframeQuery(claims), CLIENT_SECRET, 'patient', options());
		expect(check).toEqual({
			ok: true,
			context: {
				kind: 'patient',
				doctorId: IDS.doctor_id,
				patientId: IDS.patient_id,
				practiceId: IDS.practice_id,
				issuedAt: new Date((claims.iat as number) * 1000).toISOString(),
				expiresAt: null,
				claims,
			},
		});
	});

	test('query values that disagree with the token are refused (403), whichever parameter it is', () => {
		const claims = drchronoClaims();
		for (const [name, value] of [
			['patient_id', '110005'],
			['doctor_id', '101002'],
			['practice_id', '1'],
			['iat', String((claims.iat as number) - 1)],
		]) {
			const query = { ...iframeQuery(claims), [name]: value };
			const check = checkIframeRequest(query, CLIENT_SECRET, 'patient', options());
			expect(check).toMatchObject({ ok: false, reason: 'mismatch' });
		}
	});

	test('a documented parameter in the URL that the token lacks is refused', () => {
		const claims = { doctor_id: IDS.doctor_id, practice_id: IDS.practice_id, iat: nowSeconds() };
		const query = { ...iframeQuery(claims), patient_id: '110004' };
		expect(checkIframeRequest(query, CLIENT_SECRET, 'clinical_note', options())).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
	});

	test('any other claim repeated in the URL must agree too; unrelated parameters are ignored', () => {
		const claims = drchronoClaims(0, { appointment_id: '9001' });
		const agreeing = { ...iframeQuery(claims), appointment_id: '9001', utm_source: 'x' };
		expect(checkIframeRequest(agreeing, CLIENT_SECRET, 'clinical_note', options()).ok).toBe(true);
		const disagreeing = { ...iframeQuery(claims), appointment_id: '9002' };
		expect(checkIframeRequest(disagreeing, CLIENT_SECRET, 'clinical_note', options())).toMatchObject({
			ok: false,
			reason: 'mismatch',
		});
	});

	test('a parameter given twice is refused', () => {
		const claims = drchronoClaims();
		const query = { ...iframeQuery(claims), patient_id: ['110004', '110005'] };
		expect(checkIframeRequest(query, CLIENT_SECRET, 'patient', options())).toMatchObject({ ok: false, reason: 'mismatch' });
		const twoTokens = { ...iframeQuery(claims), jwt: [signJwt(claims), signJwt(claims)] };
		expect(checkIframeRequest(twoTokens, CLIENT_SECRET, 'patient', options())).toMatchObject({ ok: false, reason: 'malformed' });
	});

	test('numbers in the token and their decimal strings in the URL agree', () => {
		const claims = drchronoClaims(0, { doctor_id: '101001' });
		const query = { ...iframeQuery(claims), doctor_id: '101001' };
		expect(checkIframeRequest(query, CLIENT_SECRET, 'patient', options()).ok).toBe(true);
		const numeric = drchronoClaims();
		expect(checkIframeRequest({ ...iframeQuery(numeric), practice_id: `${IDS.practice_id}.0` }, CLIENT_SECRET, 'patient', options()).ok).toBe(true);
		for (const other of [`0x${IDS.practice_id.toString(16)}`, ` ${IDS.practice_id}`, `${IDS.practice_id}e0`]) {
			expect(checkIframeRequest({ ...iframeQuery(numeric), practice_id: other }, CLIENT_SECRET, 'patient', options())).toMatchObject({ reason: 'mismatch' });
		}
	});

	test('the token must name the doctor and practice, and the patient for the patient chart', () => {
		const iat = nowSeconds();
		const noDoctor = { patient_id: 1, practice_id: 2, iat };
		const noPractice = { doctor_id: 1, patient_id: 2, iat };
		const noPatient = { doctor_id: 1, practice_id: 2, iat };
		expect(checkIframeRequest(iframeQuery(noDoctor), CLIENT_SECRET, 'patient', options())).toMatchObject({ reason: 'claims' });
		expect(checkIframeRequest(iframeQuery(noPractice), CLIENT_SECRET, 'patient', options())).toMatchObject({ reason: 'claims' });
		expect(checkIframeRequest(iframeQuery(noPatient), CLIENT_SECRET, 'patient', options())).toMatchObject({ reason: 'claims' });
		const note = checkIframeRequest(iframeQuery(noPatient), CLIENT_SECRET, 'clinical_note', options());
		expect(note).toMatchObject({ ok: true, context: { kind: 'clinical_note', patientId: null } });
	});

	test('a page that is not accepted is refused before the token is read', () => {
		const check = checkIframeRequest(iframeQuery(drchronoClaims()), CLIENT_SECRET, 'clinical_note', options({ acceptedKinds: ['patient'] }));
		expect(check).toMatchObject({ ok: false, reason: 'kindNotAccepted' });
	});

	test('exp is reported when the token has one', () => {
		const iat = nowSeconds();
		const check = checkIframeRequest(iframeQuery({ ...IDS, iat, exp: iat + 300 }), CLIENT_SECRET, 'patient', options());
		expect(check).toMatchObject({ ok: true, context: { expiresAt: new Date((iat + 300) * 1000).toISOString() } });
	});
});
