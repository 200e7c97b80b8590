/**
 * A new subscription from the CLI or the admin API, checked against the gazetteer (as store/tokens.ts checks a
 * token): exactly one place — a municipality (its briefing) or a region (its digest) —, a sink and a target that
 * fits it (a directory, an http(s) URL, an e-mail address), formats (files only: a webhook always carries JSON,
 * HTML and Markdown, a mail HTML and text), a local send time HH:MM (default 07:00). Throws VSP_CLI_USAGE naming
 * the problem.
 */
import { isAbsolute } from 'node:path';
import { vspError } from '../../errors.ts';
import type { Gazetteer } from '../../reference/gazetteer.ts';
import {
  DEFAULT_SEND_AT_MIN,
  DELIVERY_FORMATS,
  type DeliveryFormat,
  type NewSubscription,
  SINK_KINDS,
  type SinkKind,
} from '../../store/subscriptions.ts';

export interface SubscriptionSpec {
  municipality?: string | undefined;
  region?: string | undefined;
  sink: string;
  target: string;
  /** Comma-separated or a list; default html. */
  formats?: string | readonly string[] | undefined;
  /** Local HH:MM; default 07:00. */
  sendAt?: string | undefined;
  enabled?: boolean | undefined;
}

const usage = (m: string) => vspError('VSP_CLI_USAGE', m);
const SIMPLE_ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/** «07:00» → 420; throws on anything but a real time of day. */
export function parseSendAt(s: string): number {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(s.trim());
  if (!m) throw usage(`send time must be HH:MM (local), e.g. 07:00; got '${s}'`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** 420 → «07:00» */
export const formatSendAt = (min: number) =>
  `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

function checkTarget(sink: SinkKind, target: string): string {
  const t = target.trim();
  if (t === '') throw usage(`a ${sink} subscription needs a target`);
  if (sink === 'webhook') {
    let url: URL;
    try {
      url = new URL(t);
    } catch {
      throw usage(`a webhook target must be an http(s) URL; got '${t}'`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw usage(`a webhook target must be an http(s) URL; got '${t}'`);
  }
  if (sink === 'email' && !SIMPLE_ADDRESS.test(t))
    throw usage(`an e-mail target must be one address; got '${t}'`);
  return t;
}

function checkFormats(f: SubscriptionSpec['formats']): DeliveryFormat[] {
  if (f === undefined) return ['html'];
  const list = (typeof f === 'string' ? f.split(',') : [...f]).map((x) => x.trim()).filter((x) => x !== '');
  if (list.length === 0) throw usage('give at least one format');
  for (const x of list)
    if (!(DELIVERY_FORMATS as readonly string[]).includes(x))
      throw usage(`format must be one of ${DELIVERY_FORMATS.join(', ')}; got '${x}'`);
  return [...new Set(list)] as DeliveryFormat[];
}

/**
 * Whether a file target stays under the briefings directory: relative, with no `..` step. The admin API requires
 * it (an API token must not choose where on the server's disk files are written); the CLI, run by the operator on
 * the host, may name any directory.
 */
export const isContainedPath = (target: string) =>
  !isAbsolute(target) && !target.split(/[\\/]/).includes('..') && !/^[A-Za-z]:/.test(target);

export function validateNewSubscription(
  s: SubscriptionSpec,
  gazetteer: Pick<Gazetteer, 'byCode' | 'regions'>,
  o: { containedFileTargets?: boolean } = {},
): NewSubscription {
  if ((s.municipality === undefined) === (s.region === undefined))
    throw usage('give exactly one of a municipality (its briefing) and a region (its digest)');
  if (s.municipality !== undefined && !gazetteer.byCode(s.municipality))
    throw usage(`unknown municipality '${s.municipality}' (not in the gazetteer)`);
  if (s.region !== undefined && !gazetteer.regions().some((r) => r.code === s.region))
    throw usage(`unknown region '${s.region}' (not in the gazetteer)`);
  if (!(SINK_KINDS as readonly string[]).includes(s.sink))
    throw usage(`sink must be one of ${SINK_KINDS.join(', ')}; got '${s.sink}'`);
  const sink = s.sink as SinkKind;
  if (sink === 'file' && o.containedFileTargets && !isContainedPath(s.target.trim()))
    throw usage(
      `a file target must be a relative directory under the briefings directory, without '..'; got '${s.target}'`,
    );
  return {
    kind: s.municipality !== undefined ? 'municipality' : 'region',
    place: (s.municipality ?? s.region) as string,
    sink,
    target: checkTarget(sink, s.target),
    formats: checkFormats(s.formats),
    sendAtMin: s.sendAt === undefined ? DEFAULT_SEND_AT_MIN : parseSendAt(s.sendAt),
    enabled: s.enabled ?? true,
  };
}
