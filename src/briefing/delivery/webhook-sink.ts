/**
 * An HTTP webhook: POST of a JSON body — the briefing's JSON with its HTML and Markdown — carrying the delivery
 * id in `Idempotency-Key` (and in the body), so a receiver that keeps the keys it has seen drops a repeat.
 * Network errors, timeouts, 408, 429 and 5xx are retried with exponential backoff up to a bounded number of
 * attempts; any other status is a permanent failure (retrying a 400 only repeats it).
 */
import {
  DEFAULT_RETRY,
  PermanentFailure,
  type RetryPolicy,
  realSleep,
  type Sleep,
  withRetry,
} from './retry.ts';
import type { BriefingDelivery, BriefingSink } from './sink.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';

export interface WebhookOptions {
  retry?: RetryPolicy;
  sleep?: Sleep;
  /** One attempt's limit, request to response. */
  timeoutMs?: number;
}

/** The body a webhook receives. */
export function webhookBody(d: BriefingDelivery) {
  return {
    deliveryId: d.deliveryId,
    subscriptionId: d.subscription.id,
    kind: d.subscription.kind,
    place: d.subscription.place,
    date: d.date,
    subject: d.subject,
    briefing: d.json,
    html: d.html,
    markdown: d.markdown,
  };
}

const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

export function createWebhookSink(o: WebhookOptions = {}): BriefingSink {
  const timeoutMs = o.timeoutMs ?? 30_000;
  return {
    async deliver(d) {
      const body = JSON.stringify(webhookBody(d));
      await withRetry(
        async () => {
          let res: Response;
          try {
            res = await fetch(d.subscription.target, {
              method: 'POST',
              headers: {
                'content-type': 'application/json; charset=utf-8',
                [IDEMPOTENCY_HEADER]: d.deliveryId,
              },
              body,
              signal: AbortSignal.timeout(timeoutMs),
            });
          } catch (e) {
            // fetch says only "fetch failed"; the reason (ECONNREFUSED, a timeout) is its cause.
            const cause = (e as Error).cause as { code?: string; message?: string } | undefined;
            throw new Error(
              `${d.subscription.target}: ${cause?.code ?? cause?.message ?? (e as Error).message}`,
            );
          }
          await res.body?.cancel();
          if (res.ok) return;
          const e = `HTTP ${res.status} from ${d.subscription.target}`;
          throw retryable(res.status) ? new Error(e) : new PermanentFailure(e);
        },
        o.retry ?? DEFAULT_RETRY,
        o.sleep ?? realSleep,
      );
    },
  };
}
