import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './paths';

/** The shipped command line (dist/cli.js), run as a user runs it, without DOCKER_HOST or a context from outside. */
export function stevedore(...args: string[]): { code: number; out: string; err: string } {
  const env = { ...process.env };
  delete env['DOCKER_HOST'];
  delete env['DOCKER_CONTEXT'];
  const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], {
    encoding: 'utf8',
    timeout: 180_000,
    env,
  });
  return { code: run.status ?? -1, out: run.stdout, err: run.stderr };
}
