import assert from 'node:assert/strict';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { CommandRun, StevedoreApi } from '../../../client/src/context';
import { deployFixture } from './deployFixture';
import { next } from './events';
import { composeProject, openWorkspaceProject } from './workspaceProject';

/**
 * The everyday actions as the tree runs them, in a real VS Code against the real engine: Pause, Unpause, Restart
 * versus Recreate, Open in Browser, Pull Images. Everything is named sdw… and removed here.
 */

const PROJECT = 'sdwacts';

describe('Everyday actions in a real VS Code: pause, unpause, recreate, open in browser, pull, inspect, copy', function () {
  this.timeout(120_000);
  let api: StevedoreApi;
  let file: vscode.Uri;
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const { containers, remove: removeOurs } = composeProject(docker, PROJECT);
  const run = async (command: string, arg: unknown): Promise<CommandRun> => {
    const done = next(api.onDidRunCommand, (r) => r.command === command, 90_000, command);
    await vscode.commands.executeCommand(command, arg);
    return done;
  };
  // What the tree passes: its service item, its container item.
  const serviceItem = { type: 'service', project: PROJECT, service: 'web' };

  before(async () => {
    ({ api, file } = await openWorkspaceProject(docker, PROJECT));
    const result = await deployFixture(api, file, containers);
    assert.ok(result.ok, result.message);
  });
  after(removeOurs);

  it('Pause and Unpause a service from the tree', async () => {
    assert.equal((await run('stevedore.pause', serviceItem)).message, `paused ${PROJECT}-web-1`);
    assert.equal((await containers())[0]?.State, 'paused');
    const again = await run('stevedore.pause', serviceItem);
    assert.equal(again.message, `nothing paused (${PROJECT}-web-1 is paused)`);
    const [web] = await containers();
    assert.ok(web);
    assert.equal((await run('stevedore.unpause', { type: 'container', container: web.Id })).message, `unpaused ${PROJECT}-web-1`);
    assert.equal((await containers())[0]?.State, 'running');
  });

  it('Restart keeps the container; Recreate replaces it', async () => {
    const [before] = await containers();
    assert.ok(before);
    assert.ok((await run('stevedore.restart', serviceItem)).ok);
    assert.equal((await containers())[0]?.Id, before.Id);
    const recreated = await run('stevedore.recreate', { type: 'container', container: before.Id });
    assert.equal(recreated.message, `recreated ${PROJECT}-web-1`, recreated.message);
    const [after] = await containers();
    assert.notEqual(after?.Id, before.Id);
    assert.equal(after?.State, 'running');
  });

  it('Open in Browser opens the published port on the address it is bound to', async () => {
    const [web] = await containers();
    const port = web?.Ports.find((p) => p.PrivatePort === 8080)?.PublicPort;
    assert.ok(port);
    const opened = await run('stevedore.openInBrowser', serviceItem);
    assert.equal(opened.message, `opened http://127.0.0.1:${port}/`, opened.message);
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), 'sdwacts\n');
  });

  it('Pull Images: without a registry, the local image is reported as kept', async () => {
    const pulled = await run('stevedore.pull', { uri: file.toString() });
    assert.match(pulled.message, /^stevedore\/busybox:local: not pulled \(.+\); the local image stays in use$/, pulled.message);
  });

  it('Inspect opens the container as read-only JSON with secrets masked', async () => {
    const inspected = await run('stevedore.inspect', serviceItem);
    assert.equal(inspected.message, `inspected ${PROJECT}-web-1`, inspected.message);
    const document = vscode.window.activeTextEditor?.document;
    assert.ok(document);
    // A content provider's document: VS Code opens it read-only.
    assert.equal(document.uri.scheme, 'stevedore-inspect');
    assert.equal(document.languageId, 'json');
    const parsed = JSON.parse(document.getText()) as { Config: { Env: string[] } };
    assert.ok(parsed.Config.Env.includes('SDW_PASSWORD=********'), parsed.Config.Env.join(' '));
    assert.ok(parsed.Config.Env.includes('MODE=dev'));
    assert.doesNotMatch(document.getText(), /hunter2/);
  });

  it('Copy into and out of a container, with the paths given', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const source = vscode.Uri.joinPath(folder.uri, 'sdwacts/compose.yaml').fsPath;
    const into = await run('stevedore.copyInto', { ...serviceItem, hostPath: source, containerPath: '/tmp' });
    assert.match(into.message, new RegExp(`^copied 1 file into ${PROJECT}-web-1:/tmp$`), into.message);
    const out = vscode.Uri.joinPath(folder.uri, 'sdwacts-out');
    await vscode.workspace.fs.createDirectory(out);
    const back = await run('stevedore.copyFrom', { ...serviceItem, hostPath: out.fsPath, containerPath: '/tmp/compose.yaml' });
    assert.ok(back.ok, back.message);
    const copied = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(out, 'compose.yaml')));
    assert.match(copied, /name: sdwacts/);
  });
});
