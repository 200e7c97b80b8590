/**
 * What a sink is handed: one built briefing (or region digest) of one subscription and date, with its delivery
 * id — the idempotency key a receiver uses to drop a repeat (the same on every attempt and after a restart).
 */
import type { DeliveryFormat, Subscription } from '../../store/subscriptions.ts';

export interface BriefingDelivery {
  deliveryId: string;
  subscription: Subscription;
  /** The local date the briefing is about. */
  date: string;
  /** «Утренняя сводка: Екатеринбург, 6 декабря» — a mail's subject, a file's title. */
  subject: string;
  /** `<place>-<date>`: a file's name without its extension. */
  fileStem: string;
  /** The Briefing or RegionDigest object (the JSON format). */
  json: unknown;
  html: string;
  markdown: string;
  /** Any format, PDF included (printed only when a sink asks for it). */
  render(format: DeliveryFormat): Promise<string | Buffer>;
}

export interface BriefingSink {
  /** Resolves once the receiver has it; throws (after the sink's own bounded retries) otherwise. */
  deliver(d: BriefingDelivery): Promise<void>;
}
