import { describe, expect, it } from 'vitest';
import { DEFAULT_PIPELINE, normalizePipeline } from './config.ts';

describe('normalizePipeline', () => {
  it('pipelines/default.ts spells out DEFAULT_PIPELINE (a pipeline file that names nothing runs the same)', async () => {
    const file = (await import('../pipelines/default.ts')).default;
    expect(normalizePipeline(file)).toEqual(normalizePipeline({}));
  });

  it('fills the defaults and freezes the result deeply', () => {
    const cfg = normalizePipeline({ name: 'x', window: { allowedLatenessMs: 3_600_000 } });
    expect(cfg.name).toBe('x');
    expect(cfg.window.buckets).toEqual(DEFAULT_PIPELINE.window.buckets);
    expect(cfg.window.allowedLatenessMs).toBe(3_600_000);
    expect(Object.isFrozen(cfg.window)).toBe(true);
    expect(Object.isFrozen(cfg.detect[0])).toBe(true);
  });

  it('rejects unknown fields and wrong types with the path named', () => {
    expect(() => normalizePipeline({ batchSize: -1 })).toThrow(/batchSize/);
    expect(() => normalizePipeline({ window: { sizeMs: 1 } })).toThrow(
      /VSP_CONFIG_INVALID|invalid configuration/,
    );
    expect(() => normalizePipeline('default')).toThrow(/must be an object/);
  });

  it('takes word pairs in emerging terms as an option, off unless asked for', () => {
    expect(normalizePipeline({}).terms.pairs).toBeUndefined();
    expect(normalizePipeline({ terms: { ...DEFAULT_PIPELINE.terms, pairs: true } }).terms.pairs).toBe(true);
    expect(() => normalizePipeline({ terms: { ...DEFAULT_PIPELINE.terms, pairs: 'yes' } })).toThrow(/pairs/);
  });

  it('detects districts unless switched off, with a p-value scale in (0, 1]', () => {
    expect(normalizePipeline({}).districts.detect).toBe(true);
    const off = normalizePipeline({ districts: { detect: false } }).districts;
    expect(off).toEqual({ ...DEFAULT_PIPELINE.districts, detect: false });
    for (const bad of [0, 2])
      expect(() => normalizePipeline({ districts: { pValueScale: bad } })).toThrow(/pValueScale/);
  });

  it('takes worker threads as an option: 1 or more, at most one per shard', () => {
    expect(normalizePipeline({}).workers).toBeUndefined();
    expect(normalizePipeline({ workers: 2 }).workers).toBe(2);
    for (const bad of [0, 1.5, '2']) expect(() => normalizePipeline({ workers: bad })).toThrow(/workers/);
    expect(() => normalizePipeline({ shards: 2, workers: 3 })).toThrow(/workers \(3\).*shards \(2\)/);
  });

  it('names both values when a cross-field check fails', () => {
    expect(() => normalizePipeline({ window: { allowedDelayMs: 10, allowedLatenessMs: 5 } })).toThrow(
      /allowedDelayMs \(10\).*allowedLatenessMs \(5\)/,
    );
    expect(() => normalizePipeline({ window: { buckets: ['day'] } })).toThrow(/bucket '5m'/);
  });

  it('does not let callers mutate the defaults through a result', () => {
    const cfg = normalizePipeline({});
    expect(() => {
      (cfg.window as { allowedDelayMs: number }).allowedDelayMs = 1;
    }).toThrow();
    expect(DEFAULT_PIPELINE.window.allowedDelayMs).toBe(300_000);
  });
});
