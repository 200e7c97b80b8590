import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addToPartial,
  emptyPartial,
  mergePartials,
  sourcesRecordOf,
  uniqueAuthorsOf,
  type WindowPartial,
} from './partials.ts';

type Msg = { author: string | undefined; source: string };
const msgArb = fc.record({
  author: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: undefined }),
  source: fc.constantFrom('vk', 'tg', 'ok'),
});

function partialOf(msgs: Msg[]): WindowPartial {
  const p = emptyPartial();
  for (const m of msgs) addToPartial(p, m.author, m.source);
  return p;
}
const view = (p: WindowPartial) => ({
  count: p.count,
  uniqueAuthors: uniqueAuthorsOf(p),
  authors: [...p.authors].sort(),
  sources: sourcesRecordOf(p),
});

describe('partials', () => {
  it('counts a message without an author as its own author', () => {
    const p = partialOf([
      { author: 'a', source: 'vk' },
      { author: 'a', source: 'vk' },
      { author: undefined, source: 'tg' },
      { author: undefined, source: 'vk' },
    ]);
    expect(view(p)).toEqual({ count: 4, uniqueAuthors: 3, authors: ['a'], sources: { tg: 1, vk: 3 } });
  });

  it('property: merging the partials of any split equals a recompute over all messages', () => {
    fc.assert(
      fc.property(fc.array(msgArb), fc.array(msgArb), (xs, ys) => {
        expect(view(mergePartials(partialOf(xs), partialOf(ys)))).toEqual(view(partialOf([...xs, ...ys])));
      }),
    );
  });

  it('property: merge is associative and commutative, with the empty partial as identity', () => {
    fc.assert(
      fc.property(fc.array(msgArb), fc.array(msgArb), fc.array(msgArb), (xs, ys, zs) => {
        const [a, b, c] = [partialOf(xs), partialOf(ys), partialOf(zs)];
        expect(view(mergePartials(mergePartials(a, b), c))).toEqual(
          view(mergePartials(a, mergePartials(b, c))),
        );
        expect(view(mergePartials(a, b))).toEqual(view(mergePartials(b, a)));
        expect(view(mergePartials(a, emptyPartial()))).toEqual(view(a));
      }),
    );
  });

  it('does not mutate its inputs', () => {
    const a = partialOf([{ author: 'a', source: 'vk' }]);
    const b = partialOf([{ author: 'b', source: 'tg' }]);
    mergePartials(a, b);
    expect(view(a)).toEqual({ count: 1, uniqueAuthors: 1, authors: ['a'], sources: { vk: 1 } });
  });
});
