import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Compose and stack files carry the `dockercompose` language id (shared with the Docker extensions); Kubernetes and
 * other manifests are plain `yaml`, and the server decides per document what they are. */
export const documentSelector = [
  { scheme: 'file', language: 'dockercompose' },
  { scheme: 'untitled', language: 'dockercompose' },
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
];

export function createLanguageClient(extension: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = extension.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    initializationOptions: vscode.workspace.getConfiguration('stevedore'),
    synchronize: {
      configurationSection: 'stevedore',
      // Diagnostics of a compose file depend on its .env, env files and the files it includes or overrides.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{.env,*.env,*compose*.{yml,yaml},*stack*.{yml,yaml}}'),
    },
  };
  return new LanguageClient('stevedore', 'Stevedore Language Server', serverOptions, clientOptions);
}
