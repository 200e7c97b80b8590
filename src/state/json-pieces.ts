/**
 * `JSON.stringify(value)` as a sequence of pieces whose concatenation is exactly that text, none much longer than
 * `targetChars` unless one array element or object value alone is: a large state (a national shard is ~13 M
 * characters, two bytes each in V8 once one Cyrillic word is in it) can then go to gzip a piece at a time instead
 * of as one string. Plain objects and arrays are walked; long arrays are cut into slices stringified whole (one
 * native call per slice, not per element); everything else (numbers, strings, objects with `toJSON`…) is handed
 * to JSON.stringify as it is.
 */

/** Below this many elements an array's elements are walked one by one (they may be large: a shard's detectors). */
const WALK_ELEMENTS_BELOW = 16;

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return (
    (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function'
  );
}

/** A value JSON leaves out of an object (and writes as null in an array). */
function isOmitted(v: unknown): boolean {
  return v === undefined || typeof v === 'function' || typeof v === 'symbol';
}

/**
 * @example [...jsonPieces({ a: [1, 2] }, 1)].join('') // → '{"a":[1,2]}'
 */
export function* jsonPieces(value: unknown, targetChars: number): Generator<string> {
  if (value === null || typeof value !== 'object' || !(Array.isArray(value) || isPlainObject(value))) {
    // undefined at the top: JSON.stringify gives undefined, not text; the callers serialise objects.
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    if (value.length < WALK_ELEMENTS_BELOW) {
      for (let i = 0; i < value.length; i++) {
        if (i > 0) yield ',';
        const v: unknown = value[i];
        if (isOmitted(v)) yield 'null';
        else yield* jsonPieces(v, targetChars);
      }
    } else {
      // Slices of `step` elements, the step following the text a slice made (elements are alike, as a rule).
      let step = 16;
      for (let i = 0; i < value.length; ) {
        const slice = value.slice(i, i + step);
        const text = JSON.stringify(slice);
        yield (i > 0 ? ',' : '') + text.slice(1, -1);
        i += slice.length;
        step = Math.max(1, Math.floor((targetChars * slice.length) / Math.max(1, text.length)));
      }
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const v: unknown = (value as Record<string, unknown>)[key];
    if (isOmitted(v)) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(v, targetChars);
  }
  yield '}';
}
