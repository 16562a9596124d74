import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { corpusFiles, errorsOf, validateCorpusFile } from '../support/corpus';

const run = promisify(execFile);

/** docker stack config's verdict: accepted, or the first line of its error. Pure client side: no engine needed. */
async function dockerVerdict(file: string, home: string): Promise<{ ok: true } | { ok: false; error: string }> {
  try {
    // A clean environment: no variables of this machine leak into interpolation, no user config is read.
    await run('docker', ['stack', 'config', '-c', file], {
      env: { PATH: process.env['PATH'] ?? '', HOME: home, DOCKER_CONFIG: home },
    });
    return { ok: true };
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? error);
    const lines = stderr.split('\n').filter((l) => l.trim() && !l.includes('level=warning'));
    return { ok: false, error: lines[0] ?? stderr };
  }
}

/** Failures that depend on the deploying machine (a file or variable it would have), which we report as warnings. */
const ENVIRONMENTAL: readonly [RegExp, string][] = [
  [/no such file or directory/, 'compose/missing-file'],
  [/required variable \w+ is missing a value/, 'compose/required-variable'],
];

describe('stack verdicts agree with docker stack config', () => {
  for (const file of corpusFiles('stack/valid')) {
    it(basename(file), async () => {
      const home = await mkdtemp(join(tmpdir(), 'stevedore-docker-'));
      const verdict = await dockerVerdict(file, home);
      const diagnostics = validateCorpusFile(file, 'stack');
      const errors = errorsOf(diagnostics);
      if (verdict.ok) {
        assert.deepEqual(errors, [], 'docker stack config accepts this file');
        return;
      }
      const environmental = ENVIRONMENTAL.find(([pattern]) => pattern.test(verdict.error));
      if (environmental) {
        assert.deepEqual(
          errors,
          [],
          `docker fails only for want of the deploying machine's files or variables: ${verdict.error}`,
        );
        assert.ok(
          diagnostics.some((d) => d.code === environmental[1]),
          `a ${environmental[1]} warning says what docker said: ${verdict.error}`,
        );
      } else {
        assert.ok(errors.length > 0, `docker stack config rejects it: ${verdict.error}`);
      }
    });
  }
});
