// `npm run screenshots`: pictures of Stevedore at work for the docs, taken as a user would take them. It packages
// and installs the extension into code-server (as `npm start` does), opens a scratch workspace with a small compose
// file in headless Chromium, and drives the real UI with the keyboard: Deploy from the palette (the plan quick pick),
// the Stevedore explorer with the project, then "Attach Shell…" on all replicas of a service. It needs the local
// engine (the project `sdshdemo` it deploys is taken down again at the end) and writes, by default into docs/screenshots/:
//   deploy-plan.png     the plan quick pick, before Apply
//   explorer-tree.png   the Stevedore view: project → services → containers
//   shell-terminal.png  two split shell terminals, one per replica
//   deploy-profiles.png Deploy asking which profiles to enable (project `sdwprofshot`, COMPOSE_PROFILES from .env)
//   explorer-profiles.png the explorer grouping that project by profile, the inactive one greyed, and the lenses
//   watch-before.png    Watch on for project `sdnwatchshot`: the page in the editor, curl reading it from the container
//   watch-after.png     the same after an edit and a save: the status bar's sync report, curl reading the new page
//   --out DIR           write the PNGs there instead
//   --only watch        take the watch pictures alone
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { composeDown, composePs, connectEngine, type Engine } from '../../client/src/engine';
import { ensureBusyboxImage } from '../support/busyboxImage';
import { repoRoot } from '../support/paths';
import { launchBrowser } from './browser';
import { startCodeServer } from './codeServer';
import { packageAndInstall } from './vsix';

const PROJECT = 'sdshdemo';
const COMPOSE = `# A small project for the screenshots (test/editor/screenshots.ts).
services:
  web:
    image: stevedore/busybox:local
    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
    deploy:
      replicas: 2
  worker:
    image: stevedore/busybox:local
    command: ["sh", "-c", "while sleep 5; do echo tick; done"]
`;

const WATCH_PROJECT = 'sdnwatchshot';
const WATCH_COMPOSE = `# Watch for the screenshots (test/editor/screenshots.ts): site/ is synced into httpd's /www on each save.
services:
  web:
    image: stevedore/busybox:local
    command: ["sh", "-c", "mkdir -p /www && exec httpd -f -p 8080 -h /www"]
    init: true
    ports:
      - "127.0.0.1::8080"
    develop:
      watch:
        - action: sync
          path: ./site
          target: /www
          initial_sync: true
`;

const PROFILES_PROJECT = 'sdwprofshot';
const PROFILES_COMPOSE = `# Profiles for the screenshots (test/editor/screenshots.ts): .env enables debug.
services:
  web:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
  debugger:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
    profiles: [debug]
  lint:
    image: stevedore/busybox:local
    command: ["sleep", "3600"]
    init: true
    profiles: [tools]
`;

/** Waits for the quick input titled `title` (a picker or an input box) and returns its rows. */
async function quickInput(page: Page, title: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
}

async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor();
  await page.keyboard.type(command);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: command.replace(/^.*: /, '') })
    .first()
    .waitFor();
  await page.keyboard.press('Enter');
}

async function tour(page: Page, url: string, out: string, engine: Engine, only: string | undefined): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  if (only === 'watch') return watchTour(page, out, engine);
  await page.keyboard.press('Control+P');
  await page.keyboard.type(`${PROJECT}/compose.yaml`);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines', { hasText: 'replicas' }).waitFor();

  // 1. Deploy: the plan, one line per operation with its reason, before anything changes.
  await palette(page, 'Stevedore: Deploy');
  const kindPick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Compose project' }).first();
  const applyRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Apply' }).first();
  await kindPick.or(applyRow).first().waitFor({ timeout: 60_000 });
  // On a swarm manager this file could run as a stack too: Deploy asks once (the first item is the compose project).
  if (await kindPick.isVisible()) await page.keyboard.press('Enter');
  await applyRow.waitFor({ timeout: 60_000 });
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: `${PROJECT}-web-2` })
    .first()
    .waitFor();
  await page.screenshot({ path: join(out, 'deploy-plan.png') });
  await page.keyboard.press('Enter');

  // 2. The explorer: the project, its services (running/wanted), the containers of web.
  await palette(page, 'Focus on Stevedore View');
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Stevedore' }) });
  const row = (text: string) => view.locator('.monaco-list-row', { hasText: text }).first();
  await row('2/2 running').waitFor({ timeout: 120_000 });
  await row('1/1 running').waitFor({ timeout: 60_000 });
  await row('2/2 running').click();
  await row(`${PROJECT}-web-2`).waitFor();
  await page.screenshot({ path: join(out, 'explorer-tree.png') });

  // 3. Attach Shell… on all replicas of web: one terminal per replica, split side by side.
  await palette(page, 'Stevedore: Attach Shell…');
  await quickInput(page, 'Project or stack');
  await page.keyboard.type(PROJECT);
  await page.keyboard.press('Enter');
  await quickInput(page, `Service of ${PROJECT}`);
  await page.keyboard.type('web');
  await page.keyboard.press('Enter');
  await quickInput(page, 'Shell in which container of web?');
  await page.keyboard.type('All replicas');
  await page.keyboard.press('Enter');
  await quickInput(page, 'Shell in web');
  await page.keyboard.press('Enter'); // bash, else sh
  await quickInput(page, 'User in web');
  await page.keyboard.press('Enter'); // the container's user
  await quickInput(page, 'Working directory in web');
  await page.keyboard.type('/www');
  await page.keyboard.press('Enter');
  const terminal = page.locator('.terminal-wrapper .xterm-rows');
  await terminal.first().waitFor({ timeout: 30_000 });
  await page.locator('.xterm-rows', { hasText: '/www #' }).first().waitFor({ timeout: 30_000 });
  await page.locator('.terminal-wrapper .xterm').last().click();
  await page.keyboard.type('echo "héllo ✓ from $(hostname), size $(stty size)"\n');
  // The output, not the typed line (which has `$(hostname)` where the output has the container's id).
  await page
    .locator('.xterm-rows', { hasText: /héllo ✓ from [0-9a-f]{12}, size \d+ \d+/ })
    .first()
    .waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(out, 'shell-terminal.png') });
  await profilesTour(page, out);
  await watchTour(page, out, engine);
}

