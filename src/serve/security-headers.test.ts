import fastifyHelmet from '@fastify/helmet';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES, installSecurityHeaders, SECURITY_HEADERS } from './security-headers.ts';

/** The headers an app answers `/` with, minus Fastify's own. */
async function headersOf(
  install: (app: ReturnType<typeof Fastify>) => void,
): Promise<Record<string, string>> {
  const app = Fastify();
  install(app);
  app.get('/', async () => ({ ok: true }));
  const res = await app.inject({ method: 'GET', url: '/' });
  await app.close();
  const own = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
  return Object.fromEntries(
    Object.entries(res.headers)
      .filter(([k]) => !own.has(k))
      .map(([k, v]) => [k, String(v)]),
  );
}

describe('SECURITY_HEADERS', () => {
  it('are exactly what @fastify/helmet sends with our CSP (a helmet upgrade that changes them fails here)', async () => {
    const helmet = await headersOf((app) =>
      app.register(fastifyHelmet, {
        contentSecurityPolicy: { directives: CSP_DIRECTIVES as Record<string, string[] | null> },
      }),
    );
    expect(helmet).toEqual(SECURITY_HEADERS);
    expect(await headersOf(installSecurityHeaders)).toEqual(SECURITY_HEADERS);
  });

  it("allow only the page's own scripts and no framing", () => {
    expect(SECURITY_HEADERS['content-security-policy']).toBe(
      "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';" +
        "img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';" +
        "style-src 'self' 'unsafe-inline';connect-src 'self'",
    );
  });
});
