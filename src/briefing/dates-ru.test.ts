import { describe, expect, it } from 'vitest';
import {
  byWeekdayRu,
  dateRu,
  durationRu,
  momentRu,
  relativeDateRu,
  spanRu,
  timeRu,
  utcOffsetRu,
  weekdayRu,
} from './dates-ru.ts';
import { defaultBriefingDate, localDay } from './local-day.ts';

const H = 3_600_000;

describe('Russian dates and times in the town’s zone', () => {
  it('writes the examples of the issue', () => {
    expect(relativeDateRu('2026-12-06', '2026-12-07')).toBe('вчера, 6 декабря');
    // 03:00–06:00 UTC is 08:00–11:00 in Екатеринбург (UTC+5).
    expect(spanRu(Date.UTC(2026, 11, 6, 3), Date.UTC(2026, 11, 6, 6), 300)).toBe('с 08:00 до 11:00');
  });

  it('names months in the genitive and weekdays (6 December 2026 is a Sunday: Python datetime says so)', () => {
    expect(dateRu('2026-01-01')).toBe('1 января');
    expect(dateRu('2026-05-09', true)).toBe('9 мая 2026 г.');
    expect(weekdayRu('2026-12-06')).toBe('воскресенье');
    expect(weekdayRu('2026-12-09')).toBe('среда');
    expect(byWeekdayRu('2026-12-09')).toBe('по средам');
  });

  it('reads dates relative to the morning it is read', () => {
    expect(relativeDateRu('2026-12-07', '2026-12-07')).toBe('сегодня, 7 декабря');
    expect(relativeDateRu('2026-12-05', '2026-12-07')).toBe('позавчера, 5 декабря');
    expect(relativeDateRu('2026-12-01', '2026-12-07')).toBe('1 декабря');
    expect(relativeDateRu('2025-12-30', '2026-01-02')).toBe('30 декабря 2025 г.');
  });

  it('puts an instant in the local zone: the same instant is another day in Калининград and Петропавловск', () => {
    const ms = Date.UTC(2026, 11, 6, 13, 5); // 15:05 at UTC+2, 01:05 next day at UTC+12
    expect(timeRu(ms, 120)).toBe('15:05');
    expect(timeRu(ms, 720)).toBe('01:05');
    expect(momentRu(ms, 120, '2026-12-07')).toBe('вчера в 15:05');
    expect(momentRu(ms, 720, '2026-12-07')).toBe('сегодня в 01:05');
    expect(momentRu(ms, 720, '2026-12-10')).toBe('7 декабря в 01:05');
  });

  it('writes spans across midnight with dates, and one ending at midnight as 24:00', () => {
    expect(spanRu(Date.UTC(2026, 11, 6, 17), Date.UTC(2026, 11, 6, 22), 300)).toBe(
      'с 6 декабря 22:00 до 7 декабря 03:00',
    );
    expect(spanRu(Date.UTC(2026, 11, 6, 15), Date.UTC(2026, 11, 6, 19), 300)).toBe('с 20:00 до 24:00');
  });

  it('writes offsets and durations', () => {
    expect(utcOffsetRu(300)).toBe('UTC+5');
    expect(utcOffsetRu(120)).toBe('UTC+2');
    expect(utcOffsetRu(570)).toBe('UTC+9:30');
    expect(durationRu(60)).toBe('1 час');
    expect(durationRu(480)).toBe('8 часов');
    expect(durationRu(1440)).toBe('24 часа');
    expect(durationRu(30)).toBe('30 минут');
    expect(durationRu(90)).toBe('1 ч 30 мин');
  });
});

describe('local days', () => {
  it('spans a local day from its midnight, with the morning after at 07:00', () => {
    const d = localDay('2026-12-06', 300);
    expect(d.fromMs).toBe(Date.UTC(2026, 11, 5, 19));
    expect(d.toMs).toBe(Date.UTC(2026, 11, 6, 19));
    expect(d.morningMs).toBe(Date.UTC(2026, 11, 7, 2));
    expect(d.weekday).toBe(0);
    expect(() => localDay('2026-02-30', 300)).toThrow(RangeError);
  });

  it('defaults to yesterday in the town’s own zone, or the last whole day of data', () => {
    const now = Date.UTC(2026, 11, 6, 13); // 6 Dec 15:00 at UTC+2, 7 Dec 01:00 at UTC+12
    expect(defaultBriefingDate(now, null, 120)).toBe('2026-12-05');
    expect(defaultBriefingDate(now, null, 720)).toBe('2026-12-06');
    expect(defaultBriefingDate(now, Date.UTC(2025, 2, 1, 10), 300)).toBe('2025-02-28');
    expect(defaultBriefingDate(now + 2 * H, now + 4 * H, 120)).toBe('2026-12-05');
  });
});
