import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Line, splitLines } from './lines.ts';

async function collect(
  chunks: (string | Uint8Array)[],
  maxLineBytes = 1024,
  batchLines = 3,
): Promise<Line[]> {
  async function* gen() {
    for (const c of chunks) yield typeof c === 'string' ? new TextEncoder().encode(c) : c;
  }
  const out: Line[] = [];
  for await (const b of splitLines(gen(), { maxLineBytes, batchLines })) out.push(...b);
  return out;
}

describe('splitLines', () => {
  it('splits across chunk borders, handles CRLF, skips empty lines but counts them', async () => {
    const lines = await collect(['{"a":1}\r\n{"b"', ':2}\n\n{"c":3}']);
    expect(lines.map((l) => [l.lineNo, l.text])).toEqual([
      [1, '{"a":1}'],
      [2, '{"b":2}'],
      [4, '{"c":3}'],
    ]);
  });

  it('splits a multi-byte Cyrillic character across chunks without damage', async () => {
    const bytes = new TextEncoder().encode('жёлтый\n');
    const lines = await collect([bytes.subarray(0, 3), bytes.subarray(3)]);
    expect(lines).toMatchObject([{ text: 'жёлтый', invalidUtf8: false }]);
  });

  it('truncates an over-long line, keeps its head, and goes on with the next', async () => {
    const lines = await collect(['x'.repeat(50), 'y'.repeat(50), '\nok\n'], 16);
    expect(lines[0]).toMatchObject({ truncated: true, bytes: 100, text: 'x'.repeat(16) });
    expect(lines[1]).toMatchObject({ text: 'ok', truncated: false, lineNo: 2 });
  });

  it('flags invalid UTF-8', async () => {
    const lines = await collect([new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a])]);
    expect(lines[0]?.invalidUtf8).toBe(true);
  });

  it('yields the same lines whatever the chunking (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }), { maxLength: 20 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }),
        async (ls, cuts) => {
          const text = ls.map((l) => l.replace(/[\r\n]/g, '')).join('\n');
          const bytes = new TextEncoder().encode(text);
          const chunks: Uint8Array[] = [];
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const n = cuts[i % cuts.length] as number;
            chunks.push(bytes.subarray(at, at + n));
            at += n;
          }
          const lines = await collect(chunks, 1 << 20, 2);
          expect(lines.map((l) => l.text)).toEqual(text.split('\n').filter((l) => l.length > 0));
        },
      ),
    );
  });
});
