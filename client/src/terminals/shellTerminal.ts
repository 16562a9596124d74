import * as vscode from 'vscode';
import type { Readable } from 'node:stream';
import {
  containerGone,
  followEngineEvents,
  openShell,
  shellEnd,
  TerminalOutput,
  type Engine,
  type ExecSession,
  type ShellOptions,
} from '../engine';

/**
 * A VS Code terminal backed by an exec session with a TTY, over the engine API: no docker CLI and no host shell in
 * between. Output is decoded as one UTF-8 stream (a character split across chunks stays whole) and written in small
 * batches; keys go to the container untouched; every terminal resize reaches the remote TTY. When the shell ends,
 * its exit code is shown and Enter opens a new shell while the container still runs; when the engine connection
 * drops (dockerd killed or restarted), it says it is disconnected and Enter reconnects; when the container is gone
 * (its project taken down), it says so, in its last line and its name.
 */

export interface ShellTarget {
  /** The engine connection the container runs on (`Engine['docker']`: the handle the engine's openShell takes). */
  readonly docker: Engine['docker'];
  readonly containerId: string;
  /** What the tab and messages call it (`web-1`). */
  readonly label: string;
  readonly options: Omit<ShellOptions, 'columns' | 'rows'>;
}

const DEFAULT_SIZE = { columns: 80, rows: 24 };
const RESIZE_DEBOUNCE_MS = 50;
/** How long a terminal opened without a size waits for VS Code's first one before starting at 80x24. */
const FIRST_SIZE_WAIT_MS = 300;

