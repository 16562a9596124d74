import { PRACTICE_CODES } from '../../server/src/service/rules/registry';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  CodeActionKind,
  createProtocolConnection,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  IPCMessageReader,
  LogMessageNotification,
  MarkupKind,
  IPCMessageWriter,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from './paths';

export type Transport = 'ipc' | 'stdio';

/**
 * What VS Code's client declares of the capabilities the server reads: snippets, markdown documentation and hover,
 * hierarchical symbols, code action literals, code lens refresh. A test client says this unless it is given others.
 */
export const EDITOR_CAPABILITIES: ClientCapabilities = {
  textDocument: {
    completion: { completionItem: { snippetSupport: true, documentationFormat: [MarkupKind.Markdown, MarkupKind.PlainText] } },
    hover: { contentFormat: [MarkupKind.Markdown, MarkupKind.PlainText] },
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: [CodeActionKind.QuickFix] } } },
  },
  workspace: { codeLens: { refreshSupport: true } },
};

/**
 * The shipped server bundle (dist/server.js) in its own process, spoken to by vscode-languageserver-protocol, the
 * library VS Code's client is built on. Diagnostics are collected per URI as the server pushes them.
 */
export class LspTestClient {
  private readonly published: PublishDiagnosticsParams[] = [];
  private readonly waiters: (() => void)[] = [];
  private stderr = '';
  /** What the server wrote to the client's log (window/logMessage). */
  readonly logs: string[] = [];

  /** Whether best-practice findings are kept in what `diagnostics` returns (off unless `start` is told). */
  private practices = false;

  private constructor(
    readonly process: ChildProcess,
    readonly connection: ProtocolConnection,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      // The best-practice findings (information, issue 14) are tested in the unit tier; the LSP tests are about
      // protocol behaviour, so they see the other findings unless a client asks for everything.
      const keep = (d: { code?: unknown }): boolean => this.practices || !PRACTICE_CODES.includes(String(d.code));
      this.published.push({ ...params, diagnostics: params.diagnostics.filter(keep) });
      for (const wake of this.waiters.splice(0)) wake();
    });
    connection.onNotification(LogMessageNotification.type, (params) => this.logs.push(params.message));
    process.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /**
   * `capabilities`: what this client says it can do (EDITOR_CAPABILITIES unless given; e.g. add
   * `experimental.stevedoreImages`); `rootUri`: its workspace; `listen`: handlers to set before the server starts
   * talking (requests it sends on `initialized`, such as `client/registerCapability`).
   */
  static async start(
    transport: Transport,
    options: {
      capabilities?: ClientCapabilities;
      rootUri?: string;
      practices?: boolean;
      listen?: (connection: ProtocolConnection) => void;
    } = {},
  ): Promise<{ client: LspTestClient; initialize: InitializeResult }> {
    const server = join(repoRoot, 'dist', 'server.js');
    let child: ChildProcess;
    let connection: ProtocolConnection;
    if (transport === 'ipc') {
      child = fork(server, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
      connection = createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child));
    } else {
      child = spawn(process.execPath, [server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
      connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    }
    const client = new LspTestClient(child, connection);
    client.practices = options.practices ?? false;
    options.listen?.(connection);
    connection.listen();
    const initialize = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: options.rootUri ?? null,
      capabilities: options.capabilities ?? EDITOR_CAPABILITIES,
      workspaceFolders: null,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return { client, initialize };
  }

  /** Waits for the next diagnostics the server publishes for `uri` that satisfy `accept`. */
  async diagnostics(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<PublishDiagnosticsParams> {
    const deadline = Date.now() + timeoutMs;
    let seen = 0;
    for (;;) {
      const match = this.published.slice(seen).find((p) => p.uri === uri && accept(p));
      if (match) return match;
      seen = this.published.length;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching diagnostics for ${uri} in ${timeoutMs} ms; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Shuts down as a client would and resolves with the server's exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => this.process.once('exit', (code) => resolve(code)));
    await this.connection.sendRequest(ShutdownRequest.type);
    await this.connection.sendNotification(ExitNotification.type);
    const code = await exited;
    this.connection.dispose();
    return code;
  }
}
