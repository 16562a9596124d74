import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { CommandRun, OpenedShell, StevedoreApi } from '../../../client/src/context';
import type { EngineHolder } from '../../../client/src/engineHolder';
import { StevedoreExplorer, type ExplorerNode } from '../../../client/src/views/explorer';
import type { NodeSummary } from '../../../client/src/views/nodes';
import { eventually } from '../../support/preconditions';
import { startLab, type Lab } from '../../support/swarmLab';
import { next } from './events';

/**
 * The Swarm Nodes view against a real three-node swarm (lab `nv`, brought up and down here; root): the view lists
 * the nodes; Drain from the view's command moves the tasks and the view shows them moved; Activate; labels; a shell
 * in a task on a worker through `stevedore.swarm.nodeEndpoints`, and what is said when the mapping is missing.
 */

const WEB = 'sdnv-web';
/** A one-task service of stack `sdnv`, placed on node2. */
const PINNED = 'sdnv_pin';
const IMAGE = 'stevedore/busybox:local';

describe('the Swarm Nodes view on a three-node swarm, in a real VS Code', function () {
  this.timeout(180_000);
  let api: StevedoreApi;
  let lab: Lab;
  let manager: Docker;
  let subscription: vscode.Disposable | undefined;
  const ran = (command: string): Promise<CommandRun> => next(api.onDidRunCommand, (r) => r.command === command, 60_000, command);
  const settings = vscode.workspace.getConfiguration();
  const setSetting = async (key: string, value: unknown): Promise<void> =>
    settings.update(key, value, vscode.ConfigurationTarget.Workspace);

  /** What the view showed last (every refresh is recorded from the start). */
  let latest: readonly NodeSummary[] | undefined;
  /**
   * The view's nodes once they satisfy `accept`: what it shows now, else the first refresh that does. Focuses the
   * view until it has shown something (it appears once the engine is a swarm manager).
   */
  const nodesShown = async (
    accept: (nodes: readonly NodeSummary[]) => boolean,
    what: string,
  ): Promise<readonly NodeSummary[]> => {
    if (latest && accept(latest)) return latest;
    const shown = next(api.onDidRefreshNodes, accept, 60_000, what);
    let done = false;
    void shown.finally(() => (done = true)).catch(() => undefined);
    while (!done && !latest?.length) {
      await vscode.commands.executeCommand('stevedore.nodes.focus').then(undefined, () => undefined);
      await Promise.race([shown.catch(() => undefined), new Promise((r) => setTimeout(r, 500))]);
    }
    return shown;
  };
  /** For predicates on refreshes: a node that is not shown reads as an empty one. */
  const shownAs = (nodes: readonly NodeSummary[], hostname: string): Partial<NodeSummary> =>
    nodes.find((n) => n.hostname === hostname) ?? {};
  const byHost = (nodes: readonly NodeSummary[], hostname: string): NodeSummary => {
    const node = nodes.find((n) => n.hostname === hostname);
    assert.ok(node, `${hostname} is shown`);
    return node;
  };
  const service = (name: string, replicas: number, constraints: string[] = [], stack?: string): object => ({
    Name: name,
    Labels: { 'org.stevedore.test': 'sdnv', ...(stack ? { 'com.docker.stack.namespace': stack } : {}) },
    TaskTemplate: {
      ContainerSpec: { Image: IMAGE, Command: ['sleep', '3600'], Init: true, StopGracePeriod: 1_000_000_000 },
      Placement: { Constraints: constraints },
    },
    Mode: { Replicated: { Replicas: replicas } },
  });
  const runningTasks = async (name: string): Promise<{ ID: string; NodeID: string }[]> =>
    (
      (await manager.listTasks({ filters: { service: [name], 'desired-state': ['running'] } })) as {
        ID: string;
        NodeID: string;
        Status: { State: string };
      }[]
    ).filter((t) => t.Status.State === 'running');

  before(async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension);
    api = await extension.activate();
    subscription = api.onDidRefreshNodes((nodes) => (latest = nodes));
    lab = await startLab('nv');
    manager = lab.manager.docker;
    await manager.createService(service(WEB, 6));
    await manager.createService(service(PINNED, 1, ['node.hostname == node2'], 'sdnv'));
    await eventually(
      async () => ((await runningTasks(WEB)).length === 6 && (await runningTasks(PINNED)).length === 1 ? true : undefined),
      { timeout: 60_000, what: 'seven tasks running' },
    );
    await setSetting('stevedore.engine.host', `unix://${lab.socket(1)}`);
  });
  after(async () => {
    subscription?.dispose();
    await setSetting('stevedore.swarm.nodeEndpoints', undefined);
    await setSetting('stevedore.engine.host', undefined);
    await lab?.down();
  });

  it('lists the three nodes with role, availability, state, engine version and tasks', async () => {
    const version = (await manager.version()).Version;
    const nodes = await nodesShown(
      (n) => n.length === 3 && n.reduce((sum, x) => sum + x.running, 0) === 7,
      'three nodes running seven tasks',
    );
    assert.deepEqual(
      nodes.map((n) => [n.hostname, n.role, n.availability, n.state]),
      [
        ['node1', 'manager', 'active', 'ready'],
        ['node2', 'worker', 'active', 'ready'],
        ['node3', 'worker', 'active', 'ready'],
      ],
    );
    assert.match(
      byHost(nodes, 'node1').description,
      new RegExp(`^manager \\(leader\\) · active · ready · ${version.replace(/[.+]/g, '\\$&')} · \\d/\\d tasks$`),
    );
    assert.match(byHost(nodes, 'node2').description, /^worker · active · ready · .* · [1-9]\d*\/[1-9]\d* tasks$/);
    assert.ok(byHost(nodes, 'node2').tasks.some((t) => t.startsWith(`${PINNED}.1 `)));
  });

  it("follows the task events of the workers' engines named in stevedore.swarm.nodeEndpoints", async () => {
    await setSetting('stevedore.swarm.nodeEndpoints', { node2: `unix://${lab.socket(2)}`, node3: `unix://${lab.socket(3)}` });
    await nodesShown((n) => n.length === 3 && n.every((x) => x.followed), 'every node followed');
    // The manager reports the service's creation, but nothing of its task starting on node3: only node3's own events
    // can show the task running there (the view does not read again for a node whose events it follows).
    const created = (await manager.createService(service('sdnv-three', 1, ['node.hostname == node3']))) as {
      id: string;
    };
    await nodesShown((n) => shownAs(n, 'node3').tasks?.includes('sdnv-three.1 (running)') === true, 'the task running on node3');
    await manager.getService(created.id).remove();
    await nodesShown(
      (n) => n.length === 3 && !shownAs(n, 'node3').tasks?.some((t) => t.startsWith('sdnv-three.')),
      'the task gone',
    );
  });

  it('drains a worker from the view: its tasks move, and the view shows them moved; then activates it', async () => {
    // Both workers' engines are configured (previous test): the view sees the move from events.
    const followed = await nodesShown((n) => n.length === 3 && n.every((x) => x.followed), 'every node followed');
    const before = byHost(followed, 'node2');
    assert.ok(before.tasks.length > 0);
    const done = ran('stevedore.nodes.drain');
    const moved = nodesShown(
      (n) =>
        n.length === 3 &&
        shownAs(n, 'node2').availability === 'drain' &&
        shownAs(n, 'node2').tasks?.length === 0 &&
        (shownAs(n, 'node1').running ?? 0) + (shownAs(n, 'node3').running ?? 0) === 6,
      'node2 drained and six web tasks running on node1 and node3',
    );
    await vscode.commands.executeCommand('stevedore.nodes.drain', { node: before.id, hostname: 'node2', confirmed: true });
    const run = await done;
    assert.ok(run.ok, run.message);
    assert.equal(run.message, 'node node2 drained: its tasks move to other nodes');
    const after = await moved;
    assert.ok(
      [...byHost(after, 'node1').tasks, ...byHost(after, 'node3').tasks].every(
        (t) => t.startsWith(`${WEB}.`) && t.endsWith('(running)'),
      ),
    );
    // The engine agrees: nothing of ours runs on node2.
    assert.ok((await runningTasks(WEB)).every((t) => t.NodeID !== before.id));

    // Without them, a task starting on node2 is seen by reading again after the node event, until it runs.
    await setSetting('stevedore.swarm.nodeEndpoints', {});
    await nodesShown((n) => n.length === 3 && !shownAs(n, 'node2').followed, 'node2 no longer followed');
    const activated = ran('stevedore.nodes.activate');
    const back = nodesShown(
      (n) =>
        shownAs(n, 'node2').availability === 'active' &&
        shownAs(n, 'node2').tasks?.some((t) => t === `${PINNED}.1 (running)`) === true,
      'node2 active, running the pinned task again',
    );
    await vscode.commands.executeCommand('stevedore.nodes.activate', { node: before.id, hostname: 'node2' });
    assert.ok((await activated).ok);
    await back;
  });

  it('adds and removes a node label', async () => {
    const node2 = byHost(await nodesShown((n) => n.length === 3, 'the nodes'), 'node2');
    const added = ran('stevedore.nodes.addLabel');
    const shown = nodesShown((n) => shownAs(n, 'node2').labels?.['sdnv.zone'] === 'east', 'the label on node2');
    await vscode.commands.executeCommand('stevedore.nodes.addLabel', {
      node: node2.id,
      hostname: 'node2',
      label: 'sdnv.zone=east',
    });
    assert.equal((await added).message, 'node node2: label sdnv.zone=east');
    await shown;
    const removed = ran('stevedore.nodes.removeLabel');
    const gone = nodesShown((n) => n.length === 3 && !('sdnv.zone' in (shownAs(n, 'node2').labels ?? {})), 'the label gone');
    // As the view's label item passes it.
    await vscode.commands.executeCommand('stevedore.nodes.removeLabel', {
      type: 'nodeLabel',
      node: node2.id,
      hostname: 'node2',
      key: 'sdnv.zone',
      value: 'east',
    });
    assert.equal((await removed).message, 'node node2: label sdnv.zone removed');
    await gone;
  });

  it('opens a shell in a task on a worker through stevedore.swarm.nodeEndpoints', async () => {
    const [task] = await runningTasks(PINNED);
    assert.ok(task);
    await setSetting('stevedore.swarm.nodeEndpoints', { node2: `unix://${lab.socket(2)}` });
    const opened = next(api.onDidOpenShell, () => true, 30_000, 'the shell terminal');
    const done = ran('stevedore.attachShell');
    await vscode.commands.executeCommand('stevedore.attachShell', { type: 'task', task: task.ID, label: `${PINNED}.1` });
    const run = await done;
    assert.ok(run.ok, run.message);
    assert.equal(run.message, `shell opened in ${PINNED}.1 (1 terminal(s))`);
    const shell: OpenedShell = await opened;
    let output = '';
    shell.pty.onDidWrite((text) => (output += text));
    shell.terminal.sendText('echo $((6*7))');
    await eventually(() => Promise.resolve(/\r?\n42\r?\n/.test(output) ? true : undefined), {
      timeout: 20_000,
      what: '42 in the terminal',
    });
    const exited = next(shell.pty.onDidExit, () => true, 20_000, 'the shell to exit');
    shell.terminal.sendText('exit 0');
    assert.equal(await exited, 0);
    shell.terminal.dispose();

    // From the stack's service (a code lens, the explorer's service item): its task on node2, found through the manager.
    const again = next(api.onDidOpenShell, () => true, 30_000, 'the second shell');
    const second = ran('stevedore.attachShell');
    await vscode.commands.executeCommand('stevedore.attachShell', { stack: 'sdnv', service: 'pin' });
    assert.equal((await second).message, `shell opened in ${PINNED}.1 (1 terminal(s))`);
    (await again).terminal.dispose();
  });

  it("shows a stack task's node in the explorer", async () => {
    // The explorer's provider over the lab's manager, read as VS Code reads it: stack → service → task.
    const holder = { get: () => Promise.resolve(lab.manager), onDidChange: () => ({ dispose: () => undefined }) };
    const explorer = new StevedoreExplorer(holder as unknown as EngineHolder);
    try {
      const stack = (await explorer.getChildren()).find((n) => n.type === 'deployment' && n.stack === 'sdnv');
      assert.ok(stack, 'stack sdnv is listed');
      const service = (await explorer.getChildren(stack)).find((n) => n.type === 'service' && n.service === 'pin');
      assert.ok(service, 'service pin is listed');
      const tasks: ExplorerNode[] = await explorer.getChildren(service);
      const [task] = await runningTasks(PINNED);
      assert.deepEqual(
        tasks.map((t) => (t.type === 'container' ? [t.label, t.description, t.task, t.node] : [])),
        [[`${PINNED}.1`, 'running · on node2', task?.ID, 'node2']],
      );
      assert.equal(explorer.getTreeItem(tasks[0]).contextValue, 'task');
    } finally {
      explorer.dispose();
    }
  });

  it('says which node and which setting are missing without the mapping', async () => {
    const [task] = await runningTasks(PINNED);
    assert.ok(task);
    await setSetting('stevedore.swarm.nodeEndpoints', {});
    const done = ran('stevedore.attachShell');
    await vscode.commands.executeCommand('stevedore.attachShell', { type: 'task', task: task.ID });
    const run = await done;
    assert.equal(run.ok, false);
    assert.match(run.message, /needs the engine of node node2: the manager's API cannot do that on another node/);
    assert.match(
      run.message,
      /Set stevedore\.swarm\.nodeEndpoints for "node2" to that node's engine address .* \(configured now: none\)/,
    );
  });
});
