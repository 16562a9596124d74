import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../../client/src/context';
import type { EngineHolder } from '../../../client/src/engineHolder';
import { StevedoreExplorer, type ExplorerNode } from '../../../client/src/views/explorer';
import type { NodeSummary } from '../../../client/src/views/nodes';
import { deployText, startLab, swarmLab, type Lab } from '../../support/swarmLab';
import { next } from './events';

/**
 * A rolling update and a lost node on a real three-node swarm (lab `nu`, brought up and down here; root), as the
 * editor shows them while they happen: the explorer's stack service shows swarm's update state and its tasks their
 * errors before the update ends, then the rollback; the Swarm Nodes view shows a killed node down and the explorer its
 * tasks moved, then the node ready again. The service runs on the workers only, whose task events the manager does not
 * report: the explorer sees the moved tasks start only by reading again after the node event.
 */

const STACK = 'sdnu';
const SERVICE = 'web';
const MISSING = 'sdnu/missing:lab';
const stackFile = (image: string, generation: number): string => `
version: "3.8"
services:
  ${SERVICE}:
    image: ${image}
    command: ["sleep", "3600"]
    init: true
    stop_grace_period: 1s
    environment: {GEN: "${generation}"}
    deploy:
      replicas: 3
      placement: {constraints: [node.role == worker]}
      update_config: {parallelism: 1, delay: 2s, failure_action: rollback, monitor: 2s}
      rollback_config: {parallelism: 0, monitor: 2s}
`;

/** The stack's service item as the explorer shows it, with its tooltip and its tasks' descriptions. */
interface ShownService {
  readonly description: string;
  readonly tooltip: string;
  readonly tasks: readonly string[];
  /** When this read of the engine began. */
  readonly at: number;
}

