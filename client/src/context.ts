import type * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { EngineHolder } from './engineHolder';
import type { ShellTerminal } from './terminals/shellTerminal';
import type { EngineResource } from './engine';
import type { NodeSummary } from './views/nodes';
import type { Watches } from './watches';
import type { WatchReport } from './engine';
import type { RenderedTopology, TopologyPanels } from './views/topology';
import type { RenderedStats, StatsPanels } from './views/stats/statsPanel';

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
  /** Fired for every shell terminal opened (the API passes it on, for tests and other extensions). */
  readonly shells: vscode.EventEmitter<OpenedShell>;
  /** Fired for every logs terminal opened. */
  readonly logs: vscode.EventEmitter<OpenedLogs>;
  /** The projects being watched (develop.watch), and their reports. */
  readonly watches: Watches;
  /** The open graph views. */
  readonly topology: TopologyPanels;
  /** The open resource-use panels. */
  readonly stats: StatsPanels;
}

export interface OpenedLogs {
  readonly terminal: vscode.Terminal;
  /** Everything the terminal has shown so far (lines with their container prefix and colours). */
  readonly written: () => string;
}

export interface OpenedShell {
  readonly terminal: vscode.Terminal;
  readonly pty: ShellTerminal;
}

/** What `activate` returns to other extensions and to the end-to-end tests. */
export interface StevedoreApi {
  /** The Swarm Nodes view's nodes after each refresh (empty when the engine is not a swarm manager). */
  readonly onDidRefreshNodes: vscode.Event<readonly NodeSummary[]>;
  readonly onDidRunCommand: vscode.Event<CommandRun>;
  /** Every action a watch took ("web: synced 1 file in 80 ms"), with its project. */
  readonly onDidWatch: vscode.Event<WatchReport & { readonly project: string }>;
  readonly onDidOpenShell: vscode.Event<OpenedShell>;
  readonly onDidOpenLogs: vscode.Event<OpenedLogs>;
  /** The explorer's top-level items after each refresh (`{ label, description }`; the "no engine" item's reason in `tooltip`). */
  readonly onDidRefreshExplorer: vscode.Event<
    readonly { readonly label?: string; readonly description?: string; readonly tooltip?: string }[]
  >;
  /** The Images, Volumes and Networks views' resources after each refresh. */
  readonly onDidRefreshImages: vscode.Event<readonly EngineResource[]>;
  readonly onDidRefreshVolumes: vscode.Event<readonly EngineResource[]>;
  readonly onDidRefreshNetworks: vscode.Event<readonly EngineResource[]>;
  /** Each time a graph view has drawn: the nodes and edges of its DOM. */
  readonly onDidRenderTopology: vscode.Event<RenderedTopology>;
  /** Each time a resource-use panel has drawn: its rows (container, CPU shown, samples kept). */
  readonly onDidRenderStats: vscode.Event<RenderedStats>;
}
