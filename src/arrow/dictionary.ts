/**
 * Dictionary-encoded strings (Arrow Dictionary<Int32, Utf8>): for codes that repeat (municipality, topic,
 * severity), read as categoricals by pandas, polars and R. The dictionary is given whole and may be shared by many
 * batches: an Arrow IPC *file* allows one dictionary per column, never a replacement.
 */
import { Dictionary, Int32, makeData, makeVector, Utf8, type Vector, vectorFromArray } from 'apache-arrow';

export interface StringDictionary {
  readonly type: Dictionary<Utf8, Int32>;
  readonly values: Vector<Utf8>;
  readonly index: ReadonlyMap<string, number>;
}

/** A dictionary of `values` (distinct; their order is kept) with Arrow dictionary id `id`. */
export function stringDictionary(values: readonly string[], id: number): StringDictionary {
  const index = new Map<string, number>();
  for (const v of values) if (!index.has(v)) index.set(v, index.size);
  return {
    type: new Dictionary(new Utf8(), new Int32(), id),
    values: vectorFromArray([...index.keys()], new Utf8()),
    index,
  };
}

/**
 * A column of `strings` encoded against `dict` (null stays null). Throws on a value the dictionary lacks (a bug:
 * dictionaries are built from the values they encode).
 */
export function dictionaryColumn(
  dict: StringDictionary,
  strings: readonly (string | null)[],
): Vector<Dictionary<Utf8, Int32>> {
  const n = strings.length;
  const indices = new Int32Array(n);
  const validity = new Uint8Array((n + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < n; i++) {
    const s = strings[i] ?? null;
    if (s === null) {
      nullCount++;
      continue;
    }
    const k = dict.index.get(s);
    if (k === undefined) throw new Error(`'${s}' is not in the dictionary`);
    indices[i] = k;
    validity[i >> 3] = (validity[i >> 3] as number) | (1 << (i & 7));
  }
  return makeVector(
    makeData({
      type: dict.type,
      length: n,
      nullCount,
      ...(nullCount > 0 ? { nullBitmap: validity } : {}),
      data: indices,
      dictionary: dict.values,
    }),
  );
}
