import * as vscode from 'vscode';
import { registerCommands } from './commands';
import type { CommandRun, OpenedLogs, OpenedShell, StevedoreApi, StevedoreContext } from './context';
import { EngineHolder } from './engineHolder';
import { registerImagesRequest } from './imagesRequest';
import { createLanguageClient } from './languageClient';
import { LiveStateLenses } from './liveStateLenses';
import { createEngineStatus } from './statusBar';
import { StevedoreExplorer } from './views/explorer';
import { NodesView } from './views/nodes';
import { Watches } from './watches';
import { registerInspectDocuments } from './commands/inspect';
import { ResourceViews } from './views/resources';
import { TopologyPanels } from './views/topology';
import { StatsPanels } from './views/stats/statsPanel';

export async function activate(extension: vscode.ExtensionContext): Promise<StevedoreApi> {
  const output = vscode.window.createOutputChannel('Stevedore', { log: true });
  // The live-state lenses are made after the server starts (below); until then the server's lenses pass unchanged.
  const live: { lenses?: LiveStateLenses } = {};
  const client = createLanguageClient(extension, output, () => {
    const lenses = live.lenses;
    return lenses && ((document, all) => lenses.adjust(document, all));
  });
  const engines = new EngineHolder(output);
  const shells = new vscode.EventEmitter<OpenedShell>();
  const logs = new vscode.EventEmitter<OpenedLogs>();
  const watches = new Watches(engines, output);
  const topology = new TopologyPanels(client, engines);
  const stats = new StatsPanels(engines);
  const ctx: StevedoreContext = { extension, output, client, engines, shells, logs, watches, topology, stats };
  const onDidRunCommand = new vscode.EventEmitter<CommandRun>();
  const explorer = new StevedoreExplorer(engines, watches);
  const tree = vscode.window.createTreeView('stevedore.explorer', { treeDataProvider: explorer, showCollapseAll: true });
  const nodes = new NodesView(engines);
  const nodesTree = vscode.window.createTreeView('stevedore.nodes', { treeDataProvider: nodes, showCollapseAll: true });
  const resources = new ResourceViews(engines);

  extension.subscriptions.push(
    output,
    onDidRunCommand,
    shells,
    logs,
    engines,
    explorer,
    tree,
    ...explorer.attach(tree),
    nodes,
    nodesTree,
    resources,
    ...resources.register(),
    topology,
    stats,
    createEngineStatus(engines),
    watches,
    registerInspectDocuments(engines),
    ...registerCommands(ctx, onDidRunCommand),
  );
  registerImagesRequest(client, engines);
  // The language server is started before activation completes, so the first open document is validated.
  await client.start();
  extension.subscriptions.push(client);
  // After the server's lens provider, so that VS Code (newest provider first on a line) shows the live state first.
  live.lenses = new LiveStateLenses(engines, extension.workspaceState, watches);
  extension.subscriptions.push(live.lenses);
  return {
    onDidRefreshNodes: nodes.onDidRefresh,
    onDidRunCommand: onDidRunCommand.event,
    onDidWatch: watches.onDidReport,
    onDidOpenShell: shells.event,
    onDidOpenLogs: logs.event,
    onDidRefreshExplorer: explorer.onDidRefresh,
    onDidRefreshImages: resources.views.image.onDidRefresh,
    onDidRefreshVolumes: resources.views.volume.onDidRefresh,
    onDidRefreshNetworks: resources.views.network.onDidRefresh,
    onDidRenderTopology: topology.onDidRender,
    onDidRenderStats: stats.onDidRender,
  };
}

export function deactivate(): void {
  // The client is disposed with the subscriptions, which stops the server.
}
