/**
 * The demo's stream as `npm start` makes it — one place, so the CLI's defaults and the tests that rebuild the demo
 * (briefing-demo.test.ts) cannot drift from it. No imports: cli.ts reads it without loading the demo.
 */

/** The stream's length and breadth (`vsplesk demo --days --municipalities` defaults). */
export const DEMO_DAYS = 365;
export const DEMO_MUNICIPALITIES = 100;
/** The generator's seed for the stream and its generated history. */
export const DEMO_SEED = 1;
/**
 * The stream's first local day. A year from July ends before the heating season and the first snow: the planner
 * card's recommendations are then for the coming winter (a stream ending on 31 December would find that winter's
 * onset already past).
 */
export const DEMO_START_DATE = '2024-07-01';
/** Five earlier years: with the stream's year, at least 4 complete seasons from any start month. */
export const DEMO_HISTORY_YEARS = 5;
