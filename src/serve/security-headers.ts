/**
 * The security headers of every answer, computed once. They are what @fastify/helmet sends with our CSP
 * (security-headers.test.ts asserts equality against it), but that plugin rebuilds helmet — parsing the CSP
 * directives — on every request: 7% of a cached answer's time under load (issue 16, docs/performance.md). The
 * values are fixed (no nonces), so a frozen table and one hook that copies it do the same work.
 *
 * The UI's script is its own file (/app.js) and its styles an inline <style> block: scripts from this origin only,
 * no inline script at all. No upgrade-insecure-requests: the demo is plain http on localhost.
 */
import type { FastifyInstance } from 'fastify';

/** Our CSP, as helmet's `contentSecurityPolicy.directives` (null: drop one of helmet's defaults). */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[] | null>> = Object.freeze({
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'connect-src': ["'self'"],
  'frame-ancestors': ["'none'"],
  'upgrade-insecure-requests': null,
});

/** Helmet 8's default CSP directives, in its order (ours override or drop them by name). */
const HELMET_DEFAULT_CSP: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'font-src': ["'self'", 'https:', 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", 'https:', "'unsafe-inline'"],
  'upgrade-insecure-requests': [],
};

function cspHeader(directives: Readonly<Record<string, readonly string[] | null>>): string {
  const merged = new Map<string, readonly string[] | null>(Object.entries(HELMET_DEFAULT_CSP));
  for (const [name, value] of Object.entries(directives)) merged.set(name, value);
  const parts: string[] = [];
  for (const [name, value] of merged) if (value !== null) parts.push([name, ...value].join(' '));
  return parts.join(';');
}

/** Header name (lower case) → value, as helmet 8 sends them with CSP_DIRECTIVES. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'content-security-policy': cspHeader(CSP_DIRECTIVES),
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
});

/** Sets SECURITY_HEADERS on every answer (404s and errors too), first thing in a request. */
export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
}
