/**
 * The labelled Kursk appeals: fixtures/ru/appeals-kursk-dev.csv (1,004 rows) and fixtures/ru/appeals-kursk-extra.csv
 * (980 more, no `category` column), real citizen appeals with our topic id in `topic_id` (mapped from the source's
 * fine topics by fixtures/ru/kursk-topic-map.tsv) and the department that handled each in `responsible`. Read by the
 * accuracy bench, the model trainer and the classifier's held-out test; not used on the hot path.
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
  /** The department the appeal was routed to ("Комитет дорожного хозяйства города Курска"). */
  responsible: string;
}

export const KURSK_APPEALS_PATH = fileURLToPath(
  new URL('../../fixtures/ru/appeals-kursk-dev.csv', import.meta.url),
);

export const KURSK_EXTRA_APPEALS_PATH = fileURLToPath(
  new URL('../../fixtures/ru/appeals-kursk-extra.csv', import.meta.url),
);

/** Both labelled files, dev rows first then extra rows, each in file order (the CV folds depend on this order). */
export function loadAllKurskAppeals(): LabelledAppeal[] {
  return [...loadKurskAppeals(KURSK_APPEALS_PATH), ...loadKurskAppeals(KURSK_EXTRA_APPEALS_PATH)];
}

export function loadKurskAppeals(path = KURSK_APPEALS_PATH): LabelledAppeal[] {
  return parseCsvRecords(readFileSync(path, 'utf8'))
    .filter((r) => r.text && r.topic_id)
    .map((r) => ({
      id: r.id ?? '',
      text: r.text as string,
      topic: r.topic_id as TopicId,
      tematika: r.tematika ?? '',
      responsible: r.responsible ?? '',
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
