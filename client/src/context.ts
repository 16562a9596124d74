import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EngineHolder } from './engineHolder';

/** Outcome of one command run, as announced on `StevedoreApi.onDidRunCommand`. */
export interface CommandRun {
  readonly command: string;
  readonly ok: boolean;
  /** What the command showed the user, or the error it reported. */
  readonly message: string;
}

/** Everything a command needs, passed explicitly (no module-level singletons). */
export interface StevedoreContext {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  readonly client: LanguageClient;
  /** This workspace's Docker engine, connected on first use. */
  readonly engines: EngineHolder;
}

/** What `activate` returns to other extensions and to the end-to-end tests. */
export interface StevedoreApi {
  readonly onDidRunCommand: vscode.Event<CommandRun>;
}
