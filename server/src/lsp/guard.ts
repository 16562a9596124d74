import type { Connection } from 'vscode-languageserver';

/**
 * The one error boundary of the server: a fault in a feature is logged with its context and swallowed, so one bad
 * file or one bug never takes the server down. Requests get the fallback value instead of an exception.
 */
export function guard<A extends unknown[], R>(
  connection: Connection,
  what: string,
  fallback: R,
  handler: (...args: A) => R,
): (...args: A) => R {
  return (...args: A): R => {
    try {
      return handler(...args);
    } catch (error) {
      connection.console.error(`${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return fallback;
    }
  };
}
