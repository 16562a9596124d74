// `node out/test/editor/statsPicture.js [--out DIR]` (after a build, with an engine): a picture of the resource-use
// panel for the docs. Two containers of the test busybox image run for a minute and a quarter: `sk7-burner` sleeps
// for its first 20 seconds and then runs a busy loop (so its CPU chart rises), `sk7-idle` sleeps throughout. Their
// samples come from the panel's own StatsWatcher and history, and the rows are drawn by the panel's own code
// (containerRow, its styles with a light theme's fallbacks), photographed at 1.5× in headless Chromium. Writes
// docs/screenshots/stats-panel.png; removes both containers.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Docker from 'dockerode';
import { StatsWatcher } from '../../client/src/engine';
import { containerRow, StatsHistory, STATS_CSS } from '../../client/src/views/stats/statsChart';
import { BUSYBOX_IMAGE, ensureBusyboxImage } from '../support/busyboxImage';
import { repoRoot } from '../support/paths';
import { launchBrowser } from './browser';

const SAMPLE_SECONDS = 75;
/** The burner's quiet start, so the picture shows its CPU rise rather than only a high line. */
const QUIET_SECONDS = 20;

async function main(): Promise<void> {
  const i = process.argv.indexOf('--out');
  const out = resolve(i > 0 ? (process.argv[i + 1] ?? '') : join(repoRoot, 'docs', 'screenshots'));
  await mkdir(out, { recursive: true });
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  await ensureBusyboxImage(docker);
  const commands: [string, string[]][] = [
    ['sk7-burner', ['sh', '-c', `sleep ${QUIET_SECONDS}; while :; do :; done`]],
    ['sk7-idle', ['sleep', '3600']],
  ];
  const history = new StatsHistory();
  const watcher = new StatsWatcher(docker, (stats) => history.add(stats));
  const ids: string[] = [];
  const profile = await mkdtemp(join(tmpdir(), 'sk7-pictures-'));
  try {
    for (const [name, cmd] of commands) {
      await docker
        .getContainer(name)
        .remove({ force: true })
        .catch(() => undefined);
      const container = await docker.createContainer({ name, Image: BUSYBOX_IMAGE, Cmd: cmd });
      await container.start();
      ids.push(container.id);
    }
    watcher.show(ids);
    await sleep(SAMPLE_SECONDS * 1000);
    watcher.show([]);
    const rows = commands.map(([name], k) => containerRow(name, history.of(ids[k] ?? ''))).join('');
    const { context, page } = await launchBrowser(profile);
    try {
      await page.setContent(
        `<!DOCTYPE html><html><head><style>${STATS_CSS}</style></head><body style="background:#fff;color:#333;font-family:sans-serif;padding:8px;display:inline-block;zoom:1.5">` +
          `<h1>sk7: resource use, last five minutes</h1><table><tbody>${rows}</tbody></table></body></html>`,
      );
      await page.locator('body').screenshot({ path: join(out, 'stats-panel.png') });
      process.stdout.write(`${join(out, 'stats-panel.png')}\n`);
    } finally {
      await context.close();
    }
  } finally {
    watcher.show([]);
    for (const id of ids) await docker.getContainer(id).remove({ force: true });
    await rm(profile, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
