import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCalendar, loadCalendar } from './calendar.ts';

const EKB = '65701000';
const at = (iso: string) => Date.parse(iso);

describe('calendar of known causes', () => {
  const cal = createCalendar([
    {
      id: 'hw-ekb',
      kind: 'hot_water_shutoff',
      label: 'Плановое отключение горячей воды',
      topics: ['hot_water'],
      municipality: EKB,
      from: '2025-06-02',
      to: '2025-06-15',
    },
    {
      id: 'heat-66',
      kind: 'heating_season',
      label: 'Начало отопительного сезона',
      topics: ['heating'],
      region: '66',
      from: '2025-09-15',
      to: '2025-09-25',
    },
    {
      id: 'ny',
      kind: 'holiday',
      label: 'Новогодние каникулы',
      topics: [],
      from: '2025-01-01',
      to: '2025-01-08',
    },
  ]);

  it('matches place, topic and local dates (both ends inclusive)', () => {
    // 2025-06-01T20:00Z is already 2 June in Yekaterinburg (UTC+5), not in Moscow.
    expect(cal.lookup(EKB, '66', 'hot_water', at('2025-06-01T20:00:00Z'), 300)?.id).toBe('hw-ekb');
    expect(cal.lookup(EKB, '66', 'hot_water', at('2025-06-01T20:00:00Z'), 180)).toBeUndefined();
    expect(cal.lookup(EKB, '66', 'hot_water', at('2025-06-15T18:00:00Z'), 300)?.id).toBe('hw-ekb');
    expect(cal.lookup(EKB, '66', 'hot_water', at('2025-06-15T19:00:00Z'), 300)).toBeUndefined();
    expect(cal.lookup('65740000', '66', 'hot_water', at('2025-06-05T10:00:00Z'), 300)).toBeUndefined();
    expect(cal.lookup(EKB, '66', 'roads', at('2025-06-05T10:00:00Z'), 300)).toBeUndefined();
  });

  it('applies a region event to its municipalities and a national one to every topic and place', () => {
    expect(cal.lookup('65740000', '66', 'heating', at('2025-09-20T10:00:00Z'), 300)?.kind).toBe(
      'heating_season',
    );
    expect(cal.lookup('45000000', '77', 'heating', at('2025-09-20T10:00:00Z'), 180)).toBeUndefined();
    expect(cal.lookup('45000000', '77', 'waste', at('2025-01-03T10:00:00Z'), 180)?.id).toBe('ny');
  });

  it('loads the example calendar shipped in fixtures/', () => {
    const cal = loadCalendar(new URL('../../fixtures/calendar/example.json', import.meta.url).pathname);
    expect(cal.lookup(EKB, '66', 'hot_water', at('2025-06-05T10:00:00Z'), 300)?.kind).toBe(
      'hot_water_shutoff',
    );
  });

  it('loads a file and names what is wrong with a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vsplesk-cal-'));
    const good = join(dir, 'good.json');
    writeFileSync(
      good,
      JSON.stringify({
        events: [
          {
            id: 'x',
            kind: 'road_works',
            label: 'Ремонт набережной',
            topics: ['roads', 'landscaping'],
            municipality: EKB,
            from: '2025-05-01',
            to: '2025-07-01',
          },
        ],
      }),
    );
    expect(loadCalendar(good).events).toHaveLength(1);
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        events: [
          { id: 'x', kind: 'k', label: 'l', topics: ['not_a_topic'], from: '2025-05-01', to: '2025-07-01' },
        ],
      }),
    );
    expect(() => loadCalendar(bad)).toThrow(/topics/);
    writeFileSync(
      bad,
      JSON.stringify({
        events: [{ id: 'x', kind: 'k', label: 'l', topics: [], from: '2025-07-01', to: '2025-05-01' }],
      }),
    );
    expect(() => loadCalendar(bad)).toThrow(/after/);
  });
});
