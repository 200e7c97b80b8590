import { describe, expect, it } from 'vitest';
import { abortableSleep, backoffMs, PermanentFailure, withRetry } from './retry.ts';

const policy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 3000 };

describe('retry with backoff', () => {
  it('doubles the delay up to the cap and stops after maxAttempts, keeping every error', async () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a, policy))).toEqual([1000, 2000, 3000, 3000]);
    const slept: number[] = [];
    let calls = 0;
    await expect(
      withRetry(
        async (n) => {
          calls++;
          throw new Error(`boom ${n}`);
        },
        policy,
        async (ms) => {
          slept.push(ms);
        },
      ),
    ).rejects.toThrow('gave up after 4 attempts: boom 1; boom 2; boom 3; boom 4');
    expect([calls, slept]).toEqual([4, [1000, 2000, 3000]]);
  });

  it('stops at once on a permanent failure, and returns the first success', async () => {
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
    };
    await expect(
      withRetry(
        async () => {
          throw new PermanentFailure('HTTP 400');
        },
        policy,
        sleep,
      ),
    ).rejects.toThrow('failed permanently after 1 attempt: HTTP 400');
    expect(await withRetry(async (n) => (n < 3 ? Promise.reject(new Error('no')) : n), policy, sleep)).toBe(
      3,
    );
    expect(slept).toEqual([1000, 2000]);
  });

  it('cuts a real sleep short when the process stops', async () => {
    const stop = new AbortController();
    const sleeping = abortableSleep(stop.signal)(3_600_000);
    stop.abort();
    await expect(sleeping).rejects.toThrow(/stopping/);
    await expect(abortableSleep(stop.signal)(1)).rejects.toThrow(/stopping/);
  });
});
