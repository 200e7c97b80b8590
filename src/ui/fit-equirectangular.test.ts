import { describe, expect, it } from 'vitest';
import { fitEquirectangular } from './fit-equirectangular.ts';

describe('fitEquirectangular', () => {
  it('scales longitudes by cos(mean latitude): two degrees east at 60° N are as wide as one degree north', () => {
    // Mean latitude 60°, cos 60° = 0.5 (hand calculation): the 2° × 1° box is square and fills the 100 × 100 box.
    const xy = fitEquirectangular(
      [
        { lat: 59.5, lon: 0 },
        { lat: 60.5, lon: 2 },
      ],
      { widthPx: 100, heightPx: 100, padPx: 0 },
    );
    // North is up: the northern place is at the top right.
    expect(xy[0]?.x).toBeCloseTo(0, 9);
    expect(xy[0]?.y).toBeCloseTo(100, 9);
    expect(xy[1]?.x).toBeCloseTo(100, 9);
    expect(xy[1]?.y).toBeCloseTo(0, 9);
  });

  it('fits inside the box less its padding, centred on the axis that does not bind', () => {
    const xy = fitEquirectangular(
      [
        { lat: 56, lon: 60 },
        { lat: 58, lon: 61 },
      ],
      { widthPx: 400, heightPx: 200, padPx: 10 },
    );
    for (const p of xy) {
      expect(p.x).toBeGreaterThanOrEqual(10);
      expect(p.x).toBeLessThanOrEqual(390);
      expect(p.y).toBeGreaterThanOrEqual(10);
      expect(p.y).toBeLessThanOrEqual(190);
    }
    // Taller than wide: the height binds (10 to 190) and the shape is centred horizontally.
    expect([xy[0]?.y, xy[1]?.y]).toEqual([190, 10]);
    expect(((xy[0]?.x ?? 0) + (xy[1]?.x ?? 0)) / 2).toBeCloseTo(200, 6);
  });

  it('puts one place, or places at one point, at the centre', () => {
    const box = { widthPx: 300, heightPx: 100, padPx: 5 };
    expect(fitEquirectangular([{ lat: 56.8, lon: 60.6 }], box)).toEqual([{ x: 150, y: 50 }]);
    expect(
      fitEquirectangular(
        [
          { lat: 1, lon: 2 },
          { lat: 1, lon: 2 },
        ],
        box,
      ),
    ).toEqual([
      { x: 150, y: 50 },
      { x: 150, y: 50 },
    ]);
    expect(fitEquirectangular([], box)).toEqual([]);
  });
});
