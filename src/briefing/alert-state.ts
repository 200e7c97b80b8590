/**
 * Which alerts a briefing lists and how: the period is the local day and the night after it, to 07:00. Read as
 * of 07:00 — an alert first detected later is not in it, even when the briefing is built later (a replay).
 *  - new: first detected in the period, still open at 07:00;
 *  - open: detected before the period, still open at 07:00;
 *  - closed: closed in the period (overnight or during the day).
 * Alerts explained by a known cause are expected rises, not incidents: the causes section counts them.
 *
 * Which alerts to read: those overlapping [fromMs − ALERT_LOOKBACK_MS, morningMs). An alert still open, or closed
 * overnight, may have flagged its last window before the day began (it closes a quiet period after its end): the
 * look-back finds it; alertState then keeps only what the rules above say.
 */

/** How far before the day an alert's last window may lie and the alert still be open or close in the period. */
export const ALERT_LOOKBACK_MS = 7 * 86_400_000;

import type { Alert, Severity } from '../records.ts';
import type { AlertState } from './types.ts';

type Timed = Pick<Alert, 'firstDetectedAtMs' | 'closedAtMs' | 'cause'>;

export function alertState(a: Timed, period: { fromMs: number; morningMs: number }): AlertState | null {
  if (a.cause !== null || a.firstDetectedAtMs >= period.morningMs) return null;
  const closedByMorning = a.closedAtMs !== null && a.closedAtMs < period.morningMs;
  if (closedByMorning) return (a.closedAtMs as number) >= period.fromMs ? 'closed' : null;
  return a.firstDetectedAtMs >= period.fromMs ? 'new' : 'open';
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { critical: 0, high: 1, normal: 2 };
const STATE_RANK: Readonly<Record<AlertState, number>> = { new: 0, open: 1, closed: 2 };

/** Severity first, then what still needs an answer (new, open, then closed), then confidence (smaller p first). */
export const compareAlerts = (
  a: { severity: Severity; state: AlertState; minPValue: number; id: string },
  b: { severity: Severity; state: AlertState; minPValue: number; id: string },
) =>
  SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
  STATE_RANK[a.state] - STATE_RANK[b.state] ||
  a.minPValue - b.minPValue ||
  (a.id < b.id ? -1 : 1);
