import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../../client/src/context';
import type { ContainerStats } from '../../../client/src/engine';
import type { EngineHolder } from '../../../client/src/engineHolder';
import { StevedoreExplorer, type ExplorerNode } from '../../../client/src/views/explorer';
import type { RenderedStats } from '../../../client/src/views/stats/statsPanel';
import { eventually } from '../../support/preconditions';
import { startLab, type Lab } from '../../support/swarmLab';
import { next } from './events';

/**
 * Resource use of a stack's tasks on a real three-node swarm (lab `sk7`, brought up and down here; root), with
 * `stevedore.swarm.nodeEndpoints` naming node2 only: the explorer and the resource-use panel read node2's task from
 * node2's engine, and mark node3's unavailable with the reason.
 */

const STACK = 'sk7';
const IMAGE = 'stevedore/busybox:local';
const SETTING = 'stevedore.swarm.nodeEndpoints';

describe('resource use of a stack’s tasks on other swarm nodes, in a real VS Code', function () {
  this.timeout(180_000);
  let api: StevedoreApi;
  let lab: Lab;
  let manager: Docker;
  const settings = vscode.workspace.getConfiguration();
  const setSetting = async (key: string, value: unknown): Promise<void> =>
    settings.update(key, value, vscode.ConfigurationTarget.Workspace);
  /** A global service of the stack: one task on each node. */
  const service = {
    Name: `${STACK}_idle`,
    Labels: { 'org.stevedore.test': 'sk7', 'com.docker.stack.namespace': STACK },
    TaskTemplate: { ContainerSpec: { Image: IMAGE, Command: ['sleep', '3600'], Init: true, StopGracePeriod: 1_000_000_000 } },
    Mode: { Global: {} },
  };
  /** The running task's container on each node (hostname → container id). */
  let containers: Map<string, string>;

  before(async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension);
    api = await extension.activate();
    lab = await startLab('sk7');
    manager = lab.manager.docker;
    await manager.createService(service);
    const hostnames = new Map(
      ((await manager.listNodes()) as { ID: string; Description: { Hostname: string } }[]).map((n) => [
        n.ID,
        n.Description.Hostname,
      ]),
    );
    containers = await eventually(
      async () => {
        const tasks = (await manager.listTasks({ filters: { service: [service.Name], 'desired-state': ['running'] } })) as {
          NodeID: string;
          Status: { State: string; ContainerStatus?: { ContainerID?: string } };
        }[];
        const running = tasks.filter((t) => t.Status.State === 'running' && t.Status.ContainerStatus?.ContainerID);
        return running.length === 3
          ? new Map(running.map((t) => [hostnames.get(t.NodeID) ?? t.NodeID, t.Status.ContainerStatus?.ContainerID ?? '']))
          : undefined;
      },
      { timeout: 60_000, what: 'a task running on each node' },
    );
    await setSetting('stevedore.engine.host', `unix://${lab.socket(1)}`);
    await setSetting(SETTING, { node2: `unix://${lab.socket(2)}` });
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSetting(SETTING, undefined);
    await setSetting('stevedore.engine.host', undefined);
    await lab?.down();
  });

  it('the explorer shows node2’s task’s CPU and memory, and why node3’s is unavailable', async () => {
    // The explorer's provider over the lab's manager, read as VS Code reads it: stack → service → tasks.
    const holder = { get: () => Promise.resolve(lab.manager), onDidChange: () => ({ dispose: () => undefined }) };
    const explorer = new StevedoreExplorer(holder as unknown as EngineHolder);
    try {
      const node2 = containers.get('node2') ?? assert.fail('a task on node2');
      const sampled = next(
        explorer.stats.onDidSample,
        (s: ContainerStats) => s.id === node2 && s.cpuPercent !== undefined,
        60_000,
        'a sample of node2’s task',
      );
      const stack = (await explorer.getChildren()).find((n) => n.type === 'deployment' && n.stack === STACK);
      assert.ok(stack, 'stack sk7 is listed');
      const idle = (await explorer.getChildren(stack)).find((n) => n.type === 'service' && n.service === 'idle');
      assert.ok(idle, 'service idle is listed');
      // A node engine that has not answered within the explorer's patience is listed as connecting first, and the
      // service listed again when it answers (VS Code would ask again on the change event; this test asks itself).
      const tasks: ExplorerNode[] = await eventually(
        async () => {
          const listed: ExplorerNode[] = await explorer.getChildren(idle);
          const connecting = listed.some((t) => t.type === 'container' && /^connecting to/.test(t.statsUnavailable ?? ''));
          return connecting ? undefined : listed;
        },
        { timeout: 30_000, interval: 500, what: 'the tasks listed with node2’s engine answered' },
      );
      const on = (host: string): ExplorerNode =>
        tasks.find((t) => t.type === 'container' && t.node === host) ?? assert.fail(`a task on ${host}`);
      await sampled;
      assert.match(String(explorer.getTreeItem(on('node2')).description), /^running · on node2 · CPU \d+\.\d% · mem \d/);
      assert.match(String(explorer.getTreeItem(on('node1')).description), /^running · on node1/);
      const away = explorer.getTreeItem(on('node3'));
      assert.equal(away.description, 'running · on node3 · resource use unavailable');
      assert.match(
        typeof away.tooltip === 'string' ? away.tooltip : (away.tooltip?.value ?? ''),
        /resource use unavailable: .*needs the engine of node node3: .*Set stevedore\.swarm\.nodeEndpoints for "node3" .*\(configured now: node2\)/s,
      );
      // One stream each for node1's and node2's tasks, none for node3's.
      await eventually(() => (explorer.stats.openStreams === 2 ? true : undefined), {
        timeout: 30_000,
        what: 'two stats streams open',
      });
    } finally {
      explorer.dispose();
    }
  });

  it('the resource-use panel charts node1’s and node2’s tasks and says why node3’s is unavailable', async () => {
    const charted = next(
      api.onDidRenderStats,
      (r: RenderedStats) =>
        r.name === STACK &&
        r.rows.length === 3 &&
        r.rows.filter((row) => !row.unavailable).every((row) => row.samples >= 2 && /%$/.test(row.cpu)),
      90_000,
      'three rows, the readable two with samples',
    );
    await vscode.commands.executeCommand('stevedore.showStats', { stack: STACK });
    const rendered = await charted;
    const unavailable = rendered.rows.filter((row) => row.unavailable);
    assert.equal(unavailable.length, 1, JSON.stringify(rendered.rows));
    assert.match(
      unavailable[0]?.unavailable ?? '',
      /needs the engine of node node3: .*Set stevedore\.swarm\.nodeEndpoints for "node3"/,
    );
    assert.deepEqual(
      rendered.rows.map((row) => row.container.startsWith(`${STACK}_idle.`)),
      [true, true, true],
      'the rows are the stack’s tasks',
    );
  });
});
