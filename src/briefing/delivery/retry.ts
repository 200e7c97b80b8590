/**
 * Bounded retries with exponential backoff, the sleep injected (tests record the delays instead of waiting).
 * Each failure is kept: the error that finally escapes says how many attempts were made and what each got.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included (≥ 1). */
  maxAttempts: number;
  /** Delay before the second attempt; doubled each time after, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 2_000,
  maxDelayMs: 60_000,
});

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * A real sleep that a stopping process cuts short: it rejects on abort, so the round ends `failed` ("stopping")
 * at once — recorded, and tried again after the restart — instead of holding the shutdown through minutes of backoff.
 */
export function abortableSleep(signal: AbortSignal): Sleep {
  return (ms) =>
    new Promise((done, fail) => {
      if (signal.aborted) return fail(new Error('stopping: the retry was cut short'));
      const onAbort = () => {
        clearTimeout(t);
        fail(new Error('stopping: the retry was cut short'));
      };
      const t = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        done();
      }, ms);
      signal.addEventListener('abort', onAbort, { once: true });
    });
}

/** A failure that another attempt cannot fix (an HTTP 400, a rejected address): retrying stops at once. */
export class PermanentFailure extends Error {
  override readonly name = 'PermanentFailure';
}

/** @example backoffMs(3, {baseDelayMs: 1000, maxDelayMs: 60_000, maxAttempts: 5}) === 4000 — before attempt 4 */
export function backoffMs(attempt: number, p: RetryPolicy): number {
  return Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** (attempt - 1));
}

/** Runs `task` until it succeeds, fails permanently, or maxAttempts are spent; throws a summary of the attempts. */
export async function withRetry<T>(
  task: (attempt: number) => Promise<T>,
  policy: RetryPolicy,
  sleep: Sleep,
): Promise<T> {
  const errors: string[] = [];
  for (let attempt = 1; ; attempt++) {
    try {
      return await task(attempt);
    } catch (e) {
      errors.push((e as Error).message);
      const permanent = e instanceof PermanentFailure;
      if (permanent || attempt >= policy.maxAttempts)
        throw new Error(
          `${permanent ? 'failed permanently' : 'gave up'} after ${attempt} ${attempt === 1 ? 'attempt' : 'attempts'}: ${errors.join('; ')}`,
          { cause: e },
        );
      await sleep(backoffMs(attempt, policy));
    }
  }
}
