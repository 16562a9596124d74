import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type Docker from 'dockerode';
import {
  listReplicas,
  openShell,
  runExec,
  serviceOfContainer,
  shellCommand,
  TerminalOutput,
  type Engine,
  type ExecSession,
} from '../../client/src/engine';
import { eventually, testEngine } from '../support/preconditions';

/**
 * The shell probe on the real engine: bash when the image has it, else sh, in one exec; a chosen shell, user and
 * working directory; names as data; the replicas of a compose service. Objects are named and labelled `sdsh`.
 */

const LABEL = 'org.stevedore.shell-test';
const PROJECT = 'sdshengine';

/** A shell session and what it has printed so far, decoded as the terminal decodes it. */
async function shell(engine: Engine, id: string, options: Parameters<typeof openShell>[2]) {
  const session: ExecSession = await openShell(engine.docker, id, options);
  let screen = '';
  const output = new TerminalOutput((text) => (screen += text), 1);
  session.stream.on('data', (chunk: Buffer) => output.push(chunk));
  const sees = (pattern: RegExp): Promise<string> =>
    eventually(
      () => {
        output.flush();
        const match = pattern.exec(screen);
        return match ? (match[1] ?? match[0]) : undefined;
      },
      { timeout: 15_000, interval: 30, what: `${pattern} on the screen` },
    ).catch((error: Error) => {
      throw new Error(`${error.message}; the screen ends ${JSON.stringify(screen.slice(-400))}`);
    });
  const run = (line: string): void => void session.stream.write(`${line}\r`);
  return { session, sees, run, screen: () => screen };
}

