/** The sink of each subscription's kind, built once per process from the validated settings. */
import type { Subscription } from '../../store/subscriptions.ts';
import { createEmailSink } from './email-sink.ts';
import { createFileSink } from './file-sink.ts';
import type { RetryPolicy, Sleep } from './retry.ts';
import type { BriefingSink } from './sink.ts';
import type { SmtpConfig } from './smtp-config.ts';
import { createWebhookSink } from './webhook-sink.ts';

export interface SinkSettings {
  /** Where relative file targets resolve (`serve --briefings DIR`). */
  baseDir?: string;
  /** Null: e-mail is not configured, and an e-mail subscription's rounds fail saying so. */
  smtp: SmtpConfig | null;
  retry?: RetryPolicy;
  sleep?: Sleep;
}

export function createSinkFor(s: SinkSettings): (sub: Subscription) => BriefingSink {
  const retry = { ...(s.retry ? { retry: s.retry } : {}), ...(s.sleep ? { sleep: s.sleep } : {}) };
  const file = createFileSink(s.baseDir !== undefined ? { baseDir: s.baseDir } : {});
  const webhook = createWebhookSink(retry);
  const email = s.smtp ? createEmailSink(s.smtp, retry) : undefined;
  return (sub) => {
    switch (sub.sink) {
      case 'file':
        return file;
      case 'webhook':
        return webhook;
      case 'email':
        if (email === undefined)
          throw new Error('SMTP is not configured (--smtp-host, --smtp-from): e-mail cannot be sent');
        return email;
    }
  };
}
