export { createEmailSink, DELIVERY_ID_HEADER, messageIdOf } from './email-sink.ts';
export { createFileSink } from './file-sink.ts';
export { dayCount, lateNote } from './late-data.ts';
export { abortableSleep, DEFAULT_RETRY, type RetryPolicy, type Sleep, withRetry } from './retry.ts';
export { DEFAULT_LOOKBACK_DAYS, dueDates, dueMsOf, nextDue, subscriptionZone } from './schedule.ts';
export {
  DEFAULT_MAX_ROUNDS,
  type DeliveryOutcome,
  runDueDeliveries,
  type SchedulerDeps,
  startScheduler,
} from './scheduler.ts';
export type { BriefingDelivery, BriefingSink } from './sink.ts';
export { createSinkFor, type SinkSettings } from './sinks.ts';
export { normalizeSmtpConfig, type SmtpConfig, type SmtpSpec } from './smtp-config.ts';
export {
  formatSendAt,
  parseSendAt,
  type SubscriptionSpec,
  validateNewSubscription,
} from './validate-subscription.ts';
export { createWebhookSink, IDEMPOTENCY_HEADER, webhookBody } from './webhook-sink.ts';
