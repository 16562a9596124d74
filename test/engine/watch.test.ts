import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  applyComposePlan,
  composeDown,
  LABELS,
  planComposeDeploy,
  ProjectWatch,
  watchPaths,
  type Engine,
  type WatchReport,
} from '../../client/src/engine';
import { eventually, testEngine } from '../support/preconditions';
import { freePort, getWhenReady } from '../support/net';
import { copyHello, loadHello } from '../support/helloCopy';
import { repoRoot } from '../support/paths';

const PROJECT = 'sdwwatch';
const IMAGE = 'sdw/hello-web:local';

describe('watch on the real engine: develop.watch rules of examples/hello', () => {
  let engine: Engine;
  let dir: string;
  let file: string;
  let port: number;
  let watch: ProjectWatch | undefined;
  const reports: WatchReport[] = [];

  const page = async (path: string): Promise<string> => {
    const response = await fetch(`http://127.0.0.1:${port}/${path}`);
    return response.ok ? response.text() : `HTTP ${response.status}`;
  };

  const webId = async (): Promise<string | undefined> =>
    (await engine.docker.listContainers({ filters: { label: [`${LABELS.project}=${PROJECT}`, `${LABELS.service}=web`] } }))[0]
      ?.Id;

  before(async () => {
    engine = await testEngine({ image: true });
    await composeDown(engine, PROJECT, { volumes: true });
    dir = mkdtempSync(join(tmpdir(), 'sdwwatch-'));
    file = copyHello(dir, IMAGE);
    port = await freePort();
    const project = loadHello(file, PROJECT, port);
    const result = await applyComposePlan(engine, await planComposeDeploy(engine, project));
    assert.ok(result.ok, result.failed?.message);
    await getWhenReady(`http://127.0.0.1:${port}/`, 30_000);
    watch = new ProjectWatch(engine, project, { debounceMs: 50, client: 'engine test', onReport: (r) => reports.push(r) });
  });
  after(async () => {
    watch?.dispose();
    await composeDown(engine, PROJECT, { volumes: true });
    await engine.docker
      .getImage(IMAGE)
      .remove({ force: true })
      .catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    await engine.dispose();
  });

  it('syncs an edited page into the running httpd, served over 127.0.0.1, and reports it', async () => {
    assert.match(await page(''), /Hello from Stevedore/);
    writeFileSync(join(dir, 'web', 'index.html'), '<h1>edited by sdwwatch</h1>\n');
    watch?.changed([join(dir, 'web', 'index.html')]);
    await watch?.idle();
    assert.equal(await page(''), '<h1>edited by sdwwatch</h1>\n', reports.at(-1)?.message);
    const last = reports.at(-1);
    assert.equal(last?.ok, true, last?.message);
    assert.equal(last?.action, 'sync');
    assert.match(last?.message ?? '', /^web: synced 1 file in \d+ ms$/);
  });

  it('syncs a new folder, honours ignore, and removes a deleted file', async () => {
    const sub = join(dir, 'web', 'docs');
    writeFileSync(join(dir, 'web', 'extra.txt'), 'extra\n');
    mkdirSync(sub);
    writeFileSync(join(sub, 'a.txt'), 'a\n');
    writeFileSync(join(sub, 'b.txt.swp'), 'editor noise\n');
    watch?.changed([join(dir, 'web', 'extra.txt'), sub]);
    await watch?.idle();
    assert.equal(await page('extra.txt'), 'extra\n');
    assert.equal(await page('docs/a.txt'), 'a\n');
    assert.equal(await page('docs/b.txt.swp'), 'HTTP 404');
    assert.match(reports.at(-1)?.message ?? '', /web: synced 2 files/);

    unlinkSync(join(dir, 'web', 'extra.txt'));
    watch?.changed([join(dir, 'web', 'extra.txt')]);
    await watch?.idle();
    assert.equal(await page('extra.txt'), 'HTTP 404');
    assert.match(reports.at(-1)?.message ?? '', /removed 1/);
  });

  it('leaves an ignored path alone: the Dockerfile goes to its rebuild rule, not into /www', async () => {
    const before = reports.length;
    const oldId = await webId();
    const dockerfile = join(dir, 'web', 'Dockerfile');
    writeFileSync(dockerfile, `# rebuilt by sdwwatch\n${readFileSync(dockerfile, 'utf8')}`);
    watch?.changed([join(dir, 'web', 'Dockerfile')]);
    await watch?.idle();
    const report = reports.slice(before).find((r) => r.action === 'rebuild');
    assert.equal(report?.ok, true, report?.message);
    assert.match(report?.message ?? '', /web: rebuilt its image, recreated 1 container in \d+ ms/);
    const newId = await webId();
    assert.notEqual(newId, oldId);
    assert.equal(reports.slice(before).filter((r) => r.action === 'sync').length, 0);
    // The recreated container serves the page as the host has it now (the image was built from it).
    assert.equal(await getWhenReady(`http://127.0.0.1:${port}/`, 30_000), '<h1>edited by sdwwatch</h1>\n');
    assert.equal(await page('Dockerfile'), 'HTTP 404');
  });

  it('acts on a change the file watcher sees on disk, without being told', async () => {
    const watcher = watchPaths(watch?.roots ?? [], (path) => watch?.changed([path]));
    try {
      writeFileSync(join(dir, 'web', 'index.html'), '<h1>seen on disk</h1>\n');
      await eventually(async () => (await page('')) === '<h1>seen on disk</h1>\n', { timeout: 10_000, what: 'the page synced' });
    } finally {
      watcher.close();
    }
  });

  it('stevedore watch FILE: the shipped CLI syncs a change and prints what it did', async () => {
    const child = spawn(process.execPath, [join(repoRoot, 'dist', 'cli.js'), 'watch', file, '--project', PROJECT], {
      env: { ...process.env, HELLO_PORT: String(port) },
    });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    try {
      await eventually(() => printed.includes(`watching project ${PROJECT}`), { timeout: 20_000, what: 'the CLI watching' });
      writeFileSync(join(dir, 'web', 'index.html'), '<h1>synced by the CLI</h1>\n');
      await eventually(async () => (await page('')) === '<h1>synced by the CLI</h1>\n', { timeout: 10_000, what: 'the page' });
      await eventually(() => /web: synced 1 file in \d+ ms/.test(printed), { timeout: 5_000, what: `the report in ${printed}` });
    } finally {
      child.kill('SIGINT');
    }
    assert.equal(await exited, 0, printed);
    assert.match(printed, new RegExp(`stopped watching project ${PROJECT}`));
  });
});
