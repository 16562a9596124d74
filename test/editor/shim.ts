// A stand-in for the desktop VS Code executable that @vscode/test-electron launches: it takes the same flags
// (--extensionDevelopmentPath=, --extensionTestsPath=, a workspace folder), runs the tests in code-server's
// extension host through headless Chromium, and exits with the tests' exit code. Used through ./code-server-shim.
import { pathToFileURL } from 'node:url';
import { readFile } from 'node:fs/promises';
import { format } from 'node:util';
import { launchBrowser } from './browser';
import { startCodeServer } from './codeServer';

interface ShimArgs {
  developmentPaths: string[];
  extensionsDir?: string;
  testsPath?: string;
  workspace?: string;
  untrusted?: boolean;
}

function parseArgs(argv: readonly string[]): ShimArgs {
  const args: ShimArgs = { developmentPaths: [] };
  for (const arg of argv) {
    const [flag, value] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (flag === '--extensionDevelopmentPath' && value) args.developmentPaths.push(value);
    else if (flag === '--extensionTestsPath' && value) args.testsPath = value;
    else if (flag === '--extensions-dir' && value) args.extensionsDir = value;
    // Ours (desktop VS Code does not know it): open the workspace untrusted, in restricted mode.
    else if (flag === '--stevedore-untrusted') args.untrusted = true;
    else if (!arg.startsWith('-')) args.workspace = arg;
    // Other flags (--no-sandbox, --user-data-dir=, ...) do not apply: each run gets a fresh profile of its own, in
    // a short path because code-server puts a Unix socket in it.
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.testsPath || args.developmentPaths.length === 0 || !args.workspace) {
    process.stderr.write('code-server-shim: needs --extensionDevelopmentPath=, --extensionTestsPath= and a workspace folder\n');
    return 2;
  }
  const timeoutMs = Number(process.env['STEVEDORE_EDITOR_TIMEOUT_MS'] ?? 300_000);
  const server = await startCodeServer({
    workspace: args.workspace,
    ...(args.extensionsDir ? { extensionsDir: args.extensionsDir } : {}),
    ...(args.untrusted ? { untrusted: true } : {}),
  });
  const remote = (path: string): string => `vscode-remote://127.0.0.1:${server.port}${pathToFileURL(path).pathname}`;
  const payload = [
    ...args.developmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(args.testsPath)],
    ['skipWelcome', 'true'],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(args.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const { context, page } = await launchBrowser(server.home);
  try {
    let finish: (code: number) => void = () => undefined;
    const exitCode = new Promise<number>((resolve) => (finish = resolve));
    // The extension host's console (mocha's reporter among it) and its exit code reach the page through these.
    await page.exposeFunction('codeAutomationLog', (_type: unknown, message: unknown) => {
      // The host forwards console calls as their argument list, format string first.
      const text = Array.isArray(message) ? format(...(message as unknown[])) : String(message);
      process.stdout.write(`${text}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => finish(Number(code)));
    await page.goto(url);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const outcome = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    const screenshot = process.env['STEVEDORE_SCREENSHOT'];
    if (outcome === 'timeout' || screenshot) {
      const path = screenshot ?? `/tmp/stevedore-editor-timeout-${Date.now()}.png`;
      await page.screenshot({ path }).catch(() => undefined);
      process.stderr.write(`code-server-shim: screenshot at ${path}\n`);
    }
    if (outcome === 'timeout') {
      process.stderr.write(`code-server-shim: the tests did not finish within ${timeoutMs} ms\n`);
      process.stderr.write((await readFile(server.log, 'utf8').catch(() => '')).slice(-4000));
      return 1;
    }
    return outcome;
  } finally {
    await context.close().catch(() => undefined);
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`code-server-shim: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
