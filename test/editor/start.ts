// `npm start`: a real VS Code (code-server) at http://127.0.0.1:PORT with Stevedore installed from a freshly packaged
// .vsix and examples/ as the workspace. Runs until Ctrl-C.
//   --port N            listen on N (default: 8088, or a free port when 8088 is taken)
//   --workspace DIR     open DIR instead of examples/
//   --screenshot FILE   open the page in headless Chromium, use it as a user would (open a compose file, make a
//                       mistake, run a command), save a screenshot to FILE and stop.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { freePort } from '../support/net';
import { repoRoot } from '../support/paths';
import { launchBrowser } from './browser';
import { startCodeServer } from './codeServer';
import { packageAndInstall } from './vsix';

interface StartArgs {
  port?: number;
  workspace: string;
  screenshot?: string;
}

function parseArgs(argv: readonly string[]): StartArgs {
  const args: StartArgs = { workspace: join(repoRoot, 'examples') };
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === '--port' && value) args.port = Number(argv[++i]);
    else if (argv[i] === '--workspace' && value) args.workspace = resolve(argv[++i] ?? '');
    else if (argv[i] === '--screenshot' && value) args.screenshot = resolve(argv[++i] ?? '');
    else throw new Error(`unknown argument ${argv[i]}; see the comment at the top of test/editor/start.ts`);
  }
  return args;
}

async function choosePort(wanted?: number): Promise<number> {
  if (wanted) return wanted;
  const probe = await fetch('http://127.0.0.1:8088/').then(
    () => true,
    () => false,
  );
  return probe ? freePort() : 8088;
}

/** What a new user does first: open a compose file, type a mistake, run a Stevedore command; then a screenshot. */
async function tour(page: Page, url: string, file: string, screenshot: string): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.keyboard.press('Control+P');
  await page.keyboard.type(file);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n  oops: [unclosed\nvolumes:');
  await page.keyboard.press('F1');
  await page.keyboard.type('Stevedore: Show Docker Engine');
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+Shift+M');
  const problem = page.locator('.markers-panel .monaco-list-row').nth(1);
  await problem.waitFor({ timeout: 30_000 });
  await page.locator('.notifications-toasts .notification-toast', { hasText: 'Docker Engine' }).waitFor({ timeout: 30_000 });
  await problem.click(); // shows the error in the editor
  await page.screenshot({ path: screenshot });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const scratch = await mkdtemp(join(tmpdir(), 'stevedore-start-'));
  const extensionsDir = join(scratch, 'extensions');
  packageAndInstall(scratch, extensionsDir);
  const port = await choosePort(args.port);
  // The tour types into a file: give it a copy of the workspace, so the user's files stay as they are.
  const workspace = args.screenshot ? join(scratch, 'workspace') : args.workspace;
  if (args.screenshot) await cp(args.workspace, workspace, { recursive: true });
  const server = await startCodeServer({ workspace, extensionsDir, port });
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  const stop = async (): Promise<void> => {
    await server.stop();
    await rm(scratch, { recursive: true, force: true });
  };
  if (args.screenshot) {
    const { context, page } = await launchBrowser(server.home);
    try {
      await tour(page, url, 'hello/compose.yaml', args.screenshot);
      console.log(`screenshot saved to ${args.screenshot}`);
    } finally {
      await context.close();
      await stop();
    }
    return;
  }
  console.log(`\nStevedore is running in VS Code (code-server): ${url}\nOpen it in a browser; Ctrl-C stops it.\n`);
  const shutdown = (): void => void stop().then(() => process.exit(0));
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
