/** Typed fetches of the vsplesk API (shapes mirror src/serve/schemas.ts). */

export interface Municipality {
  code: string;
  name: string;
  region: string;
  regionName: string;
  population: number;
  utcOffsetMin: number;
  messages: number;
}
export interface Region {
  code: string;
  name: string;
  municipalities: number;
  population: number;
  messages: number;
}
export interface Topic {
  id: string;
  nameRu: string;
  department: string;
}
export interface SeriesAnomaly {
  id: string;
  x: number;
  startMs: number;
  observed: number;
  expected: number;
  severity: string;
  municipality: string;
  topic: string;
}
export interface Series {
  bucket: '5m' | 'hour' | 'day';
  municipality: string;
  region: string;
  topic: string;
  from: string;
  to: string;
  utcOffsetMin: number;
  population: number | null;
  x: number[];
  count: number[];
  uniqueAuthors: number[];
  perCapita?: number[];
  anomalies: SeriesAnomaly[];
}
export interface TopRow {
  key: string;
  name: string;
  count: number;
  perCapita: number | null;
  anomalies: number;
}
export interface AnomalyItem {
  id: string;
  bucket: string;
  municipality: string;
  municipalityName: string | null;
  topic: string;
  topicName: string | null;
  startMs: number;
  endMs: number;
  observed: number;
  expected: number;
  severity: string;
  utcOffsetMin?: number;
}
export interface AnomalyDetail extends AnomalyItem {
  samples: { id: string; createdAt: string; text: string; url: string | null; source: string }[];
}
export interface Health {
  status: string;
  messages: number;
  deadLetters: number;
  lastEventTime: string | null;
  dataTo: string | null;
}

export class ApiError extends Error {}

export async function getJson<T>(path: string, params: Record<string, string | undefined> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const qs = q.toString();
  const res = await fetch(qs ? `${path}?${qs}` : path);
  const body = (await res.json()) as T & { error?: string; message?: string };
  if (!res.ok) throw new ApiError(body.message ?? `HTTP ${res.status}`);
  return body;
}
