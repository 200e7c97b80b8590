/**
 * composeBriefing over an in-memory store, at both ends of Russia: one instant is 15:00 on 6 December in
 * Калининград (UTC+2) and 01:00 on 7 December in Петропавловск-Камчатский (UTC+12), so its messages and alert belong
 * to different local days; the night before 07:00 counts for alerts; residents' text is masked in quotes and labels.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGazetteer, type Municipality } from '../reference/gazetteer.ts';
import { loadTopics } from '../reference/topics.ts';
import { openStore, type Store } from '../store/index.ts';
import { agg, alert, doc, emptyBatch, story } from '../store/test-records.ts';
import { composeBriefing } from './compose.ts';
import { renderMarkdown } from './render-md.ts';

const KGD = '27701000'; // Калининград, region 39, UTC+2
const PKC = '30701000'; // Петропавловск-Камчатский, region 41, UTC+12
const X = Date.UTC(2026, 11, 6, 13); // 15:00 of 6 Dec at UTC+2; 01:00 of 7 Dec at UTC+12
const PII = 'Звоните 8-951-327-87-89, спросите Иванова И.И.: батареи холодные третий день';

const gazetteer = loadGazetteer();
const topics = loadTopics();
const town = (code: string) => gazetteer.byCode(code) as Municipality;
let store: Store;

beforeAll(async () => {
  store = await openStore(':memory:', { gazetteer, topics });
  const region = { [KGD]: '39', [PKC]: '41' } as Record<string, string>;
  const messages = [KGD, PKC].flatMap((code) =>
    [0, 1, 2, 3, 4].map((i) =>
      doc({
        eventTimeMs: X + i * 60_000,
        municipalityCode: code,
        regionCode: region[code],
        text: i === 0 ? PII : 'Батареи холодные, в квартире +14',
        author: `${code}-${i}`,
      }),
    ),
  );
  await store.writeBatch({
    ...emptyBatch(),
    messages,
    aggregates: [
      agg('hour', KGD, 'heating', X, 5),
      agg('hour', PKC, 'heating', X, 5),
      // Day windows start at local midnight: 6 Dec 00:00 at UTC+2 is 5 Dec 22:00Z; 7 Dec 00:00 at UTC+12 is 6 Dec 12:00Z.
      agg('day', KGD, 'heating', Date.UTC(2026, 11, 5, 22), 5),
      agg('day', PKC, 'heating', Date.UTC(2026, 11, 6, 12), 5),
    ],
    alerts: [alert(KGD, 'heating', X), alert(PKC, 'heating', X)],
    stories: [
      story(PKC, (messages[5] as { id: string }).id, X, {
        region: '41',
        label: 'Иванов И.И.: батареи холодные',
        lastMs: X + 4 * 60_000,
      }),
    ],
  });
});
afterAll(async () => {
  await store.close();
});

const deps = () => ({ store, gazetteer, topics });

describe('composeBriefing in the town’s own zone', () => {
  it('Калининград (UTC+2): the messages are of 6 December; the alert is new that day and open the next', async () => {
    const b6 = await composeBriefing(deps(), town(KGD), '2026-12-06');
    expect(b6.fromMs).toBe(Date.UTC(2026, 11, 5, 22));
    expect(b6.volume.count).toBe(5);
    expect(b6.alerts.items.map((a) => a.state)).toEqual(['new']);
    expect(renderMarkdown(b6)).toContain('вчера с 15:00 до 16:00');
    const b7 = await composeBriefing(deps(), town(KGD), '2026-12-07');
    expect(b7.volume.count).toBe(0);
    expect(b7.alerts.items.map((a) => a.state)).toEqual(['open']);
  });

  it('Петропавловск-Камчатский (UTC+12): the same instant is 7 December; an alert of the night before 07:00 is new on the 6th’s page', async () => {
    const b7 = await composeBriefing(deps(), town(PKC), '2026-12-07');
    expect(b7.volume.count).toBe(5);
    expect(b7.topics.items.map((t) => [t.topic, t.count, t.normWeeks])).toEqual([['heating', 5, 0]]);
    const b6 = await composeBriefing(deps(), town(PKC), '2026-12-06');
    expect(b6.volume.count).toBe(0);
    // Detected at 02:00 on the 7th, local: before the 07:00 the 6th's briefing is read at.
    expect(b6.alerts.items.map((a) => a.state)).toEqual(['new']);
    expect(renderMarkdown(b6)).toContain('сегодня с 01:00 до 02:00');
  });

  it('masks residents’ personal data in quotes and story labels, as the API does', async () => {
    const b = await composeBriefing(deps(), town(PKC), '2026-12-07');
    const quotes = b.topics.items.map((t) => t.quote ?? '');
    const all = JSON.stringify(b);
    expect(all).not.toContain('951');
    expect(all).not.toContain('Иванов');
    expect(b.stories.items.map((s) => s.label)).toEqual(['[ФИО]: батареи холодные']);
    expect(quotes.join(' ')).toMatch(/\[телефон\]|Батареи/);
  });
});
