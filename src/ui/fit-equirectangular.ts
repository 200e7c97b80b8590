/**
 * Places on a flat box: the equirectangular projection with longitudes scaled by cos(mean latitude) (so a
 * region's shape is not stretched east–west: at 57° N a degree of longitude is 0.54 of a degree of latitude),
 * one scale for both axes, fitted inside the box less `padPx` on every side and centred. North is up. One place,
 * or places at one point, sit at the centre.
 */
export interface LatLon {
  lat: number;
  lon: number;
}

export interface FitBox {
  widthPx: number;
  heightPx: number;
  padPx: number;
}

/**
 * @example
 * fitEquirectangular([{ lat: 60, lon: 0 }, { lat: 60, lon: 2 }], { widthPx: 100, heightPx: 100, padPx: 0 })
 * // → [{ x: 0, y: 50 }, { x: 100, y: 50 }]
 */
export function fitEquirectangular(points: readonly LatLon[], box: FitBox): { x: number; y: number }[] {
  if (points.length === 0) return [];
  const meanLatRad = (points.reduce((s, p) => s + p.lat, 0) / points.length) * (Math.PI / 180);
  const k = Math.cos(meanLatRad);
  const xs = points.map((p) => p.lon * k);
  const ys = points.map((p) => -p.lat);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);
  const innerW = Math.max(0, box.widthPx - 2 * box.padPx);
  const innerH = Math.max(0, box.heightPx - 2 * box.padPx);
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const scale = Math.min(
    spanX > 0 ? innerW / spanX : Number.POSITIVE_INFINITY,
    spanY > 0 ? innerH / spanY : Number.POSITIVE_INFINITY,
  );
  const s = Number.isFinite(scale) ? scale : 0;
  // Centre the fitted shape: the slack of the axis that did not bind is split between its two sides.
  const offX = box.padPx + (innerW - spanX * s) / 2;
  const offY = box.padPx + (innerH - spanY * s) / 2;
  return xs.map((x, i) => ({ x: offX + (x - minX) * s, y: offY + ((ys[i] as number) - minY) * s }));
}
