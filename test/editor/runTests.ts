// Runs the end-to-end suites in a real VS Code through @vscode/test-electron:
//   1. suite/          the extension from the source tree (extensionDevelopmentPath = the repository);
//   2. untrustedSuite/ the same, the workspace opened untrusted (restricted mode);
//   3. noEngineSuite/  the same, the workspace's stevedore.engine.host pointing at a socket that does not exist;
//   4. vsixSuite/      the packaged .vsix, installed into a fresh extensions folder, activated from there.
// By default "VS Code" is code-server behind ./code-server-shim (nothing to download); STEVEDORE_VSCODE=desktop lets
// test-electron download desktop VS Code instead, for those with network.
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
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

    // test-electron launches desktop VS Code with workspace trust disabled, so the untrusted run is code-server's.
    if (!desktop)
      await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: join(suites, 'untrustedSuite', 'index.js'),
        launchArgs: [workspace, '--stevedore-untrusted'],
      });

    const noEngine = join(scratch, 'no-engine');
    await cp(join(repoRoot, 'test', 'editor', 'workspace'), noEngine, { recursive: true });
    await mkdir(join(noEngine, '.vscode'), { recursive: true });
    await writeFile(
      join(noEngine, '.vscode', 'settings.json'),
      JSON.stringify({ 'stevedore.engine.host': `unix://${join(scratch, 'sdext-no-engine', 'docker.sock')}` }),
    );
    await runTests({
      vscodeExecutablePath: executable,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(suites, 'noEngineSuite', 'index.js'),
      launchArgs: [noEngine],
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
