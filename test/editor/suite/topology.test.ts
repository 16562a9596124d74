import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { StevedoreApi } from '../../../client/src/context';
import type { RenderedTopology } from '../../../client/src/views/topology';
import type { RenderedStats } from '../../../client/src/views/stats/statsPanel';
import { ensureBusyboxImage } from '../../support/busyboxImage';
import { repoRoot } from '../../support/paths';
import { next } from './events';

/**
 * The graph view in a real VS Code: what its webview's DOM holds (the nodes and edges it reports after drawing),
 * an edit that changes it, and a deploy that turns its services from "not deployed" to running.
 */

const PROJECT = 'sdg-graph';
/** The shipped CLI, run without blocking the extension host (which draws the graph meanwhile). */
const cli = async (...args: string[]): Promise<string> =>
  (await promisify(execFile)(process.execPath, [join(repoRoot, 'dist', 'cli.js'), ...args], { timeout: 120_000 })).stdout;
const edges = (r: RenderedTopology): string[] =>
  r.edges.map((e) => `${e.from} -${e.kind}-> ${e.to}${e.classes.includes('missing') ? ' !' : ''}`).sort();
const classesOf = (r: RenderedTopology, id: string): string => r.nodes.find((n) => n.id === id)?.classes ?? '';

describe('Stevedore topology graph', function () {
  this.timeout(180_000);
  let api: StevedoreApi;
  let file: vscode.Uri;
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const rendered = (accept: (r: RenderedTopology) => boolean, what: string): Promise<RenderedTopology> =>
    next(api.onDidRenderTopology, (r) => r.uri === file.toString() && accept(r), 60_000, what);
  // The last graph drawn: a state the graph may already show (its live state can come with the first drawing or
  // just after it) is read from here, or else waited for.
  let latest: RenderedTopology | undefined;
  let watching: vscode.Disposable | undefined;
  const shows = (accept: (r: RenderedTopology) => boolean, what: string): Promise<RenderedTopology> =>
    latest && accept(latest) ? Promise.resolve(latest) : rendered(accept, what);

  before(async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension);
    api = await extension.activate();
    await ensureBusyboxImage(docker);
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    file = vscode.Uri.joinPath(folder.uri, 'sdg-graph/compose.yaml');
    watching = api.onDidRenderTopology((r) => {
      if (r.uri === file.toString()) latest = r;
    });
    await cli('down', PROJECT, '--volumes');
  });
  after(async () => {
    watching?.dispose();
    await cli('down', PROJECT, '--volumes');
  });

  it('draws the project’s nodes and edges in the webview', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file), vscode.ViewColumn.One);
    const drawn = rendered((r) => r.nodes.length > 0, 'the first graph');
    await vscode.commands.executeCommand('stevedore.showTopology', { uri: file.toString() });
    const graph = await drawn;
    assert.deepEqual(graph.nodes.map((n) => n.id).sort(), ['network:front', 'service:db', 'service:web', 'volume:data']);
    assert.deepEqual(edges(graph), [
      'service:db -mount-> volume:data',
      'service:db -network-> network:front',
      'service:web -depends_on-> service:db',
      'service:web -network-> network:front',
    ]);
    const web = graph.nodes.find((n) => n.id === 'service:web');
    assert.match(web?.label ?? '', /^service web, 1 replica · stevedore\/busybox:local/);
  });

  it('turns the services from not deployed to running after a deploy', async () => {
    await shows((r) => classesOf(r, 'service:web').includes('state-not-deployed'), 'web not deployed');
    const running = rendered(
      (r) => classesOf(r, 'service:web').includes('state-running') && classesOf(r, 'service:db').includes('state-running'),
      'both services running',
    );
    await cli('deploy', file.fsPath, '--project', PROJECT, '--yes');
    const graph = await running;
    assert.match(graph.nodes.find((n) => n.id === 'service:db')?.label ?? '', /1\/1 running/);
  });

  it('shows each running service’s resource use on its node, and opens from the explorer’s project', async () => {
    const withStats = await rendered(
      // Each container's first sample comes on its own stream: wait for both services' figures.
      (r) =>
        ['service:db', 'service:web'].every((id) => /CPU \d+\.\d% · mem \d/.test(r.nodes.find((n) => n.id === id)?.label ?? '')),
      'db’s and web’s CPU and memory',
    );
    assert.match(withStats.nodes.find((n) => n.id === 'service:web')?.label ?? '', /1\/1 running · CPU/);
    const message = await vscode.commands.executeCommand<string>('stevedore.showTopology', { project: PROJECT });
    assert.equal(message, `graph of ${file.toString()}`);
  });

  it('charts the project’s containers in the resource-use panel, the CPU burner’s CPU risen above the idle one’s', async () => {
    const cpu = (r: RenderedStats, container: string): number =>
      parseFloat(r.rows.find((row) => row.container === container)?.cpu ?? 'NaN');
    const charted = next(
      api.onDidRenderStats,
      (r) =>
        r.name === PROJECT &&
        r.rows.length === 2 &&
        r.rows.every((row) => row.samples >= 2 && /%$/.test(row.cpu)) &&
        cpu(r, 'sdg-graph-web-1') > 20,
      60_000,
      'two containers with samples, web (a busy loop) above 20% CPU',
    );
    await vscode.commands.executeCommand('stevedore.showStats', { project: PROJECT });
    const rendered = await charted;
    assert.deepEqual(rendered.rows.map((r) => r.container).sort(), ['sdg-graph-db-1', 'sdg-graph-web-1']);
    assert.ok(cpu(rendered, 'sdg-graph-web-1') > cpu(rendered, 'sdg-graph-db-1'), JSON.stringify(rendered.rows));
  });

  it('follows an edit: a new service and its undefined dependency, drawn as a red dangling edge', async () => {
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file), vscode.ViewColumn.One);
    // The resource-use panel opened over the graph: bring the graph back (a hidden webview draws nothing).
    const shown = rendered((r) => r.nodes.length > 0, 'the graph shown again');
    await vscode.commands.executeCommand('stevedore.showTopology', { uri: file.toString() });
    await shown;
    const changed = rendered((r) => r.nodes.some((n) => n.id === 'service:worker'), 'the edited graph');
    const at = editor.document.getText().indexOf('networks:\n  front:');
    await editor.edit((edit) =>
      edit.insert(editor.document.positionAt(at), '  worker:\n    image: stevedore/busybox:local\n    depends_on: [queue]\n'),
    );
    const graph = await changed;
    assert.ok(edges(graph).includes('service:worker -depends_on-> service:queue !'), edges(graph).join('\n'));
    assert.match(classesOf(graph, 'service:queue'), /\bmissing\b/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
