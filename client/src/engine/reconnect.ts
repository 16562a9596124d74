import type Docker from 'dockerode';

/**
 * How a follow (container logs, a swarm service's logs) gets the engine back after its stream ended: pauses that
 * grow (250 ms, doubling, at most `maxMs`), a ping, then `resume()`, until it works, `giveUp` says the error is final,
 * or the follow was stopped. It says "lost the connection to the engine; reconnecting…" first and "reconnected to the
 * engine" after. `wake()` ends the pause under way (a stop should not wait out a 5 s pause).
 */
export class Reconnector {
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly docker: Docker,
    private readonly options: {
      readonly stopped: () => boolean;
      readonly onNote?: ((text: string) => void) | undefined;
      /** The longest pause between two tries (default 5 s). */
      readonly maxMs?: number | undefined;
    },
  ) {}

  wake(): void {
    this.wakeUp?.();
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /**
   * Tries until `resume` succeeds. `onFailure` runs after each failed try (to close what it half opened); an error
   * for which `giveUp` returns true ends the tries.
   */
  async run(
    resume: () => Promise<void>,
    handlers: { readonly onFailure?: () => void; readonly giveUp?: (error: unknown) => boolean } = {},
  ): Promise<void> {
    const { stopped, onNote, maxMs } = this.options;
    onNote?.('lost the connection to the engine; reconnecting…');
    for (let attempt = 0; !stopped(); attempt++) {
      await this.pause(Math.min(250 * 2 ** attempt, maxMs ?? 5000));
      if (stopped()) return;
      try {
        await this.docker.ping();
        await resume();
        if (!stopped()) onNote?.('reconnected to the engine');
        return;
      } catch (error) {
        if (handlers.giveUp?.(error)) return;
        handlers.onFailure?.();
      }
    }
  }
}
