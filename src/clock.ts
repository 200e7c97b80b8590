/** Wall-clock time, injected so that tests are deterministic (STYLE.md G.2). */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = Object.freeze({ nowMs: () => Date.now() });

export function fixedClock(nowMs: number): Clock {
  return Object.freeze({ nowMs: () => nowMs });
}
