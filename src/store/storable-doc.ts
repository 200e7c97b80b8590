/**
 * The fields of a message the store keeps — not its tokens, stems or text forms. What crosses a thread (shard
 * workers) or a broker (the Kafka publisher) for a message: the rest is the processor's working material.
 */
import type { StorableDoc } from './types.ts';

export function storableDoc(d: StorableDoc): StorableDoc {
  const out: StorableDoc = {
    id: d.id,
    source: d.source,
    eventTimeMs: d.eventTimeMs,
    createdAt: d.createdAt,
    text: d.text,
    topic: d.topic,
    topicConfidence: d.topicConfidence,
    municipalityCode: d.municipalityCode,
    regionCode: d.regionCode,
    geoMethod: d.geoMethod,
    department: d.department,
  };
  if (d.author !== undefined) out.author = d.author;
  if (d.url !== undefined) out.url = d.url;
  if (d.parentId !== undefined) out.parentId = d.parentId;
  if (d.storyId !== undefined) out.storyId = d.storyId;
  if (d.district !== undefined) out.district = d.district;
  return out;
}
