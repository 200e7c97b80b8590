/**
 * Stem ids: every stem the process meets gets a dense integer id (0, 1, 2… in first-seen order), so the stages
 * that count stems (stories' document frequencies, their stem index) can keep typed arrays indexed by id instead
 * of string-keyed Maps. The normaliser puts a message's ids beside its stems (`Doc.stemIds`).
 *
 * Ids are per process: nothing stored or snapshotted holds one (snapshots keep the strings and a restore interns
 * them again), so the order in which a process met its stems never reaches the output.
 *
 * Bounded by compaction: the table grows with the distinct stems the process has seen (≈ 60 bytes each), so the
 * processor, past a limit, saves its shards (strings), `reset`s the table and restores them (ids for the live
 * stems only: pipeline/stem-id-compaction.ts). Holders of ids that can rebuild them from strings (the
 * normaliser's token table, the topic scorer's bigrams, the near-duplicate hashes) check `generation` and do.
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
  /** Bumped by `reset`: ids of an older generation mean nothing any more. */
  readonly generation: number;
  /** Forget every id (the table starts again at 0). */
  reset(): void;
}

export function createStemIds(): StemIds {
  let ids = new Map<string, number>();
  let stems: string[] = [];
  let generation = 0;
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
    get generation() {
      return generation;
    },
    reset(): void {
      ids = new Map();
      stems = [];
      generation++;
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
