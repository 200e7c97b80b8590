/**
 * Tokens through the API (admin only; registered only when auth is on). The serving process holds the DuckDB
 * file, so `vsplesk token …` cannot open it while it serves: this is how a token is created or revoked without a
 * restart. A revoke takes effect on the next request.
 */
import type { FastifyInstance } from 'fastify';
import { vspError } from '../../errors.ts';
import type { Gazetteer } from '../../reference/gazetteer.ts';
import { type TokenRow, type TokenStore, validateNewToken } from '../../store/tokens.ts';
import { ADMIN_ONLY } from '../access.ts';
import {
  errorResponses,
  NoQuery,
  TokenCreateBody,
  TokenCreateReply,
  TokenItem,
  TokenParams,
  TokensReply,
} from '../schemas.ts';

export function tokenRoutes(app: FastifyInstance, tokens: TokenStore, gazetteer: Gazetteer): void {
  const places = {
    regionOf: (code: string) => gazetteer.byCode(code)?.region,
    hasRegion: (r: string) => gazetteer.regions().some((x) => x.code === r),
  };

  app.get(
    '/api/tokens',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        summary: 'API tokens (no secrets): role, scope, name, when created, revoked and last used',
        tags: ['tokens'],
        querystring: NoQuery,
        response: { 200: TokensReply, ...errorResponses },
      },
    },
    async () => tokens.list().map(toTokenItem),
  );

  app.post<{ Body: TokenCreateBody }>(
    '/api/tokens',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        summary: 'Create a token; the reply carries the secret once',
        tags: ['tokens'],
        querystring: NoQuery,
        body: TokenCreateBody,
        response: { 201: TokenCreateReply, ...errorResponses },
      },
    },
    async (req, reply) => {
      let spec: ReturnType<typeof validateNewToken>;
      try {
        spec = validateNewToken(req.body, places);
      } catch (e) {
        throw vspError('VSP_SERVE_BAD_QUERY', (e as Error).message.replace(/^bad command-line usage: /, ''));
      }
      const { token, row } = await tokens.create(spec);
      reply.code(201);
      return { ...toTokenItem(row), token };
    },
  );

  app.delete<{ Params: TokenParams }>(
    '/api/tokens/:id',
    {
      config: { access: ADMIN_ONLY },
      schema: {
        summary: 'Revoke a token (takes effect on the next request)',
        tags: ['tokens'],
        params: TokenParams,
        querystring: NoQuery,
        response: { 200: TokenItem, ...errorResponses },
      },
    },
    async (req) => {
      if (!(await tokens.revoke(req.params.id)))
        throw vspError('VSP_SERVE_NOT_FOUND', `token '${req.params.id}'`);
      const row = tokens.list().find((t) => t.id === req.params.id);
      if (!row) throw vspError('VSP_SERVE_NOT_FOUND', `token '${req.params.id}'`);
      return toTokenItem(row);
    },
  );
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toTokenItem(t: TokenRow) {
  return {
    id: t.id,
    role: t.role,
    region: t.region,
    municipality: t.municipality,
    name: t.name,
    createdAt: new Date(t.createdAtMs).toISOString(),
    revokedAt: iso(t.revokedAtMs),
    lastUsedAt: iso(t.lastUsedAtMs),
  };
}
