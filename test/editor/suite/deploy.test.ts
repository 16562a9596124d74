import assert from 'node:assert/strict';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { CommandRun, OpenedShell, StevedoreApi } from '../../../client/src/context';
import { ensureBusyboxImage } from '../../support/busyboxImage';
import { eventually } from '../../support/preconditions';
import { next } from './events';

/**
 * The extension against the real engine: Deploy from the palette (the plan shows and is accepted), the explorer
 * shows the project, Scale, a shell in a container (input, output, exit code), Down. Waits on events, not sleeps.
 */

const PROJECT = 'sdeditor';

describe('Stevedore deploys, scales, opens a shell and takes down, in a real VS Code', function () {
  this.timeout(120_000);
  let api: StevedoreApi;
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const containers = async (): Promise<Docker.ContainerInfo[]> =>
    docker.listContainers({ filters: { label: [`com.docker.compose.project=${PROJECT}`] } });
  const ran = (command: string): Promise<CommandRun> => next(api.onDidRunCommand, (r) => r.command === command, 90_000, command);

  before(async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>('stevedore.stevedore');
    assert.ok(extension);
    api = await extension.activate();
    await ensureBusyboxImage(docker);
    for (const c of await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${PROJECT}`] } }))
      await docker.getContainer(c.Id).remove({ force: true });
  });
  after(async () => {
    for (const c of await docker.listContainers({ all: true, filters: { label: [`com.docker.compose.project=${PROJECT}`] } }))
      await docker.getContainer(c.Id).remove({ force: true });
    for (const n of await docker.listNetworks({ filters: { label: [`com.docker.compose.project=${PROJECT}`] } }))
      await docker.getNetwork(n.Id).remove();
  });

  it('deploys the open compose file from the palette after showing the plan', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'sdeditor/compose.yaml'));
    await vscode.window.showTextDocument(document);
    const done = ran('stevedore.deploy');
    await vscode.commands.executeCommand('workbench.action.quickOpen', '>Stevedore: Deploy');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    // The plan is a quick pick whose first item is Apply; accepting it applies the plan.
    await new Promise((resolve) => setTimeout(resolve, 0));
    for (let i = 0; i < 100 && (await containers()).length === 0; i++) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const run = await done;
    assert.ok(run.ok, run.message);
    assert.match(run.message, /project sdeditor deployed: 2 change\(s\)/);
    assert.equal((await containers()).length, 1);
  });

  it('shows the project in the Stevedore explorer', async () => {
    const shown = next(
      api.onDidRefreshExplorer,
      (items) => items.some((i) => i.label === PROJECT),
      30_000,
      'the project in the tree',
    );
    await vscode.commands.executeCommand('stevedore.explorer.focus');
    const items = await shown;
    assert.match(items.find((i) => i.label === PROJECT)?.description ?? '', /compose · 1 container/);
  });

  it('scales the service to 3 without touching the first container', async () => {
    const [first] = await containers();
    // Through the language server's code lens on the service, with the count given instead of typed.
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      vscode.Uri.joinPath(folder.uri, 'sdeditor/compose.yaml'),
    );
    // The server's lenses (the client's live-state lens has no command; operations.test.ts checks it).
    assert.deepEqual(
      lenses.filter((l) => l.command?.command).map((l) => l.command?.title),
      ['$(rocket) Deploy project sdeditor', 'Deploy', 'Scale', 'Shell', 'Logs'],
    );
    const lens = lenses.find((l) => l.command?.title === 'Scale')?.command;
    assert.ok(lens);
    const done = ran('stevedore.scale');
    await vscode.commands.executeCommand(lens.command, { ...(lens.arguments?.[0] as object), replicas: 3 });
    const run = await done;
    assert.ok(run.ok, run.message);
    const now = await containers();
    assert.equal(now.length, 3);
    assert.ok(now.some((c) => c.Id === first?.Id));
  });

  it('opens a shell in a container: output, input, exit code', async () => {
    const [target] = await containers();
    assert.ok(target);
    const opened = next(api.onDidOpenShell, () => true, 30_000, 'the shell terminal');
    await vscode.commands.executeCommand('stevedore.attachShell', { container: target.Id, label: 'app' });
    const shell: OpenedShell = await opened;
    let output = '';
    shell.pty.onDidWrite((text) => (output += text));
    const sees = (pattern: RegExp): Promise<boolean> =>
      eventually(() => pattern.test(output), { timeout: 20_000, interval: 50, what: `${pattern} in the terminal` });
    shell.terminal.sendText('echo $((6*7))');
    await sees(/\r?\n42\r?\n/);
    const exited = next(shell.pty.onDidExit, () => true, 20_000, 'the shell to exit');
    shell.terminal.sendText('exit 3');
    assert.equal(await exited, 3);
    await sees(/exited with code 3/);
    shell.terminal.dispose();
  });

  it('takes the project down', async () => {
    const done = ran('stevedore.down');
    await vscode.commands.executeCommand('stevedore.down', { project: PROJECT, confirmed: true });
    const run = await done;
    assert.ok(run.ok, run.message);
    assert.match(run.message, /removed project sdeditor: 3 container\(s\), 1 network\(s\)/);
    assert.deepEqual(await containers(), []);
  });
});
