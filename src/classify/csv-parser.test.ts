import { describe, expect, it } from 'vitest';
import { createCsvParser, parseCsvRecords } from './csv-parser.ts';

describe('createCsvParser', () => {
  it('parses quoted fields with commas, escaped quotes and newlines, across chunk borders', () => {
    const text = 'id,text\r\n1,"Нет воды, ""совсем""\nвторой день"\r\n2,просто\n3,""\n';
    const whole = parseCsvRecords(text);
    expect(whole).toEqual([
      { id: '1', text: 'Нет воды, "совсем"\nвторой день' },
      { id: '2', text: 'просто' },
      { id: '3', text: '' },
    ]);
    // Every split point gives the same rows.
    for (let cut = 0; cut <= text.length; cut++) {
      const p = createCsvParser();
      const rows = [...p.push(text.slice(0, cut)), ...p.push(text.slice(cut)), ...p.end()];
      expect(rows, `cut at ${cut}`).toEqual([
        ['id', 'text'],
        ['1', 'Нет воды, "совсем"\nвторой день'],
        ['2', 'просто'],
        ['3', ''],
      ]);
    }
  });

  it('flushes a last row without a newline', () => {
    const p = createCsvParser();
    expect(p.push('a,b\n1,2')).toEqual([['a', 'b']]);
    expect(p.end()).toEqual([['1', '2']]);
  });
});
