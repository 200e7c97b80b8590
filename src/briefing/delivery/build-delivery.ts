/**
 * What a subscription gets for a date: built once (composeBriefing or composeRegionDigest, plus the late note),
 * kept as JSON in the deliveries table (`payload`), and rendered from that JSON on every round — so a re-send
 * after a crash or a failure carries the same page as the first attempt.
 */
import type { DeliveryRow } from '../../store/deliveries.ts';
import { deliveryIdOf } from '../../store/deliveries.ts';
import type { Subscription } from '../../store/subscriptions.ts';
import { type BriefingDeps, composeBriefing } from '../compose.ts';
import { dateRu } from '../dates-ru.ts';
import { TITLE_RU } from '../phrases-ru.ts';
import { composeRegionDigest, type RegionDigest } from '../region-digest.ts';
import { renderBriefing, renderRegionDigest } from '../render.ts';
import { DIGEST_TITLE_RU } from '../render-digest.ts';
import type { Briefing } from '../types.ts';
import { digestLateNote, lateNote } from './late-data.ts';
import type { BriefingDelivery } from './sink.ts';

export type Payload = { kind: 'briefing'; briefing: Briefing } | { kind: 'digest'; digest: RegionDigest };

/**
 * Builds the payload of a subscription's date. `previous`: the subscription's deliveries (any order); the latest
 * sent before `date` gives the late note.
 */
export async function buildPayload(
  deps: BriefingDeps,
  sub: Subscription,
  date: string,
  previous: readonly DeliveryRow[],
): Promise<{ payload: string; messagesCount: number | null }> {
  const last = previous
    .filter((r) => r.state === 'sent' && r.date < date)
    .sort((a, b) => (a.date < b.date ? 1 : -1))[0];
  if (sub.kind === 'region') {
    const digest = await composeRegionDigest(deps, sub.place, date);
    // The previous digest's rows hold the counts it showed: its payload is the record of what was sent.
    const sent = last?.payload ? (JSON.parse(last.payload) as Payload) : undefined;
    digest.late = await digestLateNote(
      deps.store,
      deps.gazetteer,
      sent?.kind === 'digest' ? sent.digest : undefined,
    );
    return { payload: JSON.stringify({ kind: 'digest', digest } satisfies Payload), messagesCount: null };
  }
  const m = deps.gazetteer.byCode(sub.place);
  if (m === undefined) throw new Error(`municipality ${sub.place} is not in the gazetteer`);
  const briefing = await composeBriefing(deps, m, date);
  briefing.late = await lateNote(deps.store, m, last);
  return {
    payload: JSON.stringify({ kind: 'briefing', briefing } satisfies Payload),
    messagesCount: briefing.volume.count,
  };
}

/** The delivery a sink is handed, rendered from a stored payload. */
export async function deliveryOf(
  sub: Subscription,
  date: string,
  payloadJson: string,
  pdf?: (html: string) => Promise<Buffer>,
): Promise<BriefingDelivery> {
  const p = JSON.parse(payloadJson) as Payload;
  const print = pdf ? { pdf } : {};
  const render =
    p.kind === 'briefing'
      ? (f: Parameters<typeof renderBriefing>[1]) => renderBriefing(p.briefing, f, print)
      : (f: Parameters<typeof renderBriefing>[1]) => renderRegionDigest(p.digest, f, print);
  const name = p.kind === 'briefing' ? p.briefing.place.name : p.digest.regionName;
  return {
    deliveryId: deliveryIdOf(sub.id, date),
    subscription: sub,
    date,
    subject: `${p.kind === 'briefing' ? TITLE_RU : DIGEST_TITLE_RU}: ${name}, ${dateRu(date, true)}`,
    fileStem: `${sub.place}-${date}`,
    json: p.kind === 'briefing' ? p.briefing : p.digest,
    html: String(await render('html')),
    markdown: String(await render('md')),
    render,
  };
}