describe('shells on the real engine (sdsh)', () => {
  let engine: Engine;
  let plain: Docker.Container;
  let withBash: Docker.Container;
  const made: Docker.Container[] = [];

  const start = async (name: string, labels: Record<string, string> = {}): Promise<Docker.Container> => {
    const c = await engine.docker.createContainer({
      name,
      Image: 'stevedore/busybox:local',
      Cmd: ['sleep', '3600'],
      Labels: { [LABEL]: 'sdsh', ...labels },
      HostConfig: { NetworkMode: 'none' },
    });
    made.push(c);
    await c.start();
    return c;
  };

  before(async () => {
    engine = await testEngine({ image: true, swarm: true });
    for (const c of await engine.docker.listContainers({ all: true, filters: { label: [`${LABEL}=sdsh`] } }))
      await engine.docker.getContainer(c.Id).remove({ force: true });
    plain = await start('sdsh-plain');
    withBash = await start('sdsh-bash');
    // The busybox image has sh and no bash; this container gets a "bash" that marks the shell it starts.
    const made = await runExec(
      withBash,
      ['sh', '-c', 'printf "#!/bin/sh\\nexport SDSH_SHELL=bash\\nexec /bin/sh \\"\\$@\\"\\n" > /bin/bash && chmod +x /bin/bash'],
      { tty: true },
    );
    assert.equal(made.exitCode, 0, made.output);
  });

  after(async () => {
    await Promise.all(made.map((c) => c.remove({ force: true })));
    await engine.dispose();
  });

  it('starts sh in an image without bash, in one exec', async () => {
    const before = (await plain.inspect()).ExecIDs?.length ?? 0;
    const s = await shell(engine, plain.id, { columns: 80, rows: 24 });
    s.run('echo "shell=$0 bash=${SDSH_SHELL:-no}"');
    assert.equal(await s.sees(/\r\n(shell=\S+ bash=\S+)\r\n/), 'shell=sh bash=no');
    // Nothing but the probe ran: one exec, no note about a missing bash.
    assert.equal(((await plain.inspect()).ExecIDs?.length ?? 0) - before, 1);
    assert.doesNotMatch(s.screen(), /not found/);
    s.run('exit 4');
    assert.equal(await s.session.exitCode(), 4);
  });

  it('starts bash when the image has it', async () => {
    const s = await shell(engine, withBash.id, { columns: 80, rows: 24 });
    s.run('echo "bash=${SDSH_SHELL:-no}"');
    assert.equal(await s.sees(/\r\n(bash=\S+)\r\n/), 'bash=bash');
    s.run('exit');
    assert.equal(await s.session.exitCode(), 0);
  });

  it('starts the chosen shell, and sh with a note when the container lacks it', async () => {
    const ash = await shell(engine, withBash.id, { shell: 'ash', columns: 80, rows: 24 });
    ash.run('echo "shell=$0 bash=${SDSH_SHELL:-no}"');
    assert.equal(await ash.sees(/\r\n(shell=\S+ bash=\S+)\r\n/), 'shell=ash bash=no');
    ash.run('exit');
    await ash.session.exitCode();

    const zsh = await shell(engine, plain.id, { shell: 'zsh', columns: 80, rows: 24 });
    await zsh.sees(/zsh not found; using sh\r\n/);
    zsh.run('echo "shell=$0"');
    assert.equal(await zsh.sees(/\r\n(shell=\S+)\r\n/), 'shell=sh');
    zsh.run('exit');
    await zsh.session.exitCode();
  });

  it('passes shell names as data: a name with shell syntax runs nothing', async () => {
    const name = 'x;touch /tmp/sdsh-pwned;$(touch /tmp/sdsh-pwned2)';
    assert.deepEqual(shellCommand({ shell: name }).slice(3), ['stevedore-shell', '1', name, 'sh']);
    const s = await shell(engine, plain.id, { shell: name, columns: 80, rows: 24 });
    await s.sees(/not found; using sh\r\n/);
    s.run('ls /tmp/sdsh-pwned /tmp/sdsh-pwned2 2>/dev/null | wc -l | sed "s/^ */files=/"');
    assert.equal(await s.sees(/\r\n(files=\d+)\r\n/), 'files=0');
    s.run('exit');
    await s.session.exitCode();
  });

  it('runs as the chosen user in the chosen working directory', async () => {
    const s = await shell(engine, plain.id, { user: '1234:1234', workingDir: '/www', columns: 80, rows: 24 });
    s.run('echo "who=$(id -u):$(id -g) at=$(pwd)"');
    assert.equal(await s.sees(/\r\n(who=\S+ at=\S+)\r\n/), 'who=1234:1234 at=/www');
    s.run('exit');
    await s.session.exitCode();
  });

  it('starts with the requested size and follows a resize', async () => {
    const s = await shell(engine, plain.id, { columns: 91, rows: 27 });
    // Engines before API 1.42 size the terminal just after start: wait for that, as a full-screen program would.
    s.run('until [ -n "$(stty size 2>/dev/null)" ]; do sleep 0.05; done; echo "size=$(stty size | tr " " x)"');
    assert.equal(await s.sees(/\r\n(size=\S+)\r\n/), 'size=27x91');
    await s.session.resize(132, 43);
    s.run('echo "now=$(stty size | tr " " x)"');
    assert.equal(await s.sees(/\r\n(now=\S+)\r\n/), 'now=43x132');
    s.run('exit');
    await s.session.exitCode();
  });

  it('lists the replicas of a compose service and finds the service of a container', async () => {
    const labels = (n: number): Record<string, string> => ({
      'com.docker.compose.project': PROJECT,
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': String(n),
    });
    const second = await start(`${PROJECT}-web-2`, labels(2));
    await start(`${PROJECT}-web-10`, labels(10));
    await start(`${PROJECT}-web-1`, labels(1));
    await second.stop({ t: 0 });
    const replicas = await listReplicas(engine, { kind: 'compose', name: PROJECT, service: 'web' });
    assert.deepEqual(
      replicas.map((r) => `${r.name} ${r.state} ${r.local}`),
      [`${PROJECT}-web-1 running true`, `${PROJECT}-web-10 running true`, `${PROJECT}-web-2 exited true`],
    );
    assert.deepEqual(await serviceOfContainer(engine.docker, second.id), { kind: 'compose', name: PROJECT, service: 'web' });
    assert.equal(await serviceOfContainer(engine.docker, plain.id), undefined);
  });

  it('lists the tasks of a stack service with their node, and finds the service of a task container', async () => {
    const stack = 'sdshstack';
    const labels = { 'com.docker.stack.namespace': stack, [LABEL]: 'sdsh' };
    const created = await engine.docker.createService({
      Name: `${stack}_app`,
      Labels: labels,
      TaskTemplate: {
        ContainerSpec: { Image: 'stevedore/busybox:local', Command: ['sleep', '3600'], Labels: labels, Init: true },
        RestartPolicy: { Condition: 'none' },
      },
      Mode: { Replicated: { Replicas: 2 } },
    });
    const service = engine.docker.getService((created as { id?: string; ID?: string }).id ?? (created as { ID: string }).ID);
    try {
      const replicas = await eventually(
        async () => {
          const found = await listReplicas(engine, { kind: 'stack', name: stack, service: 'app' });
          return found.filter((r) => r.state === 'running' && r.id).length >= 2 && found;
        },
        { timeout: 60_000, interval: 200, what: 'both tasks running' },
      );
      const info = (await engine.docker.info()) as { Name: string };
      assert.deepEqual(
        replicas.map((r) => `${r.name} ${r.state} ${r.node} ${r.local}`),
        [`${stack}_app.1 running ${info.Name} true`, `${stack}_app.2 running ${info.Name} true`],
      );
      assert.deepEqual(await serviceOfContainer(engine.docker, replicas[0]?.id ?? ''), {
        kind: 'stack',
        name: stack,
        service: 'app',
      });
      const s = await shell(engine, replicas[1]?.id ?? '', { columns: 80, rows: 24 });
      s.run('echo "task=$(hostname)"');
      assert.equal(await s.sees(/\r\n(task=\S+)\r\n/), `task=${replicas[1]?.id.slice(0, 12)}`);
      s.run('exit');
      await s.session.exitCode();
    } finally {
      await service.remove();
      // The tasks' containers go a moment later; wait for them so that no run leaves one behind.
      const filters = { label: [`com.docker.swarm.service.name=${stack}_app`] };
      await eventually(async () => (await engine.docker.listContainers({ all: true, filters })).length === 0, {
        timeout: 30_000,
        interval: 200,
        what: "the tasks' containers to go",
      });
    }
  });
});
