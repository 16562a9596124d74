import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../support/paths';
import { freePort } from '../support/net';
import { ensurePreconditions } from '../support/preconditions';

/** The shipped command line (dist/cli.js), run as a user runs it, against the real engine. */
function stevedore(...args: string[]): { code: number; out: string; err: string } {
  const run = spawnSync(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: run.status ?? -1, out: run.stdout, err: run.stderr };
}

const PROJECT = 'sdcli';

describe('stevedore deploy / ps / scale / down on the real engine', () => {
  let dir: string;
  let file: string;

  before(async () => {
    await ensurePreconditions({ image: true });
    dir = await mkdtemp(join(tmpdir(), 'sdcli-'));
    file = join(dir, 'compose.yaml');
    await writeFile(
      file,
      'services:\n  app:\n    image: stevedore/busybox:local\n    command: ["sleep", "3600"]\n    init: true\n',
    );
    stevedore('down', PROJECT);
  });
  after(async () => {
    stevedore('down', PROJECT, '--volumes');
    await rm(dir, { recursive: true, force: true });
  });

  it('--dry-run prints the plan and changes nothing', () => {
    const run = stevedore('deploy', file, '--project', PROJECT, '--dry-run');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /plan for project sdcli:\n {2}create network sdcli_default: new\n {2}create sdcli-app-1: new/);
    assert.match(stevedore('ps', PROJECT).out, /nothing of project sdcli runs on this engine/);
  });

  it('deploys with progress lines, then lists what runs', () => {
    const run = stevedore('deploy', file, '-p', PROJECT);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /✓ create sdcli-app-1: new/);
    assert.match(run.out, /done: 2 change\(s\)/);
    assert.match(stevedore('ps', PROJECT).out, /app\s+sdcli-app-1\s+running/);
  });

  it('says there is nothing to do when the file has not changed', () => {
    const run = stevedore('deploy', file, '-p', PROJECT);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /keep sdcli-app-1: up to date\n {2}nothing to do/);
  });

  it('scales from the files recorded on the running project', () => {
    const run = stevedore('scale', PROJECT, 'app=2');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /✓ create sdcli-app-2: scale app to 2/);
  });

  it('exits 1 with what was done and what failed when a port is taken', async () => {
    const port = await freePort();
    const blocker = createServer().listen(port, '127.0.0.1');
    try {
      await writeFile(
        file,
        `services:\n  app:\n    image: stevedore/busybox:local\n    command: ["sleep", "3600"]\n    init: true\n  web:\n    image: stevedore/busybox:local\n    command: ["httpd", "-f", "-p", "80"]\n    ports: ["127.0.0.1:${port}:80"]\n`,
      );
      const run = stevedore('deploy', file, '-p', PROJECT);
      assert.equal(run.code, 1);
      assert.match(
        run.err,
        /failed: cannot start sdcli-web-1 \(it was created, then removed\): .*(address already in use|port is already allocated)/,
      );
      assert.match(run.err, /nothing was changed|already done:/);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('names a stack file after its folder as the editor does (no leading _), and plans it without changing anything', async () => {
    const folder = join(dir, '_Sdcli Stack');
    await mkdir(folder);
    const stackFile = join(folder, 'docker-stack.yml');
    await writeFile(stackFile, 'services:\n  app:\n    image: stevedore/busybox:local\n');
    const run = stevedore('deploy', stackFile, '--dry-run', '--yes');
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^this is a stack file: deploying as swarm stack sdclistack \(give --project NAME/);
    assert.match(run.out, /\nplan for stack sdclistack:\n {2}create network sdclistack_default: new\n/);
    assert.match(stevedore('ps', 'sdclistack').out, /no stack sdclistack on this swarm|nothing of project sdclistack/);
  });

  it('takes the project down', () => {
    const run = stevedore('down', PROJECT);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /removed container sdcli-app-1/);
    assert.match(run.out, /removed network sdcli_default/);
  });

  it('says clearly when no engine answers', () => {
    const run = stevedore('ps', PROJECT, '--host', 'unix:///nonexistent/sdcli.sock');
    assert.equal(run.code, 1);
    assert.match(run.err, /^stevedore: no engine at unix:\/\/\/nonexistent\/sdcli\.sock \(ENOENT\)/);
  });

  it('exits 2 on a usage error', () => {
    const run = stevedore('scale', PROJECT, 'app');
    assert.equal(run.code, 2);
    assert.match(run.err, /expected SERVICE=N, got 'app'/);
  });
});
