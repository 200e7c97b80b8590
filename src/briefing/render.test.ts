/**
 * The renderers over a hand-built Briefing: the worst case a page must hold (every list full, «и ещё N» under
 * each, the longest quotes, three charts) prints on one A4 page; Markdown and HTML say the same sentences, escape
 * residents' text, and leave no English in what a head reads.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lastWeeksRu } from './phrases-ru.ts';
import { printable, renderHtml } from './render-html.ts';
import { escapeMd, renderMarkdown } from './render-md.ts';
import { createPdfPrinter, DEFAULT_CHROMIUM, pdfPageCount, renderPdf } from './render-pdf.ts';
import { fullestBriefing, H } from './test-briefing.ts';
import type { Briefing, BriefingAlert, TopicMove } from './types.ts';

/** Visible text of the HTML: tags, the style block and entities out. */
const visibleText = (html: string) =>
  html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<title>[\s\S]*?<\/title>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, c) => String.fromCharCode(Number(c)));

describe('renderers', () => {
  it('writes every list with its «и ещё N» line, in agreeing Russian', () => {
    const b = fullestBriefing();
    const md = renderMarkdown(b);
    expect(md).toContain('и ещё 17 тем');
    expect(md).toContain('и ещё 21 инцидент');
    expect(md).toContain('и ещё 9 сюжетов');
    expect(md).toContain('и ещё 4 причины');
    expect(md).toContain('12\u00a0345 обращений от 9876 авторов');
    expect(md).toContain('в пике 42 обращения при ожидаемых 3,4');
    expect(md).toContain('объясняет 3 инцидента');
    expect(md).toContain('за вчера, 6 декабря (воскресенье)');
    // 11:00–14:00 UTC+5 … as local times of the day.
    expect(md).toContain('вчера с 08:00 до 11:00');
    // Late data of the day before, noted by the scheduler (1021: «обращение» after 21).
    expect(md).toContain('После отправки прошлой сводки за 5 декабря пришло ещё 1021 обращение.');
    expect(renderMarkdown({ ...b, late: null })).not.toContain('прошлой сводки');
    const html = renderHtml(b);
    for (const s of [
      'и ещё 17 тем',
      'и ещё 21 инцидент',
      'вчера с 08:00 до 11:00',
      'за 5 декабря пришло ещё 1021 обращение',
    ])
      expect(visibleText(html)).toContain(s);
  });

  it('leaves no English in what a head reads (Latin only in «UTC»)', () => {
    const b = fullestBriefing();
    const latin = (s: string) => (s.replace(/UTC/g, '').match(/[A-Za-z]+/g) ?? []).join(' ');
    expect(latin(visibleText(renderHtml(b)))).toBe('');
    expect(latin(renderMarkdown(b))).toBe('');
  });

  it("escapes residents' text: markup in a quote stays text", () => {
    const b = fullestBriefing();
    const evil = '<img src=x onerror=alert(1)> **жирный** [ссылка](http://x)';
    const first = b.topics.items[0] as TopicMove;
    b.topics.items[0] = { ...first, quote: evil };
    const html = renderHtml(b);
    expect(html).not.toContain('<img');
    expect(html).toContain('&#60;img');
    const md = renderMarkdown(b);
    expect(md).toContain('\\*\\*жирный\\*\\* \\[ссылка\\]');
    expect(escapeMd('1. первый\nвторой')).toBe('1\\. первый второй');
  });

  it('shows an overdue response and an empty day plainly', () => {
    const b = fullestBriefing();
    const a = b.alerts.items[1] as BriefingAlert;
    b.alerts.items[1] = { ...a, respondByMs: b.morningMs - 3 * H };
    expect(renderMarkdown(b)).toContain('срок ответа истёк сегодня в 04:00');
    const empty: Briefing = {
      ...b,
      volume: { ...b.volume, count: 0, authors: 0, norm: null, ratio: null, normDays: [] },
      rank: null,
      topics: { items: [], more: 0 },
      alerts: { items: [], more: 0 },
      stories: { items: [], more: 0 },
      causes: { items: [], more: 0 },
      forecasts: { items: [], more: 0 },
      series: [],
    };
    const md = renderMarkdown(empty);
    expect(md).toContain('Вчера — 0 обращений от 0 авторов. Нормы для сравнения нет');
    expect(md).toContain('Инцидентов нет.');
    expect(md).not.toContain('и ещё');
  });

  it('prints the fullest briefing on exactly one A4 page (Debian Chromium)', async () => {
    expect(existsSync(DEFAULT_CHROMIUM), `${DEFAULT_CHROMIUM} is required`).toBe(true);
    const pdf = await renderPdf(renderHtml(fullestBriefing()));
    expect(pdfPageCount(pdf)).toBe(1);
    // And the counter counts: the same page twice is two pages.
    const twice = renderHtml(fullestBriefing()).replace(
      '<div class="page">',
      '<div class="page" style="page-break-after: always">x</div><div class="page">',
    );
    expect(pdfPageCount(await renderPdf(twice))).toBe(2);
  });
});

