import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DDL_SCRIPTS, DEFAULT_QUERIES_DIR, loadQueries, QUERY_NAMES, TEMPLATED } from './queries.ts';

describe('queries loader', () => {
  it('has a file for every name and a name for every file', () => {
    const files = readdirSync(DEFAULT_QUERIES_DIR)
      .filter((f) => f.endsWith('.sql'))
      .map((f) => f.slice(0, -4))
      .sort();
    const expected = new Set(QUERY_NAMES.map((n) => TEMPLATED.get(n)?.file ?? n));
    expect(files).toEqual([...expected].sort());
    expect(new Set(QUERY_NAMES).size).toBe(QUERY_NAMES.length);
  });

  it('loads every query; each has a header comment and uses only named parameters', () => {
    const q = loadQueries();
    for (const name of QUERY_NAMES) {
      expect(q[name].startsWith(`-- ${name}`), name).toBe(true);
      expect(q[name], name).not.toMatch(/\?|\$\d|\{\{/);
      if (!DDL_SCRIPTS.has(name)) {
        const body = q[name]
          .split('\n')
          .filter((l) => !l.startsWith('--'))
          .join('\n')
          .trim();
        expect(body.replace(/;\s*$/, ''), `${name} holds one statement`).not.toContain(';');
      }
    }
  });

  it('fails fast naming the missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vsplesk-q-'));
    try {
      writeFileSync(join(dir, 'schema.sql'), '-- schema\nSELECT 1;');
      expect(() => loadQueries(dir)).toThrow(/VSP_STORE_QUERY_MISSING|query file missing: transaction_begin/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
