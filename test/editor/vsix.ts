import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../support/paths';
import { codeServerBin } from './codeServer';

/**
 * Packages the extension as users get it (`npm run package`: vsce, bundles only) into `scratch`, and installs the
 * .vsix into `extensionsDir` with the editor's own CLI (code-server's by default; desktop VS Code's when given).
 */
export function packageAndInstall(
  scratch: string,
  extensionsDir: string,
  editorCli: readonly string[] = [codeServerBin],
): string {
  const vsix = join(scratch, 'stevedore.vsix');
  execFileSync('npm', ['run', '--silent', 'package', '--', '-o', vsix], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const [cli = codeServerBin, ...cliArgs] = editorCli;
  execFileSync(cli, [...cliArgs, '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env: { ...process.env, XDG_CONFIG_HOME: join(scratch, 'config'), XDG_DATA_HOME: join(scratch, 'data') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return vsix;
}
