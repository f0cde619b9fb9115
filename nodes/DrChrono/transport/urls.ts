/**
 * Where the DrChrono token may go. Every call carries the OAuth token, so a URL DrChrono hands back
 * (a pagination `next` link, a redirect, a document URL) is only ever fetched on the API's own origin.
 */

/** Hosts that are one DrChrono: its links name either. */
const DRCHRONO_HOSTS = new Set(['drchrono.com', 'app.drchrono.com']);

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

function portOf(url: URL): string {
	return url.port || DEFAULT_PORTS[url.protocol] || '';
}

/**
 * True when `target` is the API itself under another spelling: `http://` instead of `https://` on
 * the same host (DrChrono behind its proxy writes its `next` links that way), or `drchrono.com`
 * instead of `app.drchrono.com`.
 */
export function isApiHost(base: URL, target: URL): boolean {
	if (target.origin === base.origin) return true;
	if (target.protocol !== 'http:' && target.protocol !== 'https:') return false;
	if (target.username || target.password) return false;
	if (DRCHRONO_HOSTS.has(base.hostname) && DRCHRONO_HOSTS.has(target.hostname)) {
		return target.port === '' || portOf(target) === DEFAULT_PORTS[target.protocol];
	}
	if (target.hostname !== base.hostname) return false;
	// Same host, other scheme: the same service only on the same port, or both on their defaults.
	return portOf(target) === portOf(base) || (target.port === '' && base.port === '');
}

/**
 * Resolves a path or an absolute URL against the API origin and rewrites an equivalent spelling of
 * the API host onto the configured origin, so the token only ever goes there. Returns undefined for
 * a URL on any other host.
 */
export function onApiOrigin(apiUrl: string, pathOrUrl: string, relativeTo?: string): string | undefined {
	const base = new URL(apiUrl);
	const target = new URL(pathOrUrl, relativeTo ?? base);
	if (!isApiHost(base, target)) return undefined;
	return `${base.origin}${target.pathname}${target.search}`;
}

/** Like onApiOrigin, but throws the error a user sees for a URL on another host. */
export function resolveApiUrl(apiUrl: string, pathOrUrl: string, relativeTo?: string): string {
	const resolved = onApiOrigin(apiUrl, pathOrUrl, relativeTo);
	if (resolved === undefined) {
		const origin = new URL(pathOrUrl, relativeTo ?? apiUrl).origin;
		throw new Error(`Refusing to send the DrChrono token to ${origin}; the API is at ${new URL(apiUrl).origin}`);
	}
	return resolved;
}

export function displayPath(url: string): string {
	return new URL(url).pathname;
}
