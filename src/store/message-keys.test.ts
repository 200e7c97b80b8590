import { describe, expect, it } from 'vitest';
import { MessageKeys } from './message-keys.ts';
import { doc, NTAGIL } from './test-records.ts';

describe('MessageKeys', () => {
  it('gives equal fields one id, new fields the next id, and remembers loaded keys', () => {
    const keys = new MessageKeys([{ keyId: 4, fields: ['vk', NTAGIL, '66', 'heating', 'ЖКХ', 'code'] }]);
    expect(keys.idOf(doc({ municipalityCode: NTAGIL }))).toBe(4);
    const a = keys.idOf(doc());
    expect(a).toBe(5);
    expect(keys.idOf(doc())).toBe(5);
    expect(keys.idOf(doc({ department: undefined }))).toBe(6);
    expect(keys.pending().map((k) => k.keyId)).toEqual([5, 6]);
    keys.commit();
    expect(keys.pending()).toEqual([]);
  });

  it('forgets pending keys on rollback and reuses their ids', () => {
    const keys = new MessageKeys();
    expect(keys.idOf(doc())).toBe(0);
    keys.commit();
    expect(keys.idOf(doc({ topic: 'waste' }))).toBe(1);
    keys.rollback();
    expect(keys.pending()).toEqual([]);
    expect(keys.idOf(doc({ topic: 'roads' }))).toBe(1);
    expect(keys.idOf(doc())).toBe(0);
  });
});
