import assert from 'node:assert/strict';
import Docker from 'dockerode';
import * as vscode from 'vscode';
import type { CommandRun, StevedoreApi } from '../../../client/src/context';
import { NOT_DEPLOYED_YET } from '../../../client/src/liveStateLenses';
import type { ExplorerNode, StevedoreExplorer } from '../../../client/src/views/explorer';
import { eventually } from '../../support/preconditions';
import { next } from './events';
import { composeProject, openWorkspaceProject, OwnExplorer } from './workspaceProject';

/**
 * Profiles and quieter lenses in a real VS Code against the real engine (project sdwprof, removed here): the lens
 * names each service's profile and whether Deploy enables it; Deploy asks which profiles to enable (checked: the
 * last answer for the file, else COMPOSE_PROFILES from .env) and remembers the answer; the explorer groups the
 * services by profile, an inactive profile greyed; Down takes every profile's services; `stevedore.codeLens`
 * `state` leaves only the live-state lines and `off` none.
 */

const PROJECT = 'sdwprof';

describe('Profiles and quieter lenses in a real VS Code: lens, deploy question, tree, down, stevedore.codeLens', function () {
  this.timeout(120_000);
  let api: StevedoreApi;
  let file: vscode.Uri;
  let explorer: StevedoreExplorer;
  const docker = new Docker({ socketPath: '/var/run/docker.sock' });
  const { containers, remove: removeOurs } = composeProject(docker, PROJECT);
  const running = async (): Promise<string[]> =>
    (await containers()).map((c) => c.Labels['com.docker.compose.service'] ?? '').sort();
  const lenses = async (): Promise<vscode.CodeLens[]> =>
    vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', file);
  /** The live-state lines (lenses without a command), in line order. */
  const stateTitles = async (): Promise<string[]> =>
    (await lenses())
      .filter((l) => l.command && !l.command.command && l.command.title !== NOT_DEPLOYED_YET)
      .map((l) => l.command?.title ?? '');
  /** Runs a command, then `answer` (a quick-input command) every 100 ms until the command reports. */
  const runAnswering = async (command: string, arg: unknown, answer: string): Promise<CommandRun> => {
    let finished = false;
    const done = next(api.onDidRunCommand, (r) => r.command === command, 90_000, command).finally(() => (finished = true));
    void vscode.commands.executeCommand(command, arg);
    while (!finished) {
      await vscode.commands.executeCommand(answer);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return done;
  };
  const accepting = 'workbench.action.acceptSelectedQuickOpenItem';
  const setLensMode = (mode: string | undefined): Thenable<void> =>
    vscode.workspace.getConfiguration('stevedore').update('codeLens', mode, vscode.ConfigurationTarget.Workspace);
  /** The project as the explorer shows it: its children, each with the tree item's description and context value. */
  const shown = async (node?: ExplorerNode): Promise<string[]> => {
    const children = await explorer.getChildren(node);
    return children.map((n) => {
      const item = explorer.getTreeItem(n);
      return `${typeof item.label === 'string' ? item.label : ''} · ${String(item.description ?? '')} · ${item.contextValue ?? ''}`;
    });
  };
  const childOf = async (parent: ExplorerNode | undefined, accept: (n: ExplorerNode) => boolean): Promise<ExplorerNode> => {
    const found = (await explorer.getChildren(parent)).find(accept);
    assert.ok(found, 'the node in the tree');
    return found;
  };

  before(async () => {
    ({ api, file } = await openWorkspaceProject(docker, PROJECT));
    explorer = OwnExplorer.create(PROJECT);
  });
  after(async () => {
    explorer?.dispose();
    await setLensMode(undefined);
    await removeOurs();
  });

  it('the lens names the profile of each profiled service, and whether Deploy enables it (COMPOSE_PROFILES from .env)', async () => {
    assert.deepEqual(
      await eventually(
        async () => {
          const titles = await stateTitles();
          return titles.length === 3 && titles;
        },
        { timeout: 30_000, what: 'three live-state lenses' },
      ),
      ['app: not deployed', 'dbg: not deployed · profile: debug', 'profile: tools (not enabled)'],
    );
  });

  it('Deploy asks which profiles to enable; accepted as offered, it deploys COMPOSE_PROFILES’s', async () => {
    const run = await runAnswering('stevedore.deploy', { uri: file.toString(), as: 'compose' }, accepting);
    assert.ok(run.ok, run.message);
    assert.deepEqual(await running(), ['app', 'dbg']);
  });

  it('the explorer groups the services by profile, the inactive profile and its service greyed', async () => {
    const project = await childOf(undefined, (n) => n.type === 'deployment' && n.project === PROJECT);
    assert.deepEqual(await shown(project), [
      'app · 1/1 running · service',
      'debug · 1/1 deployed · profile',
      'tools · inactive profile · profile.inactive',
    ]);
    const debug = await childOf(project, (n) => n.type === 'profile' && n.profile === 'debug');
    assert.deepEqual(await shown(debug), ['dbg · 1/1 running · service']);
    const tools = await childOf(project, (n) => n.type === 'profile' && n.profile === 'tools');
    assert.deepEqual(await shown(tools), ['lint · inactive profile · service.inactive']);
  });

  it('profiles given as the argument deploy without asking and are remembered: the lens follows them', async () => {
    const run = await runAnswering('stevedore.deploy', { uri: file.toString(), as: 'compose', profiles: ['tools'] }, accepting);
    assert.ok(run.ok, run.message);
    // A deploy without debug leaves its running service alone, as compose does.
    assert.deepEqual(await running(), ['app', 'dbg', 'lint']);
    assert.deepEqual(
      await eventually(
        async () => {
          const titles = await stateTitles();
          return titles.includes('lint: 1/1 running · profile: tools') && titles;
        },
        { timeout: 30_000, what: 'the lens of lint running' },
      ),
      ['app: 1/1 running', 'profile: debug (not enabled)', 'lint: 1/1 running · profile: tools'],
    );
  });

  it('the next Deploy asks again, offering the remembered answer; dismissing it deploys nothing', async () => {
    // The project is up to date, so the only question this deploy can ask is the profiles'.
    const dismissed = await runAnswering(
      'stevedore.deploy',
      { uri: file.toString(), as: 'compose' },
      'workbench.action.closeQuickOpen',
    );
    assert.deepEqual([dismissed.ok, dismissed.message], [false, 'cancelled']);
    const accepted = await runAnswering('stevedore.deploy', { uri: file.toString(), as: 'compose' }, accepting);
    assert.deepEqual([accepted.ok, accepted.message], [true, `project ${PROJECT} is up to date`]);
    // Accepted as offered: tools (the remembered answer), not .env's debug.
    assert.deepEqual((await stateTitles())[1], 'profile: debug (not enabled)');
  });

  it('stevedore.codeLens: state keeps only the live-state lines, off shows none', async () => {
    const commands = async (): Promise<string[]> =>
      (await lenses()).flatMap((l) => (l.command?.command ? [l.command.title] : []));
    assert.ok((await commands()).includes('Scale'));
    await setLensMode('state');
    const state = await eventually(
      async () => {
        const all = await lenses();
        return all.every((l) => !l.command?.command) && all.map((l) => l.command?.title ?? '');
      },
      { timeout: 15_000, what: 'no command lens with state' },
    );
    assert.deepEqual(state, ['app: 1/1 running', 'profile: debug (not enabled)', 'lint: 1/1 running · profile: tools']);
    await setLensMode('off');
    await eventually(async () => (await lenses()).length === 0, { timeout: 15_000, what: 'no lens with off' });
    await setLensMode(undefined);
    await eventually(async () => (await commands()).includes('Scale'), { timeout: 15_000, what: 'the command lenses again' });
  });

  it('Down removes the services of every profile', async () => {
    const done = next(api.onDidRunCommand, (r) => r.command === 'stevedore.down', 60_000, 'down');
    await vscode.commands.executeCommand('stevedore.down', { project: PROJECT, confirmed: true });
    const run = await done;
    assert.ok(run.ok, run.message);
    assert.deepEqual(await running(), []);
  });
});