export class ShellTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  private readonly nameEmitter = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  readonly onDidChangeName = this.nameEmitter.event;
  /** The container was removed (Down, or elsewhere): nothing to open a shell in any more. */
  private gone = false;
  /** The engine's events for the container's removal, followed while the shell has ended. */
  private removal: Promise<Readable> | undefined;

  private session: ExecSession | undefined;
  /** The terminal's size, and the size the remote TTY was last given. */
  private size = DEFAULT_SIZE;
  private remoteSize = DEFAULT_SIZE;
  private output: TerminalOutput | undefined;
  private resizeTimer: NodeJS.Timeout | undefined;
  private ended = false;
  private closed = false;
  /** Set while open() waits for the first size: starts the session. */
  private sized: (() => void) | undefined;
  /** Keys typed while the session is being opened; sent as soon as it is. */
  private early: Buffer[] = [];
  /** Fires with the exit code each time a shell ends; the tests and the status line use it. */
  readonly onDidExit: vscode.Event<number>;
  private readonly exitEmitter = new vscode.EventEmitter<number>();
  /** Fires with the size the remote TTY was given (when a shell opens, and after each resize reached it). */
  readonly onDidSizeRemote: vscode.Event<vscode.TerminalDimensions>;
  private readonly sizeEmitter = new vscode.EventEmitter<vscode.TerminalDimensions>();

  constructor(private readonly target: ShellTarget) {
    this.onDidExit = this.exitEmitter.event;
    this.onDidSizeRemote = this.sizeEmitter.event;
  }

  /** The terminal's size as VS Code last gave it. */
  get dimensions(): vscode.TerminalDimensions {
    return this.size;
  }

  open(initial: vscode.TerminalDimensions | undefined): void {
    if (initial) {
      this.size = { columns: initial.columns, rows: initial.rows };
      void this.connect();
      return;
    }
    // The panel was never shown, so VS Code does not know the size yet: its first setDimensions follows at once.
    // Start the shell at that size (not 80x24 then a resize), unless it takes too long.
    const start = (): void => {
      clearTimeout(timer);
      this.sized = undefined;
      void this.connect();
    };
    const timer = setTimeout(start, FIRST_SIZE_WAIT_MS);
    this.sized = start;
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    this.stopWatchingRemoval();
    this.ended = false;
    let session: ExecSession;
    const size = this.size;
    try {
      session = await openShell(this.target.docker, this.target.containerId, { ...this.target.options, ...size });
    } catch (error) {
      this.line(
        `\x1b[31mcannot open a shell in ${this.target.label}: ${error instanceof Error ? error.message : String(error)}; press Enter to try again\x1b[0m`,
      );
      this.ended = true;
      return;
    }
    if (this.closed) {
      // The terminal was closed while the shell was starting: end that shell (EOF), as close() does.
      session.stream.end();
      setTimeout(() => session.stream.destroy(), 1000).unref();
      return;
    }
    this.session = session;
    this.remoteSize = size;
    this.sizeEmitter.fire(size);
    // The terminal may have been resized while the session was opening.
    this.resizeRemote();
    for (const keys of this.early) session.stream.write(keys);
    this.early = [];
    const output = new TerminalOutput((text) => this.writeEmitter.fire(text));
    this.output = output;
    session.stream.on('data', (chunk: Buffer) => output.push(chunk));
    const end = await shellEnd(session);
    await Promise.race([session.ended, new Promise((r) => setTimeout(r, 500))]);
    output.end();
    session.stream.removeAllListeners('data');
    session.stream.destroy();
    this.session = undefined;
    this.output = undefined;
    if (this.closed) return;
    this.ended = true;
    if (await this.containerGone()) return this.markGone();
    // A shell ends when its container stops, before a Down removes it: until the terminal opens a new shell or
    // closes, the container's removal marks it.
    this.watchRemoval();
    if (end.kind === 'disconnected') {
      // dockerd killed or restarted, or the connection dropped: say so; Enter tries again (and again, until it opens).
      this.line(
        `\x1b[33m[disconnected from the engine (${end.message}); press Enter to reconnect to ${this.target.label}, or close the terminal]\x1b[0m`,
      );
      return;
    }
    this.exitEmitter.fire(end.code);
    this.line(
      `\x1b[2m[shell in ${this.target.label} exited with code ${end.code}; press Enter to open a new one, or close the terminal]\x1b[0m`,
    );
  }

  /** Its project was taken down: say so in the tab and the last line; Enter has nothing left to open. */
  private markGone(): void {
    if (this.gone || this.closed) return;
    this.gone = true;
    this.stopWatchingRemoval();
    this.line(`\x1b[33m[${this.target.label} is gone (removed): nothing to open a shell in; close this terminal]\x1b[0m`);
    this.nameEmitter.fire(`${this.target.label} (shell) · gone`);
  }

  private watchRemoval(): void {
    if (this.removal) return;
    const filters = { type: ['container'], event: ['destroy'], container: [this.target.containerId] };
    const watch = followEngineEvents(
      this.target.docker,
      filters,
      () => this.markGone(),
      () => undefined,
    );
    this.removal = watch;
    watch.then(
      (stream) => {
        if (this.removal !== watch || this.gone || this.closed) stream.destroy();
      },
      () => undefined,
    );
    // It may have gone between the check and the watch.
    void this.containerGone().then((gone) => gone && this.markGone());
  }

  private stopWatchingRemoval(): void {
    const watch = this.removal;
    this.removal = undefined;
    void watch?.then(
      (stream) => stream.destroy(),
      () => undefined,
    );
  }

  private containerGone(): Promise<boolean> {
    return containerGone(this.target.docker, this.target.containerId);
  }

  /** Our own lines need CRLF; the container's output already has what its TTY made of line ends. */
  private line(text: string): void {
    this.output?.flush();
    this.writeEmitter.fire(`\r\n${text}\r\n`);
  }

  private resizeRemote(): void {
    const session = this.session;
    const size = this.size;
    if (!session || (size.columns === this.remoteSize.columns && size.rows === this.remoteSize.rows)) return;
    this.remoteSize = size;
    session.resize(size.columns, size.rows).then(
      () => this.sizeEmitter.fire(size),
      () => {
        if (this.remoteSize === size) this.remoteSize = { columns: 0, rows: 0 };
      },
    );
  }

  handleInput(data: string): void {
    if (this.ended) {
      if (data === '\r' && !this.gone) void this.connect();
      return;
    }
    const keys = Buffer.from(data, 'utf8');
    if (this.session) this.session.stream.write(keys);
    else this.early.push(keys);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.size = { columns: dimensions.columns, rows: dimensions.rows };
    if (this.sized) return this.sized();
    if (this.resizeTimer) clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => this.resizeRemote(), RESIZE_DEBOUNCE_MS);
  }

  close(): void {
    this.closed = true;
    this.stopWatchingRemoval();
    // The engine has no call to kill an exec: end the input (the shell sees EOF and exits), then drop the stream.
    const session = this.session;
    if (session) {
      session.stream.end();
      setTimeout(() => session.stream.destroy(), 1000).unref();
    }
    if (this.resizeTimer) clearTimeout(this.resizeTimer);
    this.output?.flush();
    this.writeEmitter.dispose();
    this.exitEmitter.dispose();
    this.sizeEmitter.dispose();
    this.nameEmitter.dispose();
  }
}
