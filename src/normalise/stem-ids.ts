/**
 * Stem ids: every stem the process meets gets a dense integer id (0, 1, 2… in first-seen order), so the stages
 * that count stems (stories' document frequencies, their stem index) can keep typed arrays indexed by id instead
 * of string-keyed Maps. The normaliser puts a message's ids beside its stems (`Doc.stemIds`).
 *
 * Ids are per process: nothing stored or snapshotted holds one (snapshots keep the strings and a restore interns
 * them again), so the order in which a process met its stems never reaches the output.
 *
 * Not bounded: an id is never reused, since a stage may hold it. The table grows with the distinct stems the
 * process has seen (≈ 60 bytes each: tens of MB for a million).
 *
 * @example const ids = createStemIds(); ids.idOf('отоплен') === 0; ids.idOf('вод') === 1; ids.stemOf(0) === 'отоплен'
 */
export interface StemIds {
  /** The stem's id, giving it the next one when it is new. */
  idOf(stem: string): number;
  /** The stem of an id `idOf` gave. */
  stemOf(id: number): string;
  /** Ids given so far: every id is below it. */
  readonly size: number;
}

export function createStemIds(): StemIds {
  const ids = new Map<string, number>();
  const stems: string[] = [];
  return {
    idOf(stem: string): number {
      let id = ids.get(stem);
      if (id === undefined) {
        id = stems.length;
        ids.set(stem, id);
        stems.push(stem);
      }
      return id;
    },
    stemOf(id: number): string {
      return stems[id] as string;
    },
    get size() {
      return stems.length;
    },
  };
}

/**
 * The process's stem ids: the normaliser's and its consumers' (a restored stage interns its saved stems here), so a
 * Doc's ids mean the same stems wherever it goes in the process.
 */
export const STEM_IDS: StemIds = createStemIds();

/** The ids of `stems` (for a Doc that came without them: a test's, or one that crossed a process). */
export function stemIdsOf(stems: readonly string[], ids: StemIds = STEM_IDS): Int32Array {
  const out = new Int32Array(stems.length);
  for (let i = 0; i < stems.length; i++) out[i] = ids.idOf(stems[i] as string);
  return out;
}
