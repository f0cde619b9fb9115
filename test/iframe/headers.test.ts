/**
 * The framing headers on a real Node HTTP response. n8n sends the workflow's page after the trigger
 * returned, and on the way sets `Content-Security-Policy: sandbox ...` itself (its HTML sandboxing,
 * `applySandboxCSP` in n8n's webhook-response-headers, called for every webhook response); the
 * frame-ancestors directive must survive that, and an X-Frame-Options must not get through.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import {
	DRCHRONO_FRAME_ANCESTOR,
	applyFramingHeaders,
	customServerOrigin,
	frameAncestors,
	withFrameAncestors,
} from '../../nodes/DrChrono/iframe';

/** n8n-core's getHtmlSandboxCSP() (n8n 1.123 / 2.41). */
const N8N_SANDBOX_CSP =
	'sandbox allow-downloads allow-forms allow-modals allow-orientation-lock allow-pointer-lock allow-popups allow-popups-to-escape-sandbox allow-presentation allow-scripts allow-top-navigation-by-user-activation allow-top-navigation-to-custom-protocols';

async function serveOnce(handler: (res: ServerResponse) => void): Promise<Response> {
	const server = createServer((_req, res) => handler(res));
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const { port } = server.address() as AddressInfo;
		return await fetch(`http://127.0.0.1:${port}/`);
	} finally {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}

describe('frame ancestors', () => {
	test('DrChrono only, by default', () => {
		expect(frameAncestors({ server: 'drchrono' })).toEqual({ sources: [DRCHRONO_FRAME_ANCESTOR], ignored: [] });
		expect(DRCHRONO_FRAME_ANCESTOR).toBe('https://*.drchrono.com');
	});

	test('plus the origin of a Custom server credential', () => {
		expect(customServerOrigin({ server: 'custom', baseUrl: 'http://localhost:5050/api/' })).toBe('http://localhost:5050');
		expect(customServerOrigin({ server: 'drchrono', baseUrl: 'http://localhost:5050' })).toBeUndefined();
		expect(customServerOrigin({ server: 'custom', baseUrl: 'not a url' })).toBeUndefined();
		expect(customServerOrigin({ server: 'custom', baseUrl: 'javascript:alert(1)' })).toBeUndefined();
		expect(frameAncestors({ server: 'custom', baseUrl: 'https://proxy.example.org' }).sources).toEqual([
			DRCHRONO_FRAME_ANCESTOR,
			'https://proxy.example.org',
		]);
	});

	test('plus origins the user adds; keywords, wildcards and junk are left out', () => {
		const result = frameAncestors({}, "https://drchrono.com, https://*.example.org:8443 * 'self' 'unsafe-inline' data: http://x.org/path");
		expect(result.sources).toEqual([DRCHRONO_FRAME_ANCESTOR, 'https://drchrono.com', 'https://*.example.org:8443']);
		expect(result.ignored).toEqual(['*', "'self'", "'unsafe-inline'", 'data:', 'http://x.org/path']);
	});

	test('a later policy keeps its directives and gets ours; its own frame-ancestors is replaced', () => {
		const ours = 'frame-ancestors https://*.drchrono.com';
		expect(withFrameAncestors('sandbox allow-scripts', ours)).toBe(`sandbox allow-scripts; ${ours}`);
		expect(withFrameAncestors("default-src 'self'; frame-ancestors *;", ours)).toBe(`default-src 'self'; ${ours}`);
	});
});

describe('on a real response', () => {
	test('survive n8n writing the page afterwards with its sandbox CSP', async () => {
		const response = await serveOnce((res) => {
			res.setHeader('X-Frame-Options', 'SAMEORIGIN'); // e.g. set earlier by a middleware
			applyFramingHeaders(res, [DRCHRONO_FRAME_ANCESTOR, 'http://localhost:5050']);
			// What n8n does when the workflow's page is ready (WebhookRequestHandler.sendStaticResponse):
			res.statusCode = 200;
			res.setHeaders(new Map([['content-type', 'text/html; charset=utf-8']]));
			res.setHeader('Content-Security-Policy', N8N_SANDBOX_CSP);
			res.setHeader('X-Frame-Options', 'DENY');
			res.end('<p>panel</p>');
		});
		expect(response.status).toBe(200);
		expect(await response.text()).toBe('<p>panel</p>');
		expect(response.headers.get('content-security-policy')).toBe(
			`${N8N_SANDBOX_CSP}; frame-ancestors https://*.drchrono.com http://localhost:5050`,
		);
		expect(response.headers.get('x-frame-options')).toBeNull();
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('referrer-policy')).toBe('no-referrer');
	});

	test('with nothing set afterwards, the policy is frame-ancestors alone', async () => {
		const response = await serveOnce((res) => {
			applyFramingHeaders(res, [DRCHRONO_FRAME_ANCESTOR]);
			applyFramingHeaders(res, [DRCHRONO_FRAME_ANCESTOR]); // idempotent
			res.end('ok');
		});
		expect(response.headers.get('content-security-policy')).toBe('frame-ancestors https://*.drchrono.com');
	});

	test('several policies each keep the directive', async () => {
		const response = await serveOnce((res) => {
			applyFramingHeaders(res, [DRCHRONO_FRAME_ANCESTOR]);
			res.setHeader('Content-Security-Policy', ['sandbox', "img-src 'self'"]);
			res.end('ok');
		});
		expect(response.headers.get('content-security-policy')).toBe(
			"sandbox; frame-ancestors https://*.drchrono.com, img-src 'self'; frame-ancestors https://*.drchrono.com",
		);
	});
});
