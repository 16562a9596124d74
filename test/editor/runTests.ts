// Runs the end-to-end suite in a real VS Code through @vscode/test-electron. By default the "VS Code" is
// code-server behind ./code-server-shim (no download needed); STEVEDORE_VSCODE=desktop lets test-electron download
// and run desktop VS Code instead, for those with network.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../support/paths';

async function main(): Promise<void> {
  const workspace = await mkdtemp(join(tmpdir(), 'stevedore-ws-'));
  await cp(join(repoRoot, 'test', 'editor', 'workspace'), workspace, { recursive: true });
  const desktop = process.env['STEVEDORE_VSCODE'] === 'desktop';
  try {
    await runTests({
      ...(desktop ? {} : { vscodeExecutablePath: join(repoRoot, 'test', 'editor', 'code-server-shim') }),
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'editor', 'suite', 'index.js'),
      launchArgs: [workspace],
    });
  } finally {
    await rm(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`editor tests failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
