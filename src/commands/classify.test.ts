import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runClassify } from './classify.ts';

const dir = mkdtempSync(join(tmpdir(), 'vsplesk-classify-'));
const readLines = (p: string) =>
  readFileSync(p, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('runClassify', () => {
  it('classifies NDJSON, keeps ids and input order, and answers bad lines with an error', async () => {
    const input = join(dir, 'in.ndjson');
    const output = join(dir, 'out.ndjson');
    writeFileSync(
      input,
      [
        JSON.stringify({ id: 'a1', text: 'Третий день нет отопления, батареи ледяные' }),
        '',
        JSON.stringify({ text: 'Не вывозят мусор, контейнеры переполнены' }),
        '{not json',
        JSON.stringify({ id: 7, other: 1 }),
      ].join('\n'),
    );
    expect(await runClassify({ input, output })).toEqual({ lines: 4 });
    const out = readLines(output);
    expect(out[0]).toMatchObject({ id: 'a1', topic: 'heating' });
    expect(typeof out[0]?.department).toBe('string');
    expect(out[0]?.confidence).toBeGreaterThan(0);
    expect(out[1]).toMatchObject({ topic: 'waste' });
    expect(out[1]).not.toHaveProperty('id');
    expect(out[2]).toEqual({ error: 'invalid_json' });
    expect(out[3]).toEqual({ id: '7', error: 'missing_field:text' });
  });

  it('classifies CSV with quoted multi-line text, detected from the first character when the extension says nothing', async () => {
    const input = join(dir, 'appeals.txt');
    const output = join(dir, 'out2.ndjson');
    writeFileSync(
      input,
      'id,text,extra\n1,"Огромные ямы на дороге,\nасфальт разбит",x\n2,"Автобус 12 не ходит по расписанию",y\n',
    );
    expect(await runClassify({ input, output })).toEqual({ lines: 2 });
    const out = readLines(output);
    expect(out.map((o) => [o.id, o.topic])).toEqual([
      ['1', 'roads'],
      ['2', 'transport'],
    ]);
  });

  it('reads the real Kursk CSV end to end', async () => {
    const output = join(dir, 'kursk.ndjson');
    const { lines } = await runClassify({ input: 'fixtures/ru/appeals-kursk-dev.csv', output });
    expect(lines).toBe(1004);
    expect(readLines(output).every((o) => typeof o.topic === 'string' && typeof o.id === 'string')).toBe(
      true,
    );
  });
});
