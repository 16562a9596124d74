import * as vscode from 'vscode';
import { swarmRole, swarmState } from './engine';
import type { EngineHolder } from './engineHolder';

/**
 * The engine in the status bar: where it is and what kind (local, remote, swarm manager), in a warning colour
 * when it is remote, so a deploy to the wrong engine is hard to miss. Click to choose another.
 */
export function createEngineStatus(engines: EngineHolder): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('stevedore.engine', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Stevedore Engine';
  item.command = 'stevedore.selectEngine';
  const update = async (): Promise<void> => {
    const { url, source, local } = engines.describe();
    const where = local ? 'local' : url.replace(/^[a-z]+:\/\//, '');
    item.text = `$(server-environment) ${where}`;
    item.backgroundColor = local ? undefined : new vscode.ThemeColor('statusBarItem.warningBackground');
    item.tooltip = `Docker engine: ${url} (${source}). Click to choose another.`;
    item.show();
    if (!vscode.workspace.isTrusted) {
      item.tooltip = `Docker engine: ${url}. Not reached: this workspace is not trusted.`;
      return;
    }
    try {
      const engine = await engines.get();
      const swarm = swarmRole(await swarmState(engine));
      item.text = `$(server-environment) ${where} · ${swarm}`;
      item.tooltip = `Docker ${engine.serverVersion} at ${url} (${source}), ${swarm}. Click to choose another engine.`;
    } catch (error) {
      item.text = `$(debug-disconnect) ${where}`;
      item.tooltip = `No Docker engine answers: ${error instanceof Error ? error.message : String(error)}. Click to choose another.`;
    }
  };
  void update();
  const subscriptions = [
    engines.onDidChange(() => void update()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void update()),
  ];
  return vscode.Disposable.from(item, ...subscriptions);
}
