/**
 * GET /api/briefings/:municipality?date=&format= — a head's morning briefing (src/briefing): JSON, HTML, Markdown
 * or PDF, chosen by ?format= or else by Accept. It quotes residents (masked), so the roles that read messages.
 * The municipality in the path is a named place: outside the token's scope it is a 403, as `?municipality=` is
 * everywhere else; an unknown code is a 404.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  type BriefingFormat,
  CONTENT_TYPES,
  composeBriefing,
  composeRegionDigest,
  createPdfPrinter,
  defaultBriefingDate,
  isLocalDate,
  renderBriefing,
  renderRegionDigest,
} from '../../briefing/index.ts';
import { systemClock } from '../../clock.ts';
import { vspError } from '../../errors.ts';
import type { Role } from '../../store/tokens.ts';
import { MESSAGE_READERS, narrowPlace, scopeOf } from '../access.ts';
import type { ApiDeps } from '../deps.ts';
import { preferredMediaType } from '../media-type.ts';
import {
  BriefingJson,
  BriefingParams,
  BriefingQuery,
  errorResponses,
  RegionDigestJson,
  RegionDigestParams,
} from '../schemas.ts';
import { resolveSelection } from '../selection.ts';

/** The region digest is for those who look after a region: it holds counts and alerts, no residents' text. */
export const DIGEST_READERS: readonly Role[] = ['admin', 'analyst', 'planner'];

const BY_MEDIA_TYPE: Readonly<Record<string, BriefingFormat>> = {
  'application/json': 'json',
  'text/html': 'html',
  'text/markdown': 'md',
  'text/x-markdown': 'md',
  'application/pdf': 'pdf',
};

/**
 * The format a request asks for: ?format=, else the first media type of Accept the route serves (in the
 * header's order, highest q first), else JSON.
 * @example formatOf(undefined, 'text/html,application/xhtml+xml;q=0.9') === 'html'
 */
export function formatOf(format: BriefingFormat | undefined, accept: string | undefined): BriefingFormat {
  if (format !== undefined) return format;
  const type = preferredMediaType(accept, Object.keys(BY_MEDIA_TYPE));
  return type === undefined ? 'json' : (BY_MEDIA_TYPE[type] ?? 'json');
}

export function briefingRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const clock = deps.clock ?? systemClock;
  // One Chromium at a time for this server's PDFs, the others queued.
  const pdf = createPdfPrinter(deps.chromiumPath === undefined ? {} : { chromiumPath: deps.chromiumPath });
  app.get<{ Params: BriefingParams; Querystring: BriefingQuery }>(
    '/api/briefings/:municipality',
    {
      config: { access: MESSAGE_READERS },
      schema: {
        summary: "A municipality's morning briefing for one local day (JSON, HTML, Markdown or PDF)",
        description:
          'What a head reads at 07:00: messages against the weekday norm, per 10,000 residents and ranked among ' +
          'comparable towns of the region; the topics that rose and why; alerts new, open and closed overnight; growing stories; known causes; 30-day charts. Numbers equal those of /api/series, /api/top and /api/alerts for the same day (docs/briefing.md). Format: ?format= or Accept (default JSON).',
        tags: ['briefings'],
        params: BriefingParams,
        querystring: BriefingQuery,
        response: {
          200: {
            description: 'The briefing in the requested format',
            content: {
              'application/json': { schema: BriefingJson },
              'text/html': { schema: { type: 'string' } },
              'text/markdown': { schema: { type: 'string' } },
              'application/pdf': { schema: { type: 'string', format: 'binary' } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req: FastifyRequest<{ Params: BriefingParams; Querystring: BriefingQuery }>, reply) => {
      const code = req.params.municipality;
      narrowPlace(scopeOf(req), { municipality: code }, deps.gazetteer);
      const m = deps.gazetteer.byCode(code);
      if (!m) throw vspError('VSP_SERVE_NOT_FOUND', `municipality '${code}'`);
      const q = req.query;
      if (q.date !== undefined && !isLocalDate(q.date))
        throw vspError('VSP_SERVE_BAD_QUERY', `date='${q.date}' is not a valid date`);
      const date =
        q.date ??
        defaultBriefingDate(clock.nowMs(), (await deps.store.dataRange())?.toMs ?? null, m.utcOffsetMin);
      const format = formatOf(q.format, req.headers.accept);
      const b = await composeBriefing(deps, m, date);
      const body = await renderBriefing(b, format, { pdf });
      // The day it is about: a client that asked for the default learns which day that was.
      reply
        .header('content-type', CONTENT_TYPES[format])
        .header('vary', 'Accept')
        .header('x-briefing-date', date);
      if (format === 'pdf')
        reply.header('content-disposition', `inline; filename="briefing-${m.code}-${date}.pdf"`);
      return reply.send(body);
    },
  );

  app.get<{ Params: RegionDigestParams; Querystring: BriefingQuery }>(
    '/api/briefings/regions/:region',
    {
      config: { access: DIGEST_READERS },
      schema: {
        summary: "A region's digest for one day: every monitored municipality, what needs attention first",
        description:
          'Ordered by open alerts (critical, then high) as of 07:00 the next morning, then the largest rise per ' +
          "10,000 residents no known cause explains. Each municipality is read in its own local day. For the region's " +
          "analysts and planners (no residents' text in it); a head gets 403. Format: ?format= or Accept.",
        tags: ['briefings'],
        params: RegionDigestParams,
        querystring: BriefingQuery,
        response: {
          200: {
            description: 'The digest in the requested format',
            content: {
              'application/json': { schema: RegionDigestJson },
              'text/html': { schema: { type: 'string' } },
              'text/markdown': { schema: { type: 'string' } },
              'application/pdf': { schema: { type: 'string', format: 'binary' } },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (req: FastifyRequest<{ Params: RegionDigestParams; Querystring: BriefingQuery }>, reply) => {
      const region = req.params.region;
      narrowPlace(scopeOf(req), { region }, deps.gazetteer);
      const sel = resolveSelection({ region }, deps.gazetteer, deps.topics);
      const q = req.query;
      if (q.date !== undefined && !isLocalDate(q.date))
        throw vspError('VSP_SERVE_BAD_QUERY', `date='${q.date}' is not a valid date`);
      const date =
        q.date ??
        defaultBriefingDate(clock.nowMs(), (await deps.store.dataRange())?.toMs ?? null, sel.utcOffsetMin);
      const format = formatOf(q.format, req.headers.accept);
      const d = await composeRegionDigest(deps, region, date);
      const body = await renderRegionDigest(d, format, { pdf });
      reply
        .header('content-type', CONTENT_TYPES[format])
        .header('vary', 'Accept')
        .header('x-briefing-date', date);
      if (format === 'pdf')
        reply.header('content-disposition', `inline; filename="digest-${region}-${date}.pdf"`);
      return reply.send(body);
    },
  );
}
