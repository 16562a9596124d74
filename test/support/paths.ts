import { join } from 'node:path';

/** The repository root, from the compiled location out/test/support/. */
export const repoRoot = join(__dirname, '..', '..', '..');