/** Deploy asking which profiles to enable, then the explorer's profile groups beside the file's lenses. */
async function profilesTour(page: Page, out: string): Promise<void> {
  // The shells and notifications of the steps before would hide the tree and the lenses.
  await palette(page, 'View: Hide Panel');
  await palette(page, 'Notifications: Clear All Notifications');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor();
  await page.keyboard.type(`${PROFILES_PROJECT}/compose.yaml`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: PROFILES_PROJECT }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines', { hasText: 'profiles' }).waitFor();
  await palette(page, 'Stevedore: Deploy');
  const kindPick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Compose project' }).first();
  const profilesTitle = page.locator('.quick-input-widget .quick-input-title', { hasText: 'Profiles to enable' });
  await kindPick.or(profilesTitle).first().waitFor({ timeout: 60_000 });
  if (await kindPick.isVisible()) await page.keyboard.press('Enter');
  await profilesTitle.waitFor({ timeout: 60_000 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'tools' }).first().waitFor();
  await page.screenshot({ path: join(out, 'deploy-profiles.png') });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Apply' }).first().waitFor({ timeout: 60_000 });
  await page.keyboard.press('Enter');

  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Stevedore' }) });
  const row = (text: string) => view.locator('.monaco-list-row', { hasText: text }).first();
  await row('inactive profile').waitFor({ timeout: 120_000 });
  await row('inactive profile').click();
  await row('lint').waitFor();
  // Once the containers run: the tree and the lenses follow the engine's events.
  await view
    .locator('.monaco-list-row', { hasText: /debugger\s*1\/1 running/ })
    .first()
    .waitFor({ timeout: 60_000 });
  await page
    .locator('.monaco-editor .codelens-decoration', { hasText: 'debugger: 1/1 running · profile: debug' })
    .waitFor({ timeout: 60_000 });
  await page
    .locator('.monaco-editor .codelens-decoration', { hasText: 'profile: tools (not enabled)' })
    .waitFor({ timeout: 60_000 });
  await page.screenshot({ path: join(out, 'explorer-profiles.png') });
}

