/**
 * The Kursk appeals evaluation set (fixtures/ru/appeals-kursk-dev.csv: ~1,000 real citizen appeals with our topic id
 * in `topic_id`, mapped from 161 fine topics by fixtures/ru/kursk-topic-map.tsv). Read by the accuracy bench, the
 * model trainer and the classifier's held-out test; not used on the hot path.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TopicId } from '../records.ts';
import { parseCsvRecords } from './csv-parser.ts';

export interface LabelledAppeal {
  id: string;
  text: string;
  topic: TopicId;
  /** The fine topic of the source set ("Неработающее наружное освещение"). */
  tematika: string;
}

export const KURSK_APPEALS_PATH = fileURLToPath(
  new URL('../../fixtures/ru/appeals-kursk-dev.csv', import.meta.url),
);

export function loadKurskAppeals(path = KURSK_APPEALS_PATH): LabelledAppeal[] {
  return parseCsvRecords(readFileSync(path, 'utf8'))
    .filter((r) => r.text && r.topic_id)
    .map((r) => ({
      id: r.id ?? '',
      text: r.text as string,
      topic: r.topic_id as TopicId,
      tematika: r.tematika ?? '',
    }));
}

const HOT_WATER_FEATURES = ['горяч вод', 'гвс', 'горяч водоснабжен'];

/**
 * The Kursk taxonomy has no hot-water kind: "нет горячей воды" is filed under water supply or heating there. For
 * *training*, such rows (water_sewer/heating whose features contain горяч вод / гвс / горяч водоснабжен) are
 * relabelled hot_water, as our taxonomy files them. Evaluation keeps the original labels (the strict figure) and
 * also reports a figure that accepts hot_water for those rows.
 */
export function trainingLabel(features: readonly string[], label: TopicId): TopicId {
  if (
    (label === 'water_sewer' || label === 'heating') &&
    HOT_WATER_FEATURES.some((f) => features.includes(f))
  ) {
    return 'hot_water';
  }
  return label;
}
