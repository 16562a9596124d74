/**
 * The bytes of a TTY exec session on their way to a terminal: decoded as ONE UTF-8 stream (a character split across
 * chunks stays whole) and written in batches (one write per few milliseconds, not one per network chunk: each write
 * crosses to the terminal's renderer). Plain Node, so the benchmark runs exactly what the editor's terminal runs.
 */
export class TerminalOutput {
  private readonly decoder = new TextDecoder('utf-8');
  private pending: string[] = [];
  private timer: NodeJS.Timeout | undefined;

  /** `write` gets the text; `batchMs` is how long output may wait for more before it is written. */
  constructor(
    private readonly write: (text: string) => void,
    private readonly batchMs = 4,
  ) {}

  push(chunk: Uint8Array): void {
    const text = this.decoder.decode(chunk, { stream: true });
    if (!text) return;
    this.pending.push(text);
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  /** Writes what is waiting now (before a line of our own, or at the end). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const text = this.pending.length === 1 ? (this.pending[0] ?? '') : this.pending.join('');
    this.pending = [];
    this.write(text);
  }

  /** The stream has ended: a truncated character at its very end becomes U+FFFD, then everything is written. */
  end(): void {
    const rest = this.decoder.decode();
    if (rest) this.pending.push(rest);
    this.flush();
  }
}
