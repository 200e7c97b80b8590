/**
 * Interns a message's low-cardinality fields — (source, municipality, region, topic, department, geo method) —
 * into integer key ids, so a stored message appends one integer instead of six strings (message_keys holds the
 * fields once). The store's single writer owns one instance: new keys are pending until the batch's transaction
 * commits, and are forgotten if it rolls back. Nested maps: no key strings are built per message.
 */
import type { StorableDoc } from './types.ts';

/** [source, municipality, region, topic, department ('' = none), geoMethod] */
export type MessageKeyFields = [string, string, string, string, string, string];

export interface MessageKey {
  keyId: number;
  fields: MessageKeyFields;
}

type Node = Map<string, Node | number>;

export class MessageKeys {
  private root: Node = new Map();
  private nextId = 0;
  private pendingKeys: MessageKey[] = [];

  constructor(existing: readonly MessageKey[] = []) {
    for (const k of existing) this.insert(k);
  }

  /** The key id of a message's fields, allocating a pending one when they are new. */
  idOf(d: StorableDoc): number {
    const department = d.department ?? '';
    let node = this.root;
    for (const part of [d.municipalityCode, d.topic, d.source, d.regionCode, department]) {
      let next = node.get(part);
      if (next === undefined) {
        next = new Map();
        node.set(part, next);
      }
      node = next as Node;
    }
    const id = node.get(d.geoMethod);
    if (typeof id === 'number') return id;
    const keyId = this.nextId++;
    node.set(d.geoMethod, keyId);
    this.pendingKeys.push({
      keyId,
      fields: [d.source, d.municipalityCode, d.regionCode, d.topic, department, d.geoMethod],
    });
    return keyId;
  }

  /** Keys allocated since the last commit/rollback (to be written in the same transaction). */
  pending(): readonly MessageKey[] {
    return this.pendingKeys;
  }

  commit(): void {
    this.pendingKeys = [];
  }

  /** Forgets the pending keys (their transaction rolled back). */
  rollback(): void {
    for (const k of this.pendingKeys) {
      const [source, municipality, region, topic, department, geoMethod] = k.fields;
      let node: Node | undefined = this.root;
      for (const part of [municipality, topic, source, region, department]) {
        node = node?.get(part) as Node | undefined;
      }
      node?.delete(geoMethod);
    }
    if (this.pendingKeys.length > 0) this.nextId = Math.min(...this.pendingKeys.map((k) => k.keyId));
    this.pendingKeys = [];
  }

  private insert(k: MessageKey): void {
    const [source, municipality, region, topic, department, geoMethod] = k.fields;
    let node = this.root;
    for (const part of [municipality, topic, source, region, department]) {
      let next = node.get(part);
      if (next === undefined) {
        next = new Map();
        node.set(part, next);
      }
      node = next as Node;
    }
    node.set(geoMethod, k.keyId);
    this.nextId = Math.max(this.nextId, k.keyId + 1);
  }
}
