/**
 * How strong a webhook secret must be. DrChrono's Verify handshake answers HMAC-SHA256(secret, msg)
 * for a `msg` the caller picks, so one answer lets anyone test guesses offline, at hundreds of
 * thousands per second on one core and far more on a GPU, with tables precomputed once for every
 * installation. In the default mode the delivery header is the secret itself, so a guessed secret
 * forges any delivery. Only a long random secret is out of reach; a human-chosen one is not.
 *
 * The estimate is deliberately simple and errs towards refusing: it counts the alphabet in use,
 * gives little for repeats, runs (`abcd`, `1234`), repeated chunks and a few words people put in such
 * secrets, and refuses whitespace and URLs outright. It cannot recognise every guessable choice;
 * the message says how to generate one instead.
 */

/** Shortest secret accepted: 32 characters, e.g. 16 random bytes as hex. */
export const MIN_SECRET_LENGTH = 32;

/** Bits the estimate must reach: out of reach of offline guessing. */
export const MIN_SECRET_BITS = 128;

export const HOW_TO_MAKE_A_SECRET =
	'Generate one, e.g. with `openssl rand -hex 32` (64 characters) or a password generator set to 32 or more random letters and digits, and enter the same value here and as the Secret Token of the webhook in DrChrono.';

/** Words that turn up in hand-made webhook secrets; each counts as one guess among a few thousand. */
const COMMON_WORDS = [
	'drchrono', 'webhook', 'secret', 'token', 'password', 'passwd', 'clinic', 'practice', 'medical', 'health',
	'doctor', 'patient', 'admin', 'test', 'n8n', 'hook', 'key', 'change', 'default', 'letmein', 'welcome',
	'qwerty', 'asdf', 'chrono', 'api', 'prod', 'production', 'staging', 'local', 'localhost', 'http', 'https',
];
const WORD_BITS = 12;
/** Bits of a repeat, a run step or a copied chunk: where it is and how long, not what. */
const PATTERN_BITS = 1;
const CHUNK_BITS = 8;

function alphabetSize(secret: string): number {
	let size = 0;
	if (/[a-z]/.test(secret)) size += 26;
	if (/[A-Z]/.test(secret)) size += 26;
	if (/[0-9]/.test(secret)) size += 10;
	if (/[^a-zA-Z0-9]/.test(secret)) size += 33;
	return Math.max(size, 2);
}

/** Length of the longest earlier copy of the text starting at `i` (at least 4 characters to count). */
function copiedChunk(secret: string, i: number): number {
	let best = 0;
	for (let start = 0; start < i; start++) {
		let length = 0;
		while (i + length < secret.length && secret[start + length] === secret[i + length]) length++;
		if (length > best) best = length;
	}
	return best >= 4 ? best : 0;
}

function wordAt(lower: string, i: number): number {
	let best = 0;
	for (const word of COMMON_WORDS) if (word.length > best && lower.startsWith(word, i)) best = word.length;
	return best;
}

/** A rough number of bits an attacker must guess; see the module comment for what it counts. */
export function estimateSecretBits(secret: string): number {
	const perCharacter = Math.log2(alphabetSize(secret));
	const lower = secret.toLowerCase();
	let bits = 0;
	for (let i = 0; i < secret.length; ) {
		const word = wordAt(lower, i);
		if (word > 0) {
			bits += WORD_BITS;
			i += word;
			continue;
		}
		const chunk = copiedChunk(secret, i);
		if (chunk > 0) {
			bits += CHUNK_BITS;
			i += chunk;
			continue;
		}
		const step = i > 0 ? secret.charCodeAt(i) - secret.charCodeAt(i - 1) : NaN;
		const previousStep = i > 1 ? secret.charCodeAt(i - 1) - secret.charCodeAt(i - 2) : NaN;
		// A third equal character or a third step of a run (`aaa`, `abc`, `321`); two in a row happen by chance.
		const patterned = Math.abs(step) <= 1 && step === previousStep;
		bits += patterned ? PATTERN_BITS : perCharacter;
		i++;
	}
	return Math.floor(bits);
}

/**
 * Why `secret` may not be used as a webhook secret, with how to make a good one; undefined when it
 * may. `label` names the field (the current or the previous secret token).
 */
export function secretWeakness(secret: string, label = 'The Secret Token'): string | undefined {
	if (/\s/.test(secret)) return `${label} contains a space or line break. ${HOW_TO_MAKE_A_SECRET}`;
	if (/^[a-z][a-z0-9+.-]*:\/\//i.test(secret) || secret.includes('://')) {
		return `${label} is a URL, which others can read. ${HOW_TO_MAKE_A_SECRET}`;
	}
	if (secret.length < MIN_SECRET_LENGTH) {
		return `${label} is ${secret.length} characters long; use at least ${MIN_SECRET_LENGTH} random characters, because anyone can test guesses against the Verify answer offline. ${HOW_TO_MAKE_A_SECRET}`;
	}
	if (estimateSecretBits(secret) < MIN_SECRET_BITS) {
		return `${label} is guessable (repeated or sequential characters, or common words); anyone can test guesses against the Verify answer offline. ${HOW_TO_MAKE_A_SECRET}`;
	}
	return undefined;
}
