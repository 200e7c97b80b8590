/**
 * Content negotiation by Accept: the media types a client lists, best first. Pure.
 */

/**
 * The media types of an Accept header in the client's preference: highest q first, then the header's order;
 * q=0 (refused) left out; lower case, without parameters.
 * @example acceptedMediaTypes('text/html;q=0.5, application/pdf') → ['application/pdf', 'text/html']
 */
export function acceptedMediaTypes(accept: string | undefined): string[] {
  return (accept ?? '')
    .split(',')
    .map((part, i) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { type: type.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.type !== '' && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((r) => r.type);
}

/**
 * The first of the client's media types that a route serves, or undefined (no Accept, only wildcards or types
 * the route does not serve: the route's default).
 * @example preferredMediaType('image/png, text/csv;q=0.9, application/json;q=0.5', ['application/json', 'text/csv'])
 *   === 'text/csv'
 */
export function preferredMediaType<T extends string>(
  accept: string | undefined,
  served: readonly T[],
): T | undefined {
  for (const t of acceptedMediaTypes(accept)) {
    const hit = served.find((s) => s === t);
    if (hit !== undefined) return hit;
  }
  return undefined;
}