describe('phrases', () => {
  it('writes the rank without an agreement to get wrong', () => {
    const b = fullestBriefing();
    expect(renderMarkdown(b)).toContain(
      'По частоте обращений 12-е место из 31 среди сопоставимых по населению муниципалитетов региона (от 459\u00a0246 до 4\u00a0133\u00a0214 жителей)',
    );
  });
});

describe('the page', () => {
  it('writes the norm’s weeks in agreement, and a cause with a capital', () => {
    expect(lastWeeksRu(1)).toBe('в последнюю неделю');
    expect(lastWeeksRu(3)).toBe('в последние 3 недели');
    const b = fullestBriefing();
    b.causes.items[0] = {
      ...(b.causes.items[0] as Briefing['causes']['items'][number]),
      label: 'сезонная волна',
    };
    expect(renderMarkdown(b)).toContain('- Сезонная волна (1–14 декабря) — объясняет 3 инцидента');
  });

  it('says there is nothing to compare with when the town is its region’s only one', () => {
    const b = fullestBriefing();
    b.rank = {
      ...(b.rank as NonNullable<Briefing['rank']>),
      position: 1,
      of: 1,
      populationFrom: null,
      populationTo: null,
    };
    const md = renderMarkdown(b);
    expect(md).toContain('других наблюдаемых муниципалитетов в регионе нет — сравнить не с чем');
    expect(md).not.toContain('1-е место из 1');
    // The rate is on the volume line already: the rank line gives only its interval, not the rate again.
    expect(md).toContain('95-процентный интервал частоты: ');
    expect(md).not.toMatch(/\d на 10 000 жителей \(95-процентный интервал/);
  });

  it('leaves pictographs out of quotes on the page (print fonts have none), not out of the JSON', () => {
    const b = fullestBriefing();
    b.topics.items[0] = { ...(b.topics.items[0] as TopicMove), quote: '🚨 На пер. Ольховый: пена ❗️' };
    expect(renderHtml(b)).toContain('«На пер. Ольховый: пена»');
    expect(printable('👨‍👩‍👧 семья')).toBe('семья');
  });
});

describe('createPdfPrinter', () => {
  it('prints one at a time, in order, and a failure does not stop the queue', async () => {
    let running = 0;
    let most = 0;
    const order: string[] = [];
    const releases: (() => void)[] = [];
    const print = async (html: string) => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
      order.push(html);
      if (html === 'b') throw new Error('chromium died');
      return Buffer.from(html);
    };
    const printer = createPdfPrinter({ print });
    const jobs = ['a', 'b', 'c'].map((h) => printer(h).then(String, (e: Error) => e.message));
    // Release each print as it starts: only ever one is waiting to be released.
    for (let i = 0; i < 3; i++) {
      await expect.poll(() => releases.length).toBe(i + 1);
      expect(running).toBe(1);
      releases[i]?.();
    }
    expect(await Promise.all(jobs)).toEqual(['a', 'chromium died', 'c']);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(most).toBe(1);
  });
});
