/** The briefing as JSON: the Briefing object itself (types.ts documents every field), for other systems. */
import type { Briefing } from './types.ts';

export function renderJson(b: Briefing): string {
  return `${JSON.stringify(b, null, 2)}\n`;
}
