import * as vscode from 'vscode';
import type Docker from 'dockerode';
import { openShell, type ExecSession, type ShellOptions } from '../engine';

/**
 * A VS Code terminal backed by an exec session with a TTY, over the engine API: no docker CLI and no host shell in
 * between. Output is decoded as one UTF-8 stream (a character split across chunks stays whole) and written in small
 * batches; keys go to the container untouched; every terminal resize reaches the remote TTY. When the shell ends,
 * its exit code is shown and Enter opens a new shell while the container still runs.
 */

export interface ShellTarget {
  readonly docker: Docker;
  readonly containerId: string;
  /** What the tab and messages call it (`web-1`). */
  readonly label: string;
  readonly options: Omit<ShellOptions, 'columns' | 'rows'>;
}

const DEFAULT_SIZE = { columns: 80, rows: 24 };
const BATCH_MS = 4;
const RESIZE_DEBOUNCE_MS = 50;

export class ShellTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;

  private session: ExecSession | undefined;
  private size = DEFAULT_SIZE;
  private pending = '';
  private flushTimer: NodeJS.Timeout | undefined;
  private resizeTimer: NodeJS.Timeout | undefined;
  private ended = false;
  private closed = false;
  /** Keys typed while the session is being opened; sent as soon as it is. */
  private early: Buffer[] = [];
  /** Fires with the exit code each time a shell ends; the tests and the status line use it. */
  readonly onDidExit: vscode.Event<number>;
  private readonly exitEmitter = new vscode.EventEmitter<number>();

  constructor(private readonly target: ShellTarget) {
    this.onDidExit = this.exitEmitter.event;
  }

  open(initial: vscode.TerminalDimensions | undefined): void {
    // VS Code may not know the size yet; the first setDimensions corrects it.
    if (initial) this.size = { columns: initial.columns, rows: initial.rows };
    void this.connect();
  }

  private async connect(): Promise<void> {
    this.ended = false;
    let session: ExecSession;
    try {
      session = await openShell(this.target.docker, this.target.containerId, { ...this.target.options, ...this.size });
    } catch (error) {
      this.line(
        `\x1b[31mcannot open a shell in ${this.target.label}: ${error instanceof Error ? error.message : String(error)}\x1b[0m`,
      );
      this.ended = true;
      return;
    }
    this.session = session;
    for (const keys of this.early) session.stream.write(keys);
    this.early = [];
    const decoder = new TextDecoder('utf-8');
    session.stream.on('data', (chunk: Buffer) => this.queue(decoder.decode(chunk, { stream: true })));
    const code = await session.exitCode();
    await Promise.race([session.ended, new Promise((r) => setTimeout(r, 500))]);
    this.queue(decoder.decode());
    this.flush();
    session.stream.destroy();
    this.session = undefined;
    if (this.closed) return;
    this.ended = true;
    this.exitEmitter.fire(code);
    this.line(
      `\x1b[2m[shell in ${this.target.label} exited with code ${code}; press Enter to open a new one, or close the terminal]\x1b[0m`,
    );
  }

  private queue(text: string): void {
    if (!text) return;
    this.pending += text;
    this.flushTimer ??= setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending) this.writeEmitter.fire(this.pending);
    this.pending = '';
  }

  /** Our own lines need CRLF; the container's output already has what its TTY made of line ends. */
  private line(text: string): void {
    this.flush();
    this.writeEmitter.fire(`\r\n${text}\r\n`);
  }

  handleInput(data: string): void {
    if (this.ended) {
      if (data === '\r') void this.connect();
      return;
    }
    const keys = Buffer.from(data, 'utf8');
    if (this.session) this.session.stream.write(keys);
    else this.early.push(keys);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.size = { columns: dimensions.columns, rows: dimensions.rows };
    if (this.resizeTimer) clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      void this.session?.resize(this.size.columns, this.size.rows).catch(() => undefined);
    }, RESIZE_DEBOUNCE_MS);
  }

  close(): void {
    this.closed = true;
    // The engine has no call to kill an exec: end the input (the shell sees EOF and exits), then drop the stream.
    const session = this.session;
    if (session) {
      session.stream.end();
      setTimeout(() => session.stream.destroy(), 1000).unref();
    }
    if (this.resizeTimer) clearTimeout(this.resizeTimer);
    this.flush();
    this.writeEmitter.dispose();
    this.exitEmitter.dispose();
  }
}
