import * as vscode from 'vscode';
import { registerCommands } from './commands';
import type { CommandRun, StevedoreApi, StevedoreContext } from './context';
import { EngineHolder } from './engineHolder';
import { createLanguageClient } from './languageClient';
import { createEngineStatus } from './statusBar';

export async function activate(extension: vscode.ExtensionContext): Promise<StevedoreApi> {
  const output = vscode.window.createOutputChannel('Stevedore', { log: true });
  const client = createLanguageClient(extension, output);
  const engines = new EngineHolder(output);
  const ctx: StevedoreContext = { extension, output, client, engines };
  const onDidRunCommand = new vscode.EventEmitter<CommandRun>();

  extension.subscriptions.push(
    output,
    onDidRunCommand,
    engines,
    createEngineStatus(engines),
    ...registerCommands(ctx, onDidRunCommand),
  );
  // The language server is started before activation completes, so the first open document is validated.
  await client.start();
  extension.subscriptions.push(client);
  return { onDidRunCommand: onDidRunCommand.event };
}

export function deactivate(): void {
  // The client is disposed with the subscriptions, which stops the server.
}
