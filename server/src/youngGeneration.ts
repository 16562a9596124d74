// Imported first by the server's entry point, before any library allocates: the young generation stays at its start
// size instead of doubling after each busy scavenge. A check allocates many short-lived nodes and strings; with the
// default growth V8 raises the two semi-spaces to 16 MB each and keeps them, which was a fifth to a quarter of the
// server's peak on the bench workloads. Kept small, the peaks fell by 8–25 MB with no measurable CPU cost
// (docs/bench-issue15.md). Exported for the test that checks the flag reaches V8.
import { setFlagsFromString } from 'node:v8';

export const YOUNG_GENERATION_FLAG = '--semi-space-growth-factor=1';

setFlagsFromString(YOUNG_GENERATION_FLAG);
