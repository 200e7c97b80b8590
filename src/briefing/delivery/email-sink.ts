/**
 * E-mail over SMTP (nodemailer): the HTML page as the HTML part, the Markdown as the text part, a Russian subject
 * with the town and date. The Message-ID is derived from the delivery id, so a re-sent mail is the same message
 * to a client or archive that drops duplicates by Message-ID. Transient SMTP failures (a connection, a 4xx reply)
 * are retried with backoff; a 5xx reply (a rejected address) is permanent.
 */
import nodemailer from 'nodemailer';
import {
  DEFAULT_RETRY,
  PermanentFailure,
  type RetryPolicy,
  realSleep,
  type Sleep,
  withRetry,
} from './retry.ts';
import type { BriefingDelivery, BriefingSink } from './sink.ts';
import type { SmtpConfig } from './smtp-config.ts';

export const DELIVERY_ID_HEADER = 'X-Vsplesk-Delivery-Id';

/** `<sub_…​.2026-12-06@vsplesk>`: stable across attempts and restarts. */
export const messageIdOf = (deliveryId: string) => `<${deliveryId}@vsplesk>`;

export function createEmailSink(
  smtp: SmtpConfig,
  o: { retry?: RetryPolicy; sleep?: Sleep; timeoutMs?: number } = {},
): BriefingSink {
  const timeoutMs = o.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.auth ? { auth: smtp.auth } : {}),
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async deliver(d: BriefingDelivery) {
      await withRetry(
        async () => {
          try {
            await transport.sendMail({
              from: smtp.from,
              to: d.subscription.target,
              subject: d.subject,
              html: d.html,
              text: d.markdown,
              messageId: messageIdOf(d.deliveryId),
              headers: { [DELIVERY_ID_HEADER]: d.deliveryId },
            });
          } catch (e) {
            const code = (e as { responseCode?: number }).responseCode;
            const msg = `SMTP ${smtp.host}:${smtp.port}: ${(e as Error).message}`;
            throw code !== undefined && code >= 500 ? new PermanentFailure(msg) : new Error(msg);
          }
        },
        o.retry ?? DEFAULT_RETRY,
        o.sleep ?? realSleep,
      );
    },
  };
}
