/**
 * The UI's weight as a browser downloads it (issue 16: ≤ 150 KB of JavaScript gzipped): the bundle the server
 * builds at start (src/ui/bundle.ts: app + uPlot, minified), gzipped at level 9 as a static server would.
 *   npx tsx bench/ui-size.ts   → {"bench":"ui","ui_js_kb":…,"ui_js_gzip_kb":…,"ui_html_gzip_kb":…}
 */
import { gzipSync } from 'node:zlib';
import { bundleUi } from '../src/ui/bundle.ts';

const { js, html } = await bundleUi();
const kb = (n: number) => +(n / 1024).toFixed(1);
console.log(
  JSON.stringify({
    bench: 'ui',
    ui_js_kb: kb(Buffer.byteLength(js)),
    ui_js_gzip_kb: kb(gzipSync(js, { level: 9 }).length),
    ui_html_gzip_kb: kb(gzipSync(html, { level: 9 }).length),
  }),
);