/** Watch on a deployed project, before and after a save: what the container serves, read with curl in a terminal. */
async function watchTour(page: Page, out: string, engine: Engine): Promise<void> {
  await palette(page, 'View: Close All Editors');
  await palette(page, 'Notifications: Clear All Notifications');
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor();
  await page.keyboard.type(`${WATCH_PROJECT}/compose.yaml`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: WATCH_PROJECT }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines', { hasText: 'initial_sync' }).waitFor();
  await palette(page, 'Stevedore: Deploy');
  const kindPick = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Compose project' }).first();
  const applyRow = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Apply' }).first();
  await kindPick.or(applyRow).first().waitFor({ timeout: 60_000 });
  if (await kindPick.isVisible()) await page.keyboard.press('Enter');
  await applyRow.waitFor({ timeout: 60_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Watch' }).first().waitFor({ timeout: 180_000 });
  await palette(page, 'Stevedore: Toggle Watch');
  await page
    .locator('.part.statusbar')
    .getByText(/watching|synced/)
    .first()
    .waitFor({ timeout: 60_000 });
  // The tree beside the editor: the project says "watching".
  await palette(page, 'Focus on Stevedore View');
  const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Stevedore' }) });
  await view
    .locator('.monaco-list-row', { hasText: /sdnwatchshot.*watching/ })
    .first()
    .waitFor({ timeout: 60_000 });
  const port = (await composePs(engine, WATCH_PROJECT))
    .flatMap((s) => s.containers.flatMap((c) => c.ports))
    .map((p) => /:(\d+)->8080/.exec(p)?.[1])
    .find(Boolean);
  if (!port) throw new Error(`${WATCH_PROJECT}: no published port`);

  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor();
  await page.keyboard.type(`${WATCH_PROJECT}/site/index.html`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'index.html' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-lines', { hasText: 'before the save' }).waitFor();
  await palette(page, 'Terminal: Create New Terminal');
  await page.locator('.terminal-wrapper .xterm').last().waitFor({ timeout: 30_000 });
  await page.locator('.terminal-wrapper .xterm').last().click();
  await page.keyboard.type('clear\n');
  await page.locator('.xterm-rows', { hasText: 'clear' }).first().waitFor({ state: 'detached', timeout: 30_000 });
  await page.keyboard.type(`curl -s http://127.0.0.1:${port}/\n`);
  const servedLine = (text: string) => page.locator('.xterm-rows', { hasText: text }).first();
  await servedLine('<h1>before the save</h1>').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(out, 'watch-before.png') });

  // Edit the page, save: the status bar reports the sync, and the container serves the new page.
  // Select the word "before" after `<h1>` (typing the whole line would meet the editor's tag auto-closing).
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < '<h1>'.length; i++) await page.keyboard.press('ArrowRight');
  for (let i = 0; i < 'before'.length; i++) await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.type('after');
  await page.keyboard.press('Control+S');
  await page
    .locator('.part.statusbar')
    .getByText(/web: synced 1 file in \d+ ms/)
    .first()
    .waitFor({ timeout: 30_000 });
  await page.locator('.terminal-wrapper .xterm').last().click();
  await page.keyboard.type(`curl -s http://127.0.0.1:${port}/\n`);
  await servedLine('<h1>after the save</h1>').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(out, 'watch-after.png') });
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--out');
  const out = resolve(i > 0 ? (process.argv[i + 1] ?? '') : join(repoRoot, 'docs', 'screenshots'));
  const o = process.argv.indexOf('--only');
  const only = o > 0 ? process.argv[o + 1] : undefined;
  await mkdir(out, { recursive: true });
  const engine = await connectEngine();
  await ensureBusyboxImage(engine.docker);
  await composeDown(engine, PROJECT);
  await composeDown(engine, PROFILES_PROJECT);
  await composeDown(engine, WATCH_PROJECT);
  const scratch = await mkdtemp(join(tmpdir(), 'stevedore-shots-'));
  try {
    const extensionsDir = join(scratch, 'extensions');
    packageAndInstall(scratch, extensionsDir);
    const workspace = join(scratch, 'workspace');
    await mkdir(join(workspace, PROJECT), { recursive: true });
    await writeFile(join(workspace, PROJECT, 'compose.yaml'), COMPOSE);
    await mkdir(join(workspace, PROFILES_PROJECT), { recursive: true });
    await writeFile(join(workspace, PROFILES_PROJECT, 'compose.yaml'), PROFILES_COMPOSE);
    await writeFile(join(workspace, PROFILES_PROJECT, '.env'), 'COMPOSE_PROFILES=debug\n');
    await mkdir(join(workspace, WATCH_PROJECT, 'site'), { recursive: true });
    await writeFile(join(workspace, WATCH_PROJECT, 'compose.yaml'), WATCH_COMPOSE);
    await writeFile(join(workspace, WATCH_PROJECT, 'site', 'index.html'), '<h1>before the save</h1>\n');
    const server = await startCodeServer({ workspace, extensionsDir });
    try {
      const { context, page } = await launchBrowser(server.home);
      try {
        await tour(page, `${server.url}/?folder=${encodeURIComponent(workspace)}`, out, engine, only);
      } catch (error) {
        await page.screenshot({ path: join(scratch, 'failed.png') }).catch(() => undefined);
        throw new Error(
          `${error instanceof Error ? error.message : String(error)} (page at the failure: ${join(scratch, 'failed.png')})`,
        );
      } finally {
        await context.close();
      }
    } finally {
      await server.stop();
    }
    const watchShots = 'watch-before.png, watch-after.png';
    const all = `deploy-plan.png, explorer-tree.png, shell-terminal.png, deploy-profiles.png, explorer-profiles.png, ${watchShots}`;
    console.log(`screenshots saved in ${out}: ${only === 'watch' ? watchShots : all}`);
    await rm(scratch, { recursive: true, force: true });
  } finally {
    await composeDown(engine, PROJECT);
    await composeDown(engine, PROFILES_PROJECT);
    await composeDown(engine, WATCH_PROJECT);
    await engine.dispose();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`screenshots: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
