import { describe, expect, it } from 'vitest';
import { LiveMetrics } from './live-metrics.ts';
import { emptyStats } from './stats.ts';

describe('LiveMetrics', () => {
  it('reports rate over recent commits, latency, lag per partition and dead letters by reason', () => {
    let now = 1_000_000;
    const m = new LiveMetrics('pipeline', () => now);
    m.batchCommitted(1000, 200);
    now += 1000;
    m.batchCommitted(3000, 400);
    now += 1000;
    m.batchCommitted(2000, 100);
    expect(m.ratePerSec).toBe(2500); // 5,000 records over the 2 s between the first and last commit
    m.lag(
      new Map([
        [0, 12],
        [3, 0],
      ]),
    );
    m.stats({ ...emptyStats(), deadByReason: { invalid_json: 4 } });
    const text = m.render();
    expect(text).toContain('vsplesk_live_records_total{role="pipeline"} 6000');
    expect(text).toContain('vsplesk_live_batch_latency_seconds_max{role="pipeline"} 0.4');
    expect(text).toContain('vsplesk_live_batch_latency_seconds_sum{role="pipeline"} 0.7');
    expect(text).toContain('vsplesk_live_consumer_lag_records{role="pipeline",partition="0"} 12');
    expect(text).toContain('vsplesk_live_consumer_lag_records{role="pipeline",partition="3"} 0');
    expect(text).toContain('vsplesk_live_dead_letters_total{role="pipeline",reason="invalid_json"} 4');
  });

  it('falls to a zero rate when nothing was committed for a while', () => {
    let now = 0;
    const m = new LiveMetrics('materialise', () => now);
    m.batchCommitted(10, 1);
    now += 1000;
    m.batchCommitted(10, 1);
    expect(m.ratePerSec).toBe(10);
    now += 60_000;
    expect(m.ratePerSec).toBe(0);
  });
});