describe('rolling updates and a lost node on a three-node swarm, in a real VS Code', function () {
  this.timeout(240_000);
  let api: StevedoreApi;
  let lab: Lab;
  let explorer: StevedoreExplorer;
  let latestNodes: readonly NodeSummary[] | undefined;
  let subscription: vscode.Disposable | undefined;
  const setSetting = (key: string, value: unknown): Thenable<void> =>
    vscode.workspace.getConfiguration().update(key, value, vscode.ConfigurationTarget.Workspace);

  /** Reads the explorer as VS Code does with the stack and its service expanded: stack → service → tasks. */
  const read = async (): Promise<ShownService | undefined> => {
    const at = Date.now();
    const stack = (await explorer.getChildren()).find((n) => n.type === 'deployment' && n.stack === STACK);
    if (!stack) return undefined;
    const service = (await explorer.getChildren(stack)).find((n) => n.type === 'service' && n.service === SERVICE);
    if (!service || service.type !== 'service') return undefined;
    const item = explorer.getTreeItem(service);
    const tasks: ExplorerNode[] = await explorer.getChildren(service);
    return {
      description: String(item.description ?? ''),
      tooltip: typeof item.tooltip === 'string' ? item.tooltip : '',
      tasks: tasks.map((t) => (t.type === 'container' ? `${t.label} ${t.description}` : '')),
      at,
    };
  };
  /** The service once the explorer shows it satisfying `accept`: now, or after one of the explorer's own refreshes. */
  const shown = async (accept: (s: ShownService) => boolean, what: string, ms = 90_000): Promise<ShownService> => {
    const now = await read();
    if (now && accept(now)) return now;
    return new Promise((resolve, reject) => {
      let reading = false;
      const timer = setTimeout(() => {
        listener.dispose();
        reject(new Error(`timed out after ${ms} ms waiting for the explorer to show ${what}`));
      }, ms);
      const listener = explorer.onDidChangeTreeData(() => {
        if (reading) return;
        reading = true;
        void read()
          .then((s) => {
            if (!s || !accept(s)) return;
            clearTimeout(timer);
            listener.dispose();
            resolve(s);
          })
          .catch(() => undefined)
          .finally(() => (reading = false));
      });
    });
  };
  /** The Nodes view's nodes once they satisfy `accept` (focusing the view until it has shown something). */
  const nodesShown = async (accept: (n: readonly NodeSummary[]) => boolean, what: string): Promise<readonly NodeSummary[]> => {
    if (latestNodes && accept(latestNodes)) return latestNodes;
    const seen = next(api.onDidRefreshNodes, accept, 90_000, what);
    let done = false;
    void seen.finally(() => (done = true)).catch(() => undefined);
    while (!done && !latestNodes?.length) {
      await vscode.commands.executeCommand('stevedore.nodes.focus').then(undefined, () => undefined);
      await Promise.race([seen.catch(() => undefined), new Promise((r) => setTimeout(r, 500))]);
    }
    return seen;
  };
  const stateOf = (nodes: readonly NodeSummary[], hostname: string): string | undefined =>
    nodes.find((n) => n.hostname === hostname)?.state;

  before(async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension);
    api = await extension.activate();
    subscription = api.onDidRefreshNodes((nodes) => (latestNodes = nodes));
    lab = await startLab('nu');
    const { converged } = await deployText(lab.manager, STACK, stackFile('stevedore/busybox:local', 1));
    assert.ok(converged.ok, converged.message);
    // The explorer's provider over the lab's manager, refreshed from its events as in the view.
    const holder = { get: () => Promise.resolve(lab.manager), onDidChange: () => ({ dispose: () => undefined }) };
    explorer = new StevedoreExplorer(holder as unknown as EngineHolder);
    await setSetting('stevedore.engine.host', `unix://${lab.socket(1)}`);
  });
  after(async () => {
    subscription?.dispose();
    explorer?.dispose();
    await setSetting('stevedore.engine.host', undefined);
    await lab?.down();
  });

  it('shows the update state and the tasks’ errors while a failing update runs, then the rollback', async () => {
    const before = await shown((s) => s.description === '3/3 replicated', 'three replicas running');
    assert.equal(before.tasks.filter((t) => / running · on node[23]$/.test(t)).length, 3);
    let endedAt = Infinity;
    const deployed = deployText(lab.manager, STACK, stackFile(MISSING, 2)).finally(() => (endedAt = Date.now()));
    const during = await shown(
      (s) => /· (updating|rollback_started)$/.test(s.description) && s.tasks.some((t) => t.includes(`No such image: ${MISSING}`)),
      'the update running and a task failing on the missing image',
    );
    assert.match(during.tooltip, /^update (updating|rollback_started)/);
    const { converged } = await deployed;
    // The convergence wait ends when it reads the update's end; the explorer's read began before it (the update still ran).
    assert.ok(during.at < endedAt, `read at ${during.at}, update over at ${endedAt}`);
    assert.equal(converged.ok, false);
    assert.match(converged.message, /rolled back/);
    const after = await shown(
      (s) => s.description === '3/3 replicated · rollback_completed',
      'the update rolled back and three replicas running',
    );
    assert.match(after.tooltip, /^update rollback_completed/);
  });

  it('shows a killed node down with its tasks moved, then ready again', async () => {
    await nodesShown((n) => n.length === 3 && n.every((x) => x.state === 'ready'), 'three ready nodes');
    const onNode3 = (await read())?.tasks.filter((t) => / running · on node3$/.test(t)) ?? [];
    assert.ok(onNode3.length > 0, 'node3 runs a task to move');
    const killed = Date.now();
    await swarmLab('node-down', 'nu', '3');
    const down = await nodesShown((n) => stateOf(n, 'node3') === 'down', 'node3 down');
    const shownDown = Date.now() - killed;
    assert.equal(stateOf(down, 'node1'), 'ready');
    const moved = await shown(
      (s) =>
        s.description.startsWith('3/3 replicated') &&
        s.tasks.filter((t) => / running · on node2$/.test(t)).length === 3 &&
        !s.tasks.some((t) => / running · on node3/.test(t)),
      'the three tasks running on node2',
    );
    const shownMoved = Date.now() - killed;
    assert.ok(
      moved.tasks.every((t) => !t.includes('on node3') || t.includes('No such image')),
      moved.tasks.join('\n'),
    );
    const returned = Date.now();
    await swarmLab('node-up', 'nu', '3');
    await nodesShown((n) => stateOf(n, 'node3') === 'ready', 'node3 ready again');
    console.log(
      `      (node3 had ${onNode3.length} task(s); shown down after ${shownDown} ms, its tasks moved after ${shownMoved} ms, ` +
        `ready again ${Date.now() - returned} ms after node-up)`,
    );
  });
});
