/**
 * Builds the UI at server start, in memory: src/ui/app.ts (with uPlot) bundled by esbuild, and index.html.
 * uPlot's CSS is served from node_modules/uplot/dist (see UPLOT_DIST_DIR).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const APP_ENTRY = fileURLToPath(new URL('./app.ts', import.meta.url));
const INDEX_HTML = fileURLToPath(new URL('./index.html', import.meta.url));

/** node_modules/uplot/dist, resolved through the package (no CDN). */
export const UPLOT_DIST_DIR = dirname(createRequire(import.meta.url).resolve('uplot'));

export interface UiBundle {
  html: string;
  js: string;
}

export async function bundleUi(): Promise<UiBundle> {
  const [result, html] = await Promise.all([
    build({
      entryPoints: [APP_ENTRY],
      bundle: true,
      format: 'esm',
      write: false,
      minify: true,
      target: 'es2020',
      platform: 'browser',
      logLevel: 'silent',
    }),
    readFile(INDEX_HTML, 'utf8'),
  ]);
  const js = result.outputFiles[0]?.text;
  if (js === undefined) throw new Error('esbuild produced no output for src/ui/app.ts');
  return { html, js };
}
