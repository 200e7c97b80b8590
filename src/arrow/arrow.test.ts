import { Int32, Table, tableFromIPC, tableToIPC, vectorFromArray } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import {
  arrowTimeZone,
  dateDayColumn,
  dictionaryColumn,
  recordBatchOf,
  stringDictionary,
  timestampMsColumn,
} from './index.ts';

describe('arrowTimeZone', () => {
  it('names whole-hour offsets by the tz database’s Etc zones (POSIX sign: Etc/GMT-5 is UTC+5)', () => {
    expect([0, 120, 180, 300, 720, -300].map(arrowTimeZone)).toEqual([
      'UTC',
      'Etc/GMT-2',
      'Etc/GMT-3',
      'Etc/GMT-5',
      'Etc/GMT-12',
      'Etc/GMT+5',
    ]);
    expect([330, -210, 15 * 60].map(arrowTimeZone)).toEqual(['+05:30', '-03:30', '+15:00']);
  });
});

describe('dictionary columns', () => {
  it('encode strings against a shared dictionary, nulls kept; a value outside it is a bug', () => {
    const dict = stringDictionary(['critical', 'high', 'normal', 'high'], 0);
    expect(dict.values.length).toBe(3);
    const col = dictionaryColumn(dict, ['high', null, 'critical']);
    expect([...col]).toEqual(['high', null, 'critical']);
    expect(col.nullCount).toBe(1);
    expect(() => dictionaryColumn(dict, ['low'])).toThrow(/not in the dictionary/);
  });

  it('survive an IPC round trip inside a record batch', () => {
    const dict = stringDictionary(['a', 'b'], 7);
    const batch = recordBatchOf([
      ['n', vectorFromArray([1, 2, 3], new Int32())],
      ['code', dictionaryColumn(dict, ['b', 'a', 'b'])],
    ]);
    const back = tableFromIPC(tableToIPC(new Table([batch]), 'stream'));
    expect(back.toArray().map((r) => r.toJSON())).toEqual([
      { n: 1, code: 'b' },
      { n: 2, code: 'a' },
      { n: 3, code: 'b' },
    ]);
  });

  it('a batch refuses columns of different lengths', () => {
    expect(() =>
      recordBatchOf([
        ['a', vectorFromArray([1], new Int32())],
        ['b', vectorFromArray([1, 2], new Int32())],
      ]),
    ).toThrow(/column b has 2 values, expected 1/);
  });
});

describe('time columns', () => {
  it('hold instants as Timestamp[ms, zone] and days as Date32, read back by apache-arrow as epoch ms', () => {
    const ts = timestampMsColumn([0, 3_600_000], 'Etc/GMT-5');
    expect(String(ts.type)).toBe('Timestamp<MILLISECOND, Etc/GMT-5>');
    expect([...ts]).toEqual([0, 3_600_000]);
    const days = dateDayColumn([20_463, 20_464]);
    expect(String(days.type)).toBe('Date32<DAY>');
    expect([...days]).toEqual([Date.UTC(2026, 0, 10), Date.UTC(2026, 0, 11)]);
  });
});
