import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Topic } from '../../src/reference/topics.ts';
import { runSqlBaseline, topicPatterns } from './sql-baseline.ts';

const topics = [
  { id: 'hot_water', nameRu: 'ГВС', department: 'жкх', lexicon: { 'горяч вод': 2, гвс: 2 } },
  { id: 'roads', nameRu: 'Дороги', department: 'дороги', lexicon: { яма: 2, дорог: 1 } },
] as unknown as Topic[];

describe('the SQL baseline of issue 16', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vsp-baseline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('turns a stem bigram into words in order, any ending', () => {
    expect(topicPatterns(topics)[0]?.pattern).toBe('горяч\\S*\\s+вод|гвс');
  });

  it('counts per town, keyword topic and hour; a broken line is skipped, a record without a town counted', async () => {
    const rows = [
      { municipality: 'a', created_at: '2025-01-01T10:05:00+03:00', text: 'Нет горячей воды' },
      { municipality: 'a', created_at: '2025-01-01T10:45:00+03:00', text: 'ГВС отключили' },
      { municipality: 'a', created_at: '2025-01-01T11:05:00+03:00', text: 'Яма на дороге' },
      { municipality: 'b', created_at: '2025-01-01T10:05:00+03:00', text: 'Ёлка' },
      { created_at: '2025-01-01T10:05:00+03:00', text: 'яма' },
    ];
    const path = join(dir, 's.ndjson');
    writeFileSync(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n{not json\n`);
    const r = await runSqlBaseline(path, topics);
    // (a, hot_water, 10h) ×2, (a, roads, 11h), (b, other, 10h), (NULL, roads, 10h)
    expect(r).toMatchObject({ groups: 4, messages: 5 });
  });
});
