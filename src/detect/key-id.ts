/**
 * A detector key's id, `municipality + "\0" + topic`, as one string per key: detectors look their state up by it for
 * every window, and a string built anew each time must be hashed anew by every Map it meets. Bounded by the keys
 * themselves (municipality × topic), which the detectors keep anyway.
 *
 * @example keyId('63701000', 'roads') === '63701000\u0000roads' // the same object on every call
 */
const ids = new Map<string, Map<string, string>>();

export function keyId(municipality: string, topic: string): string {
  let byTopic = ids.get(municipality);
  if (byTopic === undefined) {
    byTopic = new Map();
    ids.set(municipality, byTopic);
  }
  let id = byTopic.get(topic);
  if (id === undefined) {
    id = `${municipality}\u0000${topic}`;
    byTopic.set(topic, id);
  }
  return id;
}
