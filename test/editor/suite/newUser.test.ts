import assert from 'node:assert/strict';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../../client/src/context';
import { NOT_DEPLOYED_YET } from '../../../client/src/liveStateLenses';
import { explorerNodeId, type ExplorerNode, type StevedoreExplorer } from '../../../client/src/views/explorer';
import { eventually } from '../../support/preconditions';
import { deployFixture } from './deployFixture';
import { next } from './events';
import { composeProject, openWorkspaceProject, OwnExplorer } from './workspaceProject';

/**
 * What a new user met (issue #16), in a real VS Code against the real engine: the lenses of a service that is not
 * deployed, the tree's rows and ids while a healthcheck sends exec events each second, Show Logs from a tree item,
 * and Down. Everything is named sdn… and removed here.
 */

const PROJECT = 'sdnhello';

describe('A new user’s first steps in a real VS Code: lenses, rows, logs from the tree, down', function () {
  this.timeout(150_000);
  let api: StevedoreApi;
  let file: vscode.Uri;
  let explorer: StevedoreExplorer;
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const { containers, remove: removeOurs } = composeProject(docker, PROJECT);
  /** The lens titles on the line of a service's key, in the order VS Code shows them. */
  const lensLine = async (service: string): Promise<string[]> => {
    const document = await vscode.workspace.openTextDocument(file);
    const line = document
      .getText()
      .split(/\r?\n/)
      .findIndex((l) => l === `  ${service}:`);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
    return lenses.filter((l) => l.range.start.line === line).map((l) => l.command?.title ?? '');
  };
  const projectNode = async (): Promise<ExplorerNode> =>
    eventually(async () => (await explorer.getChildren()).find((n) => n.type === 'deployment' && n.project === PROJECT), {
      timeout: 30_000,
      what: `${PROJECT} in the tree`,
    });
  const serviceNode = async (service: string): Promise<ExplorerNode> => {
    const found = (await explorer.getChildren(await projectNode())).find((n) => n.type === 'service' && n.service === service);
    assert.ok(found, `${service} in the tree`);
    return found;
  };
  const description = (node: ExplorerNode): string => String(explorer.getTreeItem(node).description ?? '');

  before(async () => {
    ({ api, file } = await openWorkspaceProject(docker, PROJECT));
    explorer = OwnExplorer.create(PROJECT);
  });
  after(async () => {
    explorer?.dispose();
    await removeOurs();
  });

  it('a service that is not deployed: its state first, Deploy, and what Scale, Shell and Logs wait for', async () => {
    const line = await eventually(
      async () => {
        const titles = await lensLine('web');
        return titles.includes('web: not deployed') && titles;
      },
      { timeout: 30_000, what: 'the live state of web' },
    );
    assert.deepEqual(line, ['web: not deployed', 'Deploy', NOT_DEPLOYED_YET]);
  });

  it('deployed, the lenses offer Scale, Shell and Logs again, after the live state', async () => {
    const run = await deployFixture(api, file, containers);
    assert.ok(run.ok, run.message);
    const line = await eventually(
      async () => {
        const titles = await lensLine('worker');
        return titles.includes('Scale') && titles.includes('worker: 1/1 running') && titles;
      },
      { timeout: 30_000, what: 'the command lenses of worker' },
    );
    assert.deepEqual(line, ['worker: 1/1 running', 'Deploy', 'Scale', 'Shell', 'Logs']);
  });

  it('a row says "starting" until the healthcheck passes, then "running" with its published port', async () => {
    const web = await serviceNode('web');
    assert.match(description(web), /^1\/1 starting · 127\.0\.0\.1:\d+->8080\/tcp$/);
    assert.equal(explorer.getTreeItem(web).id, `c:${PROJECT}/web/`);
    const [container] = (await containers()).filter((c) => c.Labels['com.docker.compose.service'] === 'web');
    assert.ok(container);
    const exec = await docker.getContainer(container.Id).exec({ Cmd: ['touch', '/tmp/ready'] });
    await exec.start({ Detach: true });
    const healthy = await eventually(
      async () => {
        const row = description(await serviceNode('web'));
        return row.startsWith('1/1 running') && row;
      },
      { timeout: 30_000, what: 'web healthy in the tree' },
    );
    const port = (await docker.getContainer(container.Id).inspect()).NetworkSettings.Ports['8080/tcp']?.[0]?.HostPort;
    assert.equal(healthy, `1/1 running · 127.0.0.1:${port ?? '?'}->8080/tcp`);
    // The inline action is an icon, not the words "Scale Service".
    const scale = (
      vscode.extensions.getExtension('stevedore.stevedore')?.packageJSON as {
        contributes: { commands: { command: string; icon?: string }[] };
      }
    ).contributes.commands.find((c) => c.command === 'stevedore.scale');
    assert.match(scale?.icon ?? '', /^\$\([a-z-]+\)$/);
  });

  it('exec events (the healthcheck’s, each second) redraw nothing; the ids stay as they were', async () => {
    const web = await serviceNode('web');
    const ids = (await explorer.getChildren(await projectNode())).map(explorerNodeId);
    // The engine is shared (other projects come and go): what the tree redraws in the window is bounded by the events
    // that are not exec events, and our project's node by its own such events (none, as it only runs healthchecks).
    // The window runs from our second healthcheck to our fifth, so a redraw still pending from before has fired.
    const redrawn: (ExplorerNode | undefined)[] = [];
    let listening = false;
    const listener = explorer.onDidChangeTreeData((node) => listening && redrawn.push(node));
    const events = (await docker.getEvents({
      filters: { type: ['container', 'service', 'network', 'node'] },
    })) as unknown as NodeJS.ReadableStream & { destroy(): void };
    let otherEvents = 0;
    let oursOther = 0;
    let execs = 0;
    await new Promise<void>((resolve) => {
      let rest = '';
      events.on('data', (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          const event = JSON.parse(line) as { Action?: string; Actor?: { Attributes?: Record<string, string> } };
          const ours = event.Actor?.Attributes?.['com.docker.compose.project'] === PROJECT;
          if (event.Action?.startsWith('exec_')) {
            if (!ours || event.Action !== 'exec_die') continue;
            execs++;
            if (execs === 2) listening = true;
            if (execs === 5) {
              listening = false;
              resolve();
            }
          } else if (listening) {
            otherEvents++;
            if (ours) oursOther++;
          }
        }
      });
    });
    events.destroy();
    const oursRedrawn = redrawn.filter((n) => n?.type === 'deployment' && n.project === PROJECT).length;
    const during = redrawn.length;
    // A change the tree must show, on the same project: one container stops, and the project is redrawn.
    const [worker] = (await containers()).filter((c) => c.Labels['com.docker.compose.service'] === 'worker');
    assert.ok(worker);
    try {
      const drawn = next(
        explorer.onDidChangeTreeData,
        // The project's node, or the whole tree when another project's change (a shared engine) redraws it all.
        (n) => n === undefined || (n.type === 'deployment' && n.project === PROJECT),
        20_000,
        'a redraw of the project after the stop',
      );
      await docker.getContainer(worker.Id).stop({ t: 0 });
      await drawn;
      assert.match(description(await serviceNode('worker')), /^0\/1 /);
      listener.dispose();
      assert.ok(oursRedrawn <= oursOther, `${oursRedrawn} redraw(s) of the project for ${oursOther} event(s) of its own`);
      assert.ok(during <= otherEvents, `${during} redraw(s) for ${otherEvents} event(s) that are not exec events`);
      assert.deepEqual((await explorer.getChildren(await projectNode())).map(explorerNodeId), ids);
      assert.equal(explorerNodeId(await serviceNode('web')), explorerNodeId(web));
    } finally {
      listener.dispose();
      await docker.getContainer(worker.Id).start();
    }
  });

  it('Show Logs from the tree’s context menu follows the clicked service while events stream, without asking', async () => {
    const web = await serviceNode('web');
    const opened = next(api.onDidOpenLogs, () => true, 30_000, 'the logs terminal');
    // What the context menu passes: the item's node. Had it been lost, the command would ask for a project and time out.
    const run = await next(
      api.onDidRunCommand,
      (r) => r.command === 'stevedore.logs',
      30_000,
      'Show Logs',
      () => vscode.commands.executeCommand('stevedore.logs', web),
    );
    assert.deepEqual([run.ok, run.message], [true, 'following the logs of web']);
    const logs = await opened;
    assert.equal(logs.terminal.name, 'web (logs)');
    const port = (await containers())
      .find((c) => c.Labels['com.docker.compose.service'] === 'web')
      ?.Ports.find((p) => p.PublicPort)?.PublicPort;
    assert.ok(port);
    await fetch(`http://127.0.0.1:${port}/`);
    await eventually(() => /sdnhello-web-1.*\| .*response:200/.test(logs.written()), {
      timeout: 20_000,
      what: 'the request in the logs',
    });
  });

  it('Down reports what it removed and marks the logs and shell terminals whose project is gone; the tree has its welcome text', async () => {
    const logs = await next(
      api.onDidOpenLogs,
      () => true,
      30_000,
      'the worker logs terminal',
      () => vscode.commands.executeCommand('stevedore.logs', { project: PROJECT, service: 'worker' }),
    );
    await eventually(() => /sdnhello-tick/.test(logs.written()), { timeout: 20_000, what: 'a tick in the logs' });
    const shell = await next(
      api.onDidOpenShell,
      () => true,
      30_000,
      'the shell terminal',
      () =>
        vscode.commands.executeCommand('stevedore.attachShell', {
          project: PROJECT,
          service: 'web',
          replica: `${PROJECT}-web-1`,
        }),
    );
    await next(shell.pty.onDidSizeRemote, () => true, 30_000, 'the shell open in web');
    const run = await next(
      api.onDidRunCommand,
      (r) => r.command === 'stevedore.down',
      60_000,
      'Down',
      () => vscode.commands.executeCommand('stevedore.down', { project: PROJECT, confirmed: true }),
    );
    assert.deepEqual([run.ok, run.message], [true, `removed project ${PROJECT}: 2 container(s), 1 network(s)`]);
    assert.deepEqual(await containers(), []);
    await eventually(() => logs.written().includes(`project ${PROJECT} is gone`), {
      timeout: 20_000,
      what: 'the gone note in the logs terminal',
    });
    await eventually(() => logs.terminal.name === `worker (logs) · ${PROJECT} gone`, {
      timeout: 20_000,
      what: 'the renamed terminal',
    });
    logs.terminal.dispose();
    await eventually(() => shell.terminal.name === `${PROJECT}-web-1 (shell) · gone`, {
      timeout: 20_000,
      what: 'the shell terminal marked gone',
    });
    shell.terminal.dispose();
    assert.ok(!(await explorer.getChildren()).some((n) => n.type === 'deployment' && n.project === PROJECT));
    const welcome = (
      vscode.extensions.getExtension('stevedore.stevedore')?.packageJSON as {
        contributes: { viewsWelcome: { view: string; contents: string }[] };
      }
    ).contributes.viewsWelcome.find((w) => w.view === 'stevedore.explorer');
    assert.match(welcome?.contents ?? '', /Nothing deployed/);
  });
});
