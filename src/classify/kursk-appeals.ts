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

export const KURSK_APPEALS_PATH = fileURLToPath(new URL('../../fixtures/ru/appeals-kursk-dev.csv', import.meta.url));

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
