import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyStoreBatch } from '../pipeline/process.ts';
import { loadGazetteer } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { gzipJson } from '../state/gzip-json.ts';
import { openStore } from './duckdb.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('shard state under a DuckDB memory limit', () => {
  it('is checkpointed after each batch that saves it: DuckDB holds little, the file two versions', async () => {
    const db = join(dir, 'a.duckdb');
    const store = await openStore(db, {
      gazetteer: loadGazetteer(),
      topics: loadTopics(),
      threads: 1,
      memoryLimit: '256MB',
    });
    // Four shards of ~6 MB of JSON with Cyrillic words, as at national scale (smaller).
    const state = (k: number, shard = 0) => ({ shard, k, words: 'ремонт дороги у дома '.repeat(300_000) });
    const json = (k: number, shard = 0) => JSON.stringify(state(k, shard));
    const used: number[] = [];
    try {
      for (let k = 0; k < 6; k++) {
        await store.writeBatch({
          ...emptyStoreBatch(),
          offsets: [{ source: 'file:x', partition: 0, offset: String(k + 1) }],
          serialisedSnapshots: {
            source: 'file:x',
            shards: [0, 1, 2, 3].map((shard) => ({ shard, ...gzipJson(state(k, shard)) })),
          },
        });
        const [m] = await store.runQuery('duckdb_memory_totals', {}, 'read');
        used.push(Number(m?.used_bytes) / 2 ** 20);
      }
      const resumed = await store.resume('file:x', [0, 1, 2, 3]);
      expect(resumed.offsets.get(0)).toBe('6');
      // Stored gzipped (snapshot-text.ts), read back as it was written.
      expect(resumed.snapshots.map((s) => JSON.stringify(s))).toEqual(
        [0, 1, 2, 3].map((shard) => json(5, shard)),
      );
    } finally {
      await store.close();
    }
    // Without the checkpoint: every other batch held ~3.5× its state (~80 MB here), and this limit ran out.
    expect(Math.max(...used)).toBeLessThan(16);
    // The last version and the one before it (its blocks are free, reused by the next): not one per batch.
    expect(statSync(db).size).toBeLessThan(2.5 * 4 * Buffer.byteLength(json(0)));
    expect(statSync(db).size).toBeLessThan(16 * 2 ** 20);
  }, 60_000);
});
