import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '../support/net';
import { repoRoot } from '../support/paths';

/**
 * Starts code-server (the real VS Code server, installed by test/setup/ensure-editor.sh) in a throw-away profile:
 * its own user data, extensions, XDG and TMP folders, bound to 127.0.0.1 on a free port, in its own process group.
 */
export interface CodeServerOptions {
  readonly workspace: string;
  /** Folder the server installs and loads extensions from; a fresh empty one by default. */
  readonly extensionsDir?: string;
  readonly port?: number;
  /** Extra environment for the server and so for the extension host. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Open the folder as an untrusted workspace (restricted mode): workspace trust on, no startup prompt, nothing
   * trusted. By default trust is disabled, so every workspace is trusted.
   */
  readonly untrusted?: boolean;
}

export interface RunningCodeServer {
  readonly url: string;
  readonly port: number;
  /** The profile's root folder (short: code-server puts a Unix socket under it). */
  readonly home: string;
  readonly extensionsDir: string;
  readonly log: string;
  stop(): Promise<void>;
}

export const codeServerBin =
  process.env['STEVEDORE_CODE_SERVER'] ?? join(repoRoot, '.vscode-test', 'code-server', 'node_modules', '.bin', 'code-server');

const settings = {
  'telemetry.telemetryLevel': 'off',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'terminal.integrated.gpuAcceleration': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.autoSave': 'off',
};

async function waitForHealth(url: string, child: ChildProcess, log: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${log}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs} ms; see ${log}`);
}

export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const home = await mkdtemp('/tmp/sv-');
  const userData = join(home, 'ud');
  const extensionsDir = options.extensionsDir ?? join(home, 'ext');
  const dirs = { config: join(home, 'config'), data: join(home, 'data'), cache: join(home, 'cache'), tmp: join(home, 'tmp') };
  for (const dir of [join(userData, 'User'), extensionsDir, ...Object.values(dirs)]) await mkdir(dir, { recursive: true });
  const trust = options.untrusted
    ? {
        'security.workspace.trust.enabled': true,
        'security.workspace.trust.startupPrompt': 'never',
        'security.workspace.trust.banner': 'never',
        'security.workspace.trust.emptyWindow': false,
      }
    : {};
  await writeFile(join(userData, 'User', 'settings.json'), JSON.stringify({ ...settings, ...trust }, null, 2));
  await writeFile(join(home, 'config.yaml'), 'auth: none\ncert: false\n');

  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const log = join(home, 'code-server.log');
  const args = [
    ...['--config', join(home, 'config.yaml'), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`],
    ...['--user-data-dir', userData, '--extensions-dir', extensionsDir],
    ...['--disable-telemetry', '--disable-update-check', '--disable-getting-started-override'],
    ...(options.untrusted ? [] : ['--disable-workspace-trust']),
    '--ignore-last-opened',
    options.workspace,
  ];
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    TMPDIR: dirs.tmp,
    ...options.env,
  };
  const out = createWriteStream(log);
  const child = spawn(codeServerBin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const killer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    out.end();
    if (!process.env['STEVEDORE_KEEP_PROFILE']) await rm(home, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child, log, 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, port, home, extensionsDir, log, stop };
}
