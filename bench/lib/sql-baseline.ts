/**
 * The baseline of issue 16: what a user without vsplesk would do with the same NDJSON — load it into DuckDB and
 * count messages per town, topic and hour, the topic from keyword rules in SQL (the first topic whose lexicon
 * stem occurs in the lower-cased text, fixtures/topics.json; else `other`). No normalisation, stories, windows,
 * detection or store: its time is the floor the product's end-to-end replay is compared with
 * (`baseline_ratio` = baseline seconds / product seconds; 1 would mean the product costs no more than counting).
 * The SQL is built from the lexicon here rather than kept in queries/: it is a bench peer, not product SQL.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import type { Topic } from '../../src/reference/topics.ts';

export interface SqlBaselineResult {
  seconds: number;
  /** (town, topic, hour) groups counted. */
  groups: number;
  messages: number;
}

/** One regular expression per topic: its stems as alternatives; a stem bigram «горяч вод» as «горяч\S*\s+вод». */
export function topicPatterns(topics: readonly Topic[]): { id: string; pattern: string }[] {
  const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return topics
    .filter((t) => Object.keys(t.lexicon).length > 0)
    .map((t) => ({
      id: t.id,
      pattern: Object.keys(t.lexicon)
        .map((stem) => stem.split(' ').map(literal).join('\\S*\\s+'))
        .join('|'),
    }));
}

export function baselineSql(path: string, topics: readonly Topic[]): string {
  const quote = (s: string) => `'${s.replaceAll("'", "''")}'`;
  const cases = topicPatterns(topics)
    .map((t) => `WHEN regexp_matches(t, ${quote(t.pattern)}) THEN ${quote(t.id)}`)
    .join('\n        ');
  return `
    SELECT count(*) AS groups, sum(n) AS messages FROM (
      SELECT municipality, topic, hour, count(*) AS n FROM (
        SELECT municipality,
          date_trunc('hour', TRY_CAST(created_at AS TIMESTAMPTZ)) AS hour,
          CASE ${cases}
          ELSE 'other' END AS topic
        FROM (SELECT municipality, created_at, lower(replace(text, 'ё', 'е')) AS t
              FROM read_json(${quote(path)}, format = 'newline_delimited', ignore_errors = true,
                columns = {municipality: 'VARCHAR', created_at: 'VARCHAR', text: 'VARCHAR'}))
        WHERE t IS NOT NULL  -- a record placed by coordinates or text alone counts under a NULL town
      ) GROUP BY ALL
    )`;
}

/** Runs the baseline on an in-memory DuckDB (`threads` as the product's store uses). */
export async function runSqlBaseline(
  path: string,
  topics: readonly Topic[],
  threads = 1,
): Promise<SqlBaselineResult> {
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await instance.connect();
  try {
    const t0 = performance.now();
    const reader = await conn.runAndReadAll(baselineSql(path, topics));
    const seconds = (performance.now() - t0) / 1000;
    const [groups, messages] = reader.getRows()[0] ?? [0, 0];
    return { seconds, groups: Number(groups), messages: Number(messages) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
