import assert from 'node:assert/strict';
import type { EngineHolder } from '../../../client/src/engineHolder';
import { ShellTerminal } from '../../../client/src/terminals/shellTerminal';
import { StevedoreExplorer, type ExplorerNode } from '../../../client/src/views/explorer';
import { oneNodeLab, type OneNodeLab } from '../../support/deployLab';
import { eventually } from '../../support/preconditions';
import { next } from './events';

/**
 * The explorer and a shell terminal when the engine connection drops: a one-node lab (`sk8e`, brought up and down here, never the
 * machine's engine) whose dockerd is killed and started again. The explorer's event stream ends, the tree says it is
 * disconnected, and once the engine is back the stream opens again by itself and the tree shows the engine's projects.
 * The shell says it is disconnected and, once the engine is back, Enter opens a new one.
 */
describe('the explorer across a dropped engine connection, in a real VS Code', function () {
  this.timeout(180_000);
  let lab: OneNodeLab;
  let explorer: StevedoreExplorer;
  let containerId: string;

  before(async () => {
    lab = await oneNodeLab('sk8e');
    const container = await lab.engine.docker.createContainer({
      name: 'sdsk8e-web-1',
      Image: 'stevedore/busybox:local',
      Cmd: ['sleep', '3600'],
      Labels: {
        'com.docker.compose.project': 'sdsk8e',
        'com.docker.compose.service': 'web',
        'com.docker.compose.oneoff': 'False',
      },
      HostConfig: { RestartPolicy: { Name: 'always' }, NetworkMode: 'none' },
    });
    await container.start();
    containerId = container.id;
    // The explorer's provider over the lab's engine, refreshed from its events as in the view.
    const holder = { get: () => Promise.resolve(lab.engine), onDidChange: () => ({ dispose: () => undefined }) };
    explorer = new StevedoreExplorer(holder as unknown as EngineHolder);
  });
  after(async () => {
    explorer?.dispose();
    await lab?.down();
  });

  /** The top level once it satisfies `accept`: read again on each of the explorer's redraws, as the view does. */
  const topLevel = (accept: (nodes: readonly ExplorerNode[]) => boolean, what: string): Promise<readonly ExplorerNode[]> => {
    const seen = next<readonly ExplorerNode[]>(explorer.onDidRefresh, accept, 60_000, what);
    const redraws = explorer.onDidChangeTreeData(() => void explorer.getChildren().catch(() => undefined));
    void explorer.getChildren().catch(() => undefined);
    return seen.finally(() => {
      redraws.dispose();
    });
  };
  const labels = (nodes: readonly ExplorerNode[]): string[] => nodes.map((n) => ('label' in n ? String(n.label) : n.type));

  it('says disconnected when dockerd is killed, and shows the project again once it is back', async () => {
    const first = await topLevel((nodes) => labels(nodes).includes('sdsk8e'), 'the project');
    assert.deepEqual(labels(first), ['sdsk8e']);

    await lab.kill();
    const gone = await topLevel((nodes) => nodes.some((n) => n.type === 'no-engine'), 'the disconnected item');
    assert.deepEqual(labels(gone), ['Disconnected from the engine']);

    await lab.restart();
    const back = await topLevel((nodes) => labels(nodes).includes('sdsk8e'), 'the project after the restart');
    assert.deepEqual(labels(back), ['sdsk8e']);
  });

  it('a shell terminal says it is disconnected, and Enter opens a new shell once the engine is back', async () => {
    const pty = new ShellTerminal({ docker: lab.engine.docker, containerId, label: 'web-1', options: { shell: 'sh' } });
    let output = '';
    pty.onDidWrite((text) => (output += text));
    try {
      pty.open({ columns: 80, rows: 24 });
      pty.handleInput('echo sk8-$((6*7))\r');
      await eventually(() => output.includes('sk8-42') || undefined, { timeout: 20_000, what: 'the shell to answer' });
      await lab.kill();
      await eventually(() => output.includes('[disconnected from the engine') || undefined, {
        timeout: 20_000,
        what: 'the terminal to say it is disconnected',
      });
      assert.match(output, /press Enter to reconnect to web-1/);
      await lab.restart();
      await eventually(async () => (await lab.engine.docker.getContainer(containerId).inspect()).State.Running || undefined, {
        timeout: 30_000,
        what: 'the container to run again',
      });
      const mark = output.length;
      pty.handleInput('\r');
      // Typed while the new session opens: sent once it is open.
      pty.handleInput('echo back-$((6*8))\r');
      await eventually(() => output.slice(mark).includes('back-48') || undefined, { timeout: 20_000, what: 'the new shell' });
    } finally {
      pty.close();
    }
  });
});
