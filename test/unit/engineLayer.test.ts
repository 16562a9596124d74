import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ESLint } from 'eslint';
import { repoRoot } from '../support/paths';

/** Architecture invariant: dockerode is used only inside client/src/engine (ESLint enforces it; this checks both). */

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

const restricted = async (file: string): Promise<string> => {
  const config = (await new ESLint({ cwd: repoRoot }).calculateConfigForFile(join(repoRoot, file))) as {
    rules?: Record<string, unknown>;
  };
  return JSON.stringify(config.rules?.['no-restricted-imports'] ?? 'off');
};

describe('the engine layer', () => {
  it('ESLint forbids dockerode outside client/src/engine, and allows it inside and in the tests', async () => {
    for (const file of ['client/src/views/nodes.ts', 'client/src/cli/main.ts', 'server/src/service/codeLens.ts'])
      assert.match(await restricted(file), /"dockerode"/, file);
    for (const file of ['client/src/engine/shell.ts', 'test/unit/engineLayer.test.ts'])
      assert.doesNotMatch(await restricted(file), /dockerode/, file);
  });

  it('no file outside client/src/engine imports dockerode or calls the engine connection directly', () => {
    const offenders = [...sources(join(repoRoot, 'client/src')), ...sources(join(repoRoot, 'server/src'))]
      .map((path) => relative(repoRoot, path))
      .filter((path) => !path.startsWith('client/src/engine/'))
      .filter((path) =>
        /from 'dockerode'|\.docker\.[a-zA-Z]+\(|ControlAvailable/.test(readFileSync(join(repoRoot, path), 'utf8')),
      );
    assert.deepEqual(offenders, []);
  });
});
