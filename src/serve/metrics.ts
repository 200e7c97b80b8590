/** Prometheus text exposition of the store's counters (GET /metrics). Pure: takes StoreStats. */
import type { StoreStats } from '../store/index.ts';

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

export function family(
  name: string,
  help: string,
  samples: { labels?: Record<string, string>; value: number }[],
): string {
  const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} gauge`];
  for (const s of samples) {
    const labels = s.labels
      ? `{${Object.entries(s.labels)
          .map(([k, v]) => `${k}="${esc(v)}"`)
          .join(',')}}`
      : '';
    lines.push(`${name}${labels} ${s.value}`);
  }
  return lines.join('\n');
}

export function renderMetrics(s: StoreStats): string {
  return `${[
    family('vsplesk_messages_stored', 'Messages in the store (valid and late).', [{ value: s.messages }]),
    family('vsplesk_late_messages_stored', 'Messages stored as late (beyond the allowed lateness).', [
      { value: s.lateMessages },
    ]),
    family(
      'vsplesk_dead_letters_stored',
      'Dead-lettered records in the store, by reason.',
      Object.entries(s.deadLettersByReason).map(([reason, value]) => ({ labels: { reason }, value })),
    ),
    family(
      'vsplesk_anomalies_stored',
      'Anomalies in the store, by severity and status.',
      s.anomalies.map((a) => ({ labels: { severity: a.severity, status: a.status }, value: a.count })),
    ),
    family(
      'vsplesk_windows_stored',
      'Window values in the store, by bucket.',
      s.windows.map((w) => ({ labels: { bucket: w.bucket }, value: w.windows })),
    ),
    family(
      'vsplesk_window_revisions_total',
      'Window re-emissions (late data) that replaced a stored value, by bucket.',
      s.windows.map((w) => ({ labels: { bucket: w.bucket }, value: w.revisions })),
    ),
    family('vsplesk_last_event_time_seconds', 'Event time of the newest stored message (unix seconds).', [
      { value: s.lastEventTimeMs === null ? 0 : s.lastEventTimeMs / 1000 },
    ]),
  ].join('\n')}\n`;
}
