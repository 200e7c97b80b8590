/**
 * Files in a directory: `<place>-<date>.<format>` for each format subscribed, each written to a temporary file
 * and renamed, so a reader (or a crash) never sees half a briefing; a re-send replaces the file with the same name.
 * A relative directory is resolved against `baseDir` (`serve --briefings DIR`).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { BriefingDelivery, BriefingSink } from './sink.ts';

export function createFileSink(o: { baseDir?: string } = {}): BriefingSink {
  return {
    async deliver(d: BriefingDelivery) {
      const dir = resolve(o.baseDir ?? '.', d.subscription.target);
      await mkdir(dir, { recursive: true });
      for (const format of d.subscription.formats) {
        const path = join(dir, `${d.fileStem}.${format}`);
        // Unique per write: two subscriptions may write the same town's page to one directory at once.
        const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
        await writeFile(tmp, await d.render(format));
        await rename(tmp, path);
      }
    },
  };
}
