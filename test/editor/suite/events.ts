import type * as vscode from 'vscode';

/** Resolves with the first value of `event` that satisfies `accept`, or fails after `ms`: tests wait on events, never on sleeps. */
export function next<T>(
  event: vscode.Event<T>,
  accept: (value: T) => boolean,
  ms: number,
  what: string,
  /** What makes the event happen, run once listening (its failure fails the wait). */
  cause?: () => unknown,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`timed out after ${ms} ms waiting for ${what}`));
    }, ms);
    const listener = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(value);
    });
    if (cause)
      void Promise.resolve()
        .then(cause)
        .then(undefined, (error: unknown) => {
          clearTimeout(timer);
          listener.dispose();
          reject(error instanceof Error ? error : new Error(String(error)));
        });
  });
}
