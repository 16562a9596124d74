import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Compose and stack files carry the `dockercompose` language id (shared with the Docker extensions); Kubernetes and
 * other manifests are plain `yaml`, and the server decides per document what they are. */
export const documentSelector = [
  { scheme: 'file', language: 'dockercompose' },
  { scheme: 'untitled', language: 'dockercompose' },
  { scheme: 'file', language: 'yaml' },
  { scheme: 'untitled', language: 'yaml' },
  // Marathon app, pod and group definitions; the server leaves other JSON alone (and formats YAML only).
  { scheme: 'file', language: 'json' },
  { scheme: 'untitled', language: 'json' },
];

/** Adjusts the server's code lenses to what the engine knows (liveStateLenses.ts): the server never reaches an engine. */
export type LensAdjuster = (document: vscode.TextDocument, lenses: vscode.CodeLens[]) => Promise<vscode.CodeLens[]>;

export function createLanguageClient(
  extension: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  adjustLenses?: () => LensAdjuster | undefined,
): LanguageClient {
  const module = extension.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    outputChannel: output,
    middleware: {
      provideCodeLenses: async (document, token, next) => {
        const lenses = (await next(document, token)) ?? [];
        const adjust = adjustLenses?.();
        return adjust ? adjust(document, lenses) : lenses;
      },
    },
    initializationOptions: vscode.workspace.getConfiguration('stevedore'),
    synchronize: {
      configurationSection: 'stevedore',
      // A compose file's diagnostics depend on its .env, env files and included or overridden files; a manifest's on
      // the objects other manifests define.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/{.env,*.env,*.yml,*.yaml}'),
    },
  };
  return new LanguageClient('stevedore', 'Stevedore Language Server', serverOptions, clientOptions);
}
