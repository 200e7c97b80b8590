/**
 * Reads the real appeals the generator recombines when `texts: 'real'` (once, lazily; fixtures only, never
 * ../shared at run time):
 * - fixtures/ru/appeals-kursk-dev.csv and appeals-kursk-extra.csv: ~2,000 labelled appeals of the Kursk region
 *   (public hackathon data, no licence stated: evaluation only); topic from `topic_id`, else from `tematika` via
 *   fixtures/ru/kursk-topic-map.tsv.
 * - fixtures/ru/appeals-troitsk.csv: 1,005 appeals to the head of Troitsk (Moscow), 2017–2020, unlabelled
 *   (iperezhogin/NLP-experiments, Troitsk_queriesLDA/Dudochkin_queries.csv, forum of appeal.admtroitsk.ru,
 *   author names dropped; no licence stated: evaluation only).
 *
 * Labels. Troitsk appeals are NOT labelled by the product's classifier: the stream would then change whenever the
 * model is retrained (benchmark figures would move with the model, not the detector), the classifier would be
 * scored on its own labels, and source/ would import classify/, a later stage. They go to `other`, a topic with no
 * injected incidents or weather events, so no truth asserts their topic: they bring a big city's varied
 * vocabulary to the background. One transparent rule, the one the classifier's trainer uses for Kursk
 * (classify/kursk-appeals.ts): an appeal about hot water (горяч… вод…, ГВС) is `hot_water` — Kursk files those
 * under water supply or heating, and our hot_water topic would otherwise have no real text at all.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsvRecords } from '../../classify/csv-parser.ts';
import type { TopicId } from '../../records.ts';
import { buildRealCorpus, type RealAppeal, type RealCorpus } from './real-corpus.ts';
import { TOPIC_IDS } from './topic-profiles.ts';

export const REAL_APPEALS_DIR = fileURLToPath(new URL('../../../fixtures/ru/', import.meta.url));

const HOT_WATER = /горяч\S*\s+(?:вод|водоснабж)|(?<![а-яё])гвс(?![а-яё])/i;

function hotWaterOr(topic: TopicId, text: string): TopicId {
  return (topic === 'water_sewer' || topic === 'heating' || topic === 'other') && HOT_WATER.test(text)
    ? 'hot_water'
    : topic;
}

/** All three files, labelled as the module comment says; `dir` holds them (default fixtures/ru/). */
export function loadRealAppeals(dir = REAL_APPEALS_DIR): RealAppeal[] {
  const read = (name: string) => parseCsvRecords(readFileSync(`${dir}${name}`, 'utf8'));
  const topicOf = new Map(
    readFileSync(`${dir}kursk-topic-map.tsv`, 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'))
      .map(([tematika = '', , topic = '']) => [tematika, topic.trim()]),
  );
  const known = new Set<string>(TOPIC_IDS);
  const out: RealAppeal[] = [];
  for (const name of ['appeals-kursk-dev.csv', 'appeals-kursk-extra.csv'])
    for (const r of read(name)) {
      const topic = r.topic_id || topicOf.get(r.tematika ?? '') || '';
      if (r.text && known.has(topic))
        out.push({ topic: hotWaterOr(topic as TopicId, r.text), text: r.text, city: 'kursk' });
    }
  for (const r of read('appeals-troitsk.csv'))
    if (r.text) out.push({ topic: hotWaterOr('other', r.text), text: r.text, city: 'troitsk' });
  return out;
}

let cached: RealCorpus | undefined;

/** The corpus of the bundled fixtures, built on first use (~3,000 appeals, well under a second). */
export function loadRealCorpus(): RealCorpus {
  cached ??= buildRealCorpus(loadRealAppeals());
  return cached;
}
