/**
 * Runs the sandbox from a terminal:
 *   npx tsx test/sandbox/cli.ts --port 5050 --patients 1000 [--hour-ms N] [--retry-after] [--signature hmac]
 * Prints the URLs, the app's client id and secret and a ready access token, then serves until
 * Ctrl-C (SIGINT) or SIGTERM.
 */
import { randomBytes } from 'crypto';

import { startSandbox, type SandboxOptions } from './index';

const HELP = `Usage: tsx test/sandbox/cli.ts [options]
  --port N              port on 127.0.0.1 (default 5050; 0 = any free port)
  --patients N          seeded patients (default 200)
  --seed N              demo data seed (default 42)
  --hour-ms N           length of one DrChrono hour in ms (quota window, webhook retries)
  --quota N             calls per window for the app (default 500)
  --retry-after         send Retry-After on 429
  --signature MODE      secret (default) or hmac
  --flag-event NAME     PATIENT_FLAG_MODIFY (default) or PATIENT_FLAG_CMODIFY
  --client-id ID        app client id (default sandbox-client-id)
  --client-secret S     app client secret (default sandbox-client-secret)
  --redirect-uri URI    registered redirect URI (repeatable; default: any http(s) URI)
  --webhook URL         configure the app's webhook to this callback URL
  --webhook-secret S    its secret token (default: a generated one, printed; the DrChrono
                        Trigger refuses short or hand-made secrets)
  --webhook-events L    comma-separated events (default: all)
  --deliver-unverified  deliver to webhooks that were not verified
  --scope-areas MODE    all (default: a scope in every area the OpenAPI lists) or any
  --max-exam-rooms N    exam rooms per office before add_exam_room answers 400 (default 4)
  --demo                demo defaults (1000 patients)
  --json                print one JSON line with url, clientId, clientSecret, token
  --quiet               no access log
  --help`;

const ALL_EVENTS = [
	'APPOINTMENT_BILLING_STATUS_BI', 'APPOINTMENT_BILLING_STATUS_RTb', 'APPOINTMENT_CREATE', 'APPOINTMENT_DELETE', 'APPOINTMENT_MODIFY',
	'CASH_PAYMENT_DELETE', 'CLINICAL_NOTE_LOCK', 'CLINICAL_NOTE_UNLOCK', 'LINE_ITEM_CREATE', 'LINE_ITEM_DELETE', 'LINE_ITEM_MODIFY',
	'LINE_ITEM_TRANSACTION_DELETE', 'PATIENT_ALLERGY_CREATE', 'PATIENT_ALLERGY_MODIFY', 'PATIENT_CREATE', 'PATIENT_FLAG_CREATE',
	'PATIENT_FLAG_MODIFY', 'PATIENT_MEDICATION_CREATE', 'PATIENT_MEDICATION_MODIFY', 'PATIENT_MODIFY', 'PATIENT_PROBLEM_CREATE',
	'PATIENT_PROBLEM_MODIFY', 'TASK_CREATE', 'TASK_DELETE', 'TASK_MODIFY', 'VACCINE_ADMINISTERED', 'LAB_ORDER_CREATE',
	'LAB_ORDER_MODIFY', 'LAB_ORDER_DELETE',
];

interface CliArgs {
	values: Record<string, string[]>;
	flags: Set<string>;
}

const FLAGS = new Set(['retry-after', 'deliver-unverified', 'demo', 'json', 'quiet', 'help']);

function parseArgs(argv: string[]): CliArgs {
	const values: Record<string, string[]> = {};
	const flags = new Set<string>();
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (!arg.startsWith('--')) throw new Error(`Unexpected argument "${arg}"`);
		const [name, inline] = arg.slice(2).split('=', 2);
		if (FLAGS.has(name)) {
			flags.add(name);
			continue;
		}
		const value = inline ?? argv[++i];
		if (value === undefined) throw new Error(`--${name} needs a value`);
		(values[name] ??= []).push(value);
	}
	return { values, flags };
}

