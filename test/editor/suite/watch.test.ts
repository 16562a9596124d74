import assert from 'node:assert/strict';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { CommandRun, StevedoreApi } from '../../../client/src/context';
import { eventually } from '../../support/preconditions';
import { deployFixture } from './deployFixture';
import { next } from './events';
import { composeProject, openWorkspaceProject } from './workspaceProject';

/**
 * Watch on save in a real VS Code against the real engine: the lens offers Watch on a deployed project with
 * develop.watch rules, the tree says "watching", a save in the editor reaches the running httpd (read over
 * 127.0.0.1), each action is reported, and Watch turns off again. Everything is named sdw… and removed here.
 */

const PROJECT = 'sdwwatch';

describe('Watch on save in a real VS Code: lens, tree, save → served', function () {
  this.timeout(120_000);
  let api: StevedoreApi;
  let file: vscode.Uri;
  let page: vscode.Uri;
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const { containers, remove: removeOurs } = composeProject(docker, PROJECT);
  const ran = (command: string): Promise<CommandRun> => next(api.onDidRunCommand, (r) => r.command === command, 90_000, command);
  const watchLens = async (): Promise<vscode.Command | undefined> =>
    (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file)).find(
      (l) => l.command?.command === 'stevedore.watch',
    )?.command;
  const served = async (): Promise<string> => {
    const [web] = await containers();
    const port = web?.Ports.find((p) => p.PrivatePort === 8080)?.PublicPort;
    const response = await fetch(`http://127.0.0.1:${port}/`);
    return response.ok ? response.text() : `HTTP ${response.status}`;
  };

  before(async () => {
    let folder: vscode.Uri;
    ({ api, file, folder } = await openWorkspaceProject(docker, PROJECT));
    page = vscode.Uri.joinPath(folder, `${PROJECT}/site/index.html`);
    // The tree is read only while its view is shown.
    await vscode.commands.executeCommand('stevedore.explorer.focus');
  });
  after(async () => {
    await vscode.commands.executeCommand('stevedore.watch', { project: PROJECT, watch: false });
    await removeOurs();
  });

  it('offers no Watch before a deploy, then Watch in the lens once the project runs', async () => {
    assert.equal(await watchLens(), undefined);
    const run = await deployFixture(api, file, containers);
    assert.ok(run.ok, run.message);
    const lens = await eventually(watchLens, { timeout: 30_000, what: 'the Watch lens' });
    assert.equal(lens.title, '$(eye) Watch');
  });

  it('turns Watch on from the lens: initial sync, "watching" in the tree and the lens', async () => {
    const lens = await watchLens();
    assert.ok(lens);
    const tree = next(
      api.onDidRefreshExplorer,
      (nodes) => nodes.some((n) => n.label === PROJECT && / · watching$/.test(n.description ?? '')),
      30_000,
      'the tree saying watching',
    );
    const initial = next(api.onDidWatch, (r) => r.project === PROJECT, 30_000, 'the initial sync');
    const run = ran('stevedore.watch');
    await vscode.commands.executeCommand(lens.command, ...((lens.arguments ?? []) as unknown[]));
    assert.equal((await run).message, `watching project ${PROJECT}`);
    assert.match((await initial).message, /^web: synced 1 file in \d+ ms$/);
    await tree;
    assert.equal(await served(), '<h1>sdwwatch first</h1>\n');
    assert.equal((await watchLens())?.title, '$(eye) watching · stop');
  });

  it('a save in the editor is served by the running container, and reported', async () => {
    const document = await vscode.workspace.openTextDocument(page);
    await vscode.window.showTextDocument(document);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(page, new vscode.Range(0, 0, document.lineCount, 0), '<h1>sdwwatch saved</h1>\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const synced = next(api.onDidWatch, (r) => r.project === PROJECT && r.ok, 30_000, 'the sync after the save');
    assert.ok(await document.save());
    assert.match((await synced).message, /^web: synced 1 file in \d+ ms$/);
    assert.equal(await served(), '<h1>sdwwatch saved</h1>\n');
  });

  it('turns Watch off from the palette: the lens offers Watch again', async () => {
    const run = ran('stevedore.watch');
    await vscode.commands.executeCommand('stevedore.watch', { project: PROJECT });
    assert.equal((await run).message, `stopped watching project ${PROJECT}`);
    assert.equal((await watchLens())?.title, '$(eye) Watch');
  });
});
