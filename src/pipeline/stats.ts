import type { RunStats } from '../records.ts';

export function emptyStats(): RunStats {
  return {
    read: 0,
    valid: 0,
    deadLettered: 0,
    deadByReason: {},
    late: 0,
    duplicates: 0,
    unknownMunicipality: 0,
    windowsEmitted: 0,
    anomalies: 0,
  };
}

/** Prometheus text for the run counters (appended to the API's /metrics). */
export function statsToPrometheus(s: RunStats, prefix = 'vsplesk_pipeline'): string {
  const lines = [
    `# HELP ${prefix}_records_read_total Records read from the source.`,
    `# TYPE ${prefix}_records_read_total counter`,
    `${prefix}_records_read_total ${s.read}`,
    `# TYPE ${prefix}_messages_valid_total counter`,
    `${prefix}_messages_valid_total ${s.valid}`,
    `# TYPE ${prefix}_messages_late_total counter`,
    `${prefix}_messages_late_total ${s.late}`,
    `# TYPE ${prefix}_messages_duplicate_total counter`,
    `${prefix}_messages_duplicate_total ${s.duplicates}`,
    `# TYPE ${prefix}_messages_unknown_municipality_total counter`,
    `${prefix}_messages_unknown_municipality_total ${s.unknownMunicipality}`,
    `# TYPE ${prefix}_windows_emitted_total counter`,
    `${prefix}_windows_emitted_total ${s.windowsEmitted}`,
    `# TYPE ${prefix}_anomalies_total counter`,
    `${prefix}_anomalies_total ${s.anomalies}`,
    `# TYPE ${prefix}_dead_letters_total counter`,
  ];
  for (const [reason, n] of Object.entries(s.deadByReason).sort())
    lines.push(`${prefix}_dead_letters_total{reason="${reason.replace(/["\\\n]/g, '_')}"} ${n}`);
  return `${lines.join('\n')}\n`;
}
