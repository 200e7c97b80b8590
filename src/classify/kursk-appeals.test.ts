import { describe, expect, it } from 'vitest';
import {
  KURSK_APPEALS_PATH,
  KURSK_EXTRA_APPEALS_PATH,
  loadAllKurskAppeals,
  loadKurskAppeals,
} from './kursk-appeals.ts';

describe('Kursk appeals', () => {
  it('loads both labelled files, dev rows first, each row with a topic and a department', () => {
    // Row counts from Python's csv module: 1,004 and 980 rows with text and topic_id.
    const dev = loadKurskAppeals(KURSK_APPEALS_PATH);
    const extra = loadKurskAppeals(KURSK_EXTRA_APPEALS_PATH);
    expect(dev).toHaveLength(1004);
    expect(extra).toHaveLength(980);
    const all = loadAllKurskAppeals();
    expect(all).toHaveLength(1984);
    expect(all[1004]).toEqual(extra[0]);
    for (const a of all) {
      expect(a.topic).not.toBe('');
      expect(a.responsible).not.toBe('');
    }
  });
});
