/**
 * Retention of residents' raw texts (config `retention.messagesDays`, `--retention-days`): the schedule, the
 * config check, the store's deletion in a batch's transaction, and a whole run that keeps only the last days of
 * messages while every window stays.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../clock.ts';
import { runPipelineCommand } from '../commands/run.ts';
import { DEFAULT_PIPELINE, normalizePipeline } from '../config.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore } from '../store/index.ts';
import { agg, DAY_MS, doc, EKB, emptyBatch, rejected, T0 } from '../store/test-records.ts';
import { createRetentionSchedule } from './retention.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-retention-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createRetentionSchedule', () => {
  const now = T0 + 400 * DAY_MS;

  it('cuts at whole days behind the watermark, once per day of the stream', () => {
    const s = createRetentionSchedule({ messagesDays: 10 });
    const wm = T0 + 30 * DAY_MS + 7 * 3_600_000; // T0 is a UTC midnight
    expect(s.due(wm, now)).toEqual({
      messagesBeforeMs: T0 + 20 * DAY_MS,
      deadLettersBeforeMs: now - 10 * DAY_MS,
    });
    // Later the same day: nothing to do.
    expect(s.due(wm + 3_600_000, now + 3_600_000)).toBeUndefined();
    // The watermark enters the next day: messages only (the wall clock has not).
    expect(s.due(T0 + 31 * DAY_MS, now + 3_600_000)).toEqual({ messagesBeforeMs: T0 + 21 * DAY_MS });
  });

  it('has no message cutoff before the first message (watermark −∞); dead letters still age', () => {
    const s = createRetentionSchedule({ messagesDays: 10 });
    expect(s.due(Number.NEGATIVE_INFINITY, now)).toEqual({ deadLettersBeforeMs: now - 10 * DAY_MS });
  });
});

describe('retention in the pipeline config', () => {
  it('defaults to a year and is validated with the rest', () => {
    expect(DEFAULT_PIPELINE.retention.messagesDays).toBe(365);
    expect(normalizePipeline({ retention: { messagesDays: 30 } }).retention.messagesDays).toBe(30);
    expect(() => normalizePipeline({ retention: { messagesDays: 0 } })).toThrow(/retention\/messagesDays/);
    expect(() => normalizePipeline({ retention: { days: 3 } })).toThrow(
      /VSP_CONFIG_INVALID|invalid configuration/,
    );
  });

  it('must outlast the allowed lateness (naming both values)', () => {
    expect(() => normalizePipeline({ retention: { messagesDays: 2 } })).toThrow(
      /retention\.messagesDays \(2 days\).*allowedLatenessMs \(172800000 ms\)/,
    );
  });
});

describe('store: retention cutoffs in a batch', () => {
  it('deletes older messages and dead letters in the batch transaction; windows and anomalies stay', async () => {
    const nowMs = T0 + 20 * DAY_MS;
    const store = await openStore(':memory:', {
      gazetteer: loadGazetteer(),
      topics: loadTopics(),
      clock: fixedClock(nowMs),
    });
    try {
      const messages = Array.from({ length: 10 }, (_, d) =>
        doc({ eventTimeMs: T0 + d * DAY_MS + 3_600_000 }),
      );
      await store.writeBatch({
        ...emptyBatch(),
        messages,
        aggregates: messages.map((m) =>
          agg('day', EKB, 'heating', Math.floor(m.eventTimeMs / DAY_MS) * DAY_MS, 1),
        ),
        deadLetters: [rejected(), rejected({ reason: 'bad_timestamp' })],
      });
      await store.writeBatch({
        ...emptyBatch(),
        retention: { messagesBeforeMs: T0 + 6 * DAY_MS, deadLettersBeforeMs: nowMs + 1 },
      });
      const s = await store.stats();
      expect(s.messages).toBe(4);
      expect(s.deadLetters).toBe(0);
      const kept = await store.messagesByIds(messages.map((m) => m.id));
      expect(kept.map((m) => m.id).sort()).toEqual(
        messages
          .slice(6)
          .map((m) => m.id)
          .sort(),
      );
      const days = await store.series({
        bucket: 'day',
        municipality: EKB,
        fromMs: 0,
        toMs: 0,
        fromDay: 0,
        toDay: 1e6,
      });
      expect(days.reduce((n, p) => n + p.count, 0)).toBe(10);
    } finally {
      await store.close();
    }
  });
});

describe('vsplesk run --retention-days', () => {
  async function tables(path: string) {
    const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const conn = await db.connect();
    const one = async (sql: string) =>
      (await conn.runAndReadAll(sql)).getRowObjectsJS()[0] as Record<string, bigint | number | null>;
    try {
      return {
        messages: await one(
          'SELECT count(*) AS n, min(event_time_ms) AS first, max(event_time_ms) AS last FROM message_rows',
        ),
        daily: await one('SELECT sum(count) AS n, min(start_ms) AS first FROM counts_daily'),
      };
    } finally {
      conn.closeSync();
      db.closeSync();
    }
  }

  it('keeps only the last days of messages behind the stream; every window stays', async () => {
    const pipeline = join(dir, 'pipeline.mjs');
    writeFileSync(pipeline, 'export default { name: "retention-test" };\n');
    const source = 'generator:days=20,municipalities=6,seed=3,invalid=0';
    const keepAll = join(dir, 'all.duckdb');
    const keepFive = join(dir, 'five.duckdb');
    const all = await runPipelineCommand({ pipeline, source, db: keepAll, progress: 'off' });
    const five = await runPipelineCommand({
      pipeline,
      source,
      db: keepFive,
      progress: 'off',
      retentionDays: 5,
    });
    expect(five).toEqual(all);

    const a = await tables(keepAll);
    const f = await tables(keepFive);
    expect(Number(a.messages.n)).toBe(all.valid);
    const last = Number(a.messages.last);
    expect(Number(a.messages.first)).toBeLessThan(last - 15 * DAY_MS);
    // Kept: from the UTC day five days behind the watermark (the slowest shard's, up to a day behind the newest).
    const cutoff = Math.floor((last - 5 * DAY_MS) / DAY_MS) * DAY_MS;
    expect(Number(f.messages.first)).toBeGreaterThanOrEqual(cutoff - DAY_MS);
    expect(Number(f.messages.n)).toBeLessThan(Number(a.messages.n) / 2);
    expect(Number(f.messages.n)).toBeGreaterThan(0);
    // The windows count every message, deleted or not.
    expect(f.daily).toEqual(a.daily);
    expect(Number(f.daily.n)).toBe(all.valid);
  });
});
