// Runs the end-to-end suites in a real VS Code through @vscode/test-electron:
//   1. suite/      the extension from the source tree (extensionDevelopmentPath = the repository);
//   2. vsixSuite/  the packaged .vsix, installed into a fresh extensions folder, activated from there.
// By default "VS Code" is code-server behind ./code-server-shim (nothing to download); STEVEDORE_VSCODE=desktop lets
// test-electron download desktop VS Code instead, for those with network.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { repoRoot } from '../support/paths';
import { packageAndInstall } from './vsix';

const desktop = process.env['STEVEDORE_VSCODE'] === 'desktop';
const suites = join(repoRoot, 'out', 'test', 'editor');

async function vscodeExecutable(): Promise<string> {
  return desktop ? downloadAndUnzipVSCode() : join(repoRoot, 'test', 'editor', 'code-server-shim');
}

async function main(): Promise<void> {
  const scratch = await mkdtemp(join(tmpdir(), 'stevedore-e2e-'));
  const workspace = join(scratch, 'workspace');
  await cp(join(repoRoot, 'test', 'editor', 'workspace'), workspace, { recursive: true });
  const executable = await vscodeExecutable();
  try {
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(suites, 'suite', 'index.js'),
      launchArgs: [workspace],
    });

    const extensionsDir = join(scratch, 'extensions');
    packageAndInstall(scratch, extensionsDir, desktop ? resolveCliArgsFromVSCodeExecutablePath(executable) : undefined);
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: join(repoRoot, 'test', 'editor', 'vsix-harness'),
      extensionTestsPath: join(suites, 'vsixSuite', 'index.js'),
      reuseMachineInstall: true,
      launchArgs: [workspace, `--extensions-dir=${extensionsDir}`, `--user-data-dir=${join(scratch, 'ud')}`],
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`editor tests failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