function intArg(args: CliArgs, name: string): number | undefined {
	const v = args.values[name]?.[0];
	if (v === undefined) return undefined;
	const n = Number(v);
	if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
	return n;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (args.flags.has('help')) {
		process.stdout.write(`${HELP}\n`);
		return;
	}
	const signature = args.values.signature?.[0] ?? 'secret';
	if (signature !== 'secret' && signature !== 'hmac') throw new Error('--signature must be secret or hmac');
	const flagEvent = args.values['flag-event']?.[0] ?? 'PATIENT_FLAG_MODIFY';
	if (flagEvent !== 'PATIENT_FLAG_MODIFY' && flagEvent !== 'PATIENT_FLAG_CMODIFY') throw new Error('--flag-event must be PATIENT_FLAG_MODIFY or PATIENT_FLAG_CMODIFY');
	const scopeAreas = args.values['scope-areas']?.[0] ?? 'all';
	if (scopeAreas !== 'all' && scopeAreas !== 'any') throw new Error('--scope-areas must be all or any');
	const clientId = args.values['client-id']?.[0] ?? 'sandbox-client-id';
	const clientSecret = args.values['client-secret']?.[0] ?? 'sandbox-client-secret';

	const options: SandboxOptions = {
		port: intArg(args, 'port') ?? 5050,
		patients: intArg(args, 'patients') ?? (args.flags.has('demo') ? 1000 : 200),
		seed: intArg(args, 'seed'),
		hourMs: intArg(args, 'hour-ms'),
		retryAfterHeader: args.flags.has('retry-after'),
		signatureMode: signature,
		flagModifyEvent: flagEvent,
		deliverUnverified: args.flags.has('deliver-unverified'),
		scopeAreas,
		maxExamRooms: intArg(args, 'max-exam-rooms'),
		quiet: args.flags.has('quiet') || args.flags.has('json'),
		apps: [{ clientId, clientSecret, redirectUris: args.values['redirect-uri'] ?? ['*'], quotaLimit: intArg(args, 'quota') }],
	};
	const sandbox = await startSandbox(options);
	const webhookUrl = args.values.webhook?.[0];
	const webhookSecret = args.values['webhook-secret']?.[0] ?? randomBytes(32).toString('hex');
	if (webhookUrl) {
		sandbox.configureWebhook(clientId, {
			callbackUrl: webhookUrl,
			secretToken: webhookSecret,
			events: args.values['webhook-events']?.[0]?.split(',').map((e) => e.trim()).filter(Boolean) ?? ALL_EVENTS,
		});
	}
	const token = sandbox.issueToken(clientId);

	if (args.flags.has('json')) {
		process.stdout.write(`${JSON.stringify({ url: sandbox.url, clientId, clientSecret, accessToken: token.access_token, refreshToken: token.refresh_token, expiresIn: token.expires_in })}\n`);
	} else {
		process.stdout.write(
			[
				`DrChrono sandbox listening on ${sandbox.url}`,
				`  API:            ${sandbox.url}/api/   (e.g. GET ${sandbox.url}/api/users/current)`,
				`  Authorize URL:  ${sandbox.url}/o/authorize/`,
				`  Token URL:      ${sandbox.url}/o/token/`,
				`  Control API:    ${sandbox.url}/_sandbox/`,
				`  Client ID:      ${clientId}`,
				`  Client secret:  ${clientSecret}`,
				`  Access token:   ${token.access_token}   (expires in ${token.expires_in} s)`,
				`  Refresh token:  ${token.refresh_token}`,
				webhookUrl ? `  Webhook:        ${webhookUrl} (verify with POST ${sandbox.url}/_sandbox/webhooks/verify)` : '',
				webhookUrl ? `  Webhook secret: ${webhookSecret}` : '',
				`  Patients:       ${sandbox.store.collection('patients').size}`,
				'Press Ctrl-C to stop.',
				'',
			].filter((l) => l !== '').join('\n') + '\n',
		);
	}

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		if (!args.flags.has('json')) process.stdout.write(`\n${signal}: stopping the sandbox\n`);
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: Error) => {
	process.stderr.write(`sandbox: ${err.message}\n`);
	process.exit(1);
});
