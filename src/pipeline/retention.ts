/**
 * The personal-data retention schedule (config `retention`): messages older than `messagesDays` of event time behind
 * the watermark, and dead letters stored longer ago than that, are deleted in the transaction of the batch that moves
 * a cutoff into a new day — once a day of the stream, not at every batch (each deletion scans the table).
 */
import type { PipelineConfig } from '../config.ts';
import type { RetentionCutoffs } from '../store/index.ts';

const DAY_MS = 86_400_000;

export interface RetentionSchedule {
  /** The cutoffs to enforce with the next batch, or undefined when neither moved into a new day. */
  due(watermarkMs: number, nowMs: number): RetentionCutoffs | undefined;
}

/** Cutoffs are whole UTC days, so a restart enforces once again (a no-op) and then only when a day passes. */
export function createRetentionSchedule(cfg: PipelineConfig['retention']): RetentionSchedule {
  const keepMs = cfg.messagesDays * DAY_MS;
  let messagesDay = Number.NEGATIVE_INFINITY;
  let deadLettersDay = Number.NEGATIVE_INFINITY;
  return {
    due(watermarkMs, nowMs) {
      const out: RetentionCutoffs = {};
      if (Number.isFinite(watermarkMs)) {
        const day = Math.floor((watermarkMs - keepMs) / DAY_MS);
        if (day > messagesDay) {
          messagesDay = day;
          out.messagesBeforeMs = day * DAY_MS;
        }
      }
      const dlDay = Math.floor((nowMs - keepMs) / DAY_MS);
      if (dlDay > deadLettersDay) {
        deadLettersDay = dlDay;
        out.deadLettersBeforeMs = dlDay * DAY_MS;
      }
      return out.messagesBeforeMs === undefined && out.deadLettersBeforeMs === undefined ? undefined : out;
    },
  };
}
