import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver';

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

/** LSP's answer to a request the client cancelled. */
export function requestCancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled');
}

/**
 * A long request that honours the client's cancellation. It first yields one turn of the event loop, so that a
 * cancel already on its way is read (the token only changes between turns); a cancelled request does not start;
 * the work gets `isCancelled` to ask between files; and a request cancelled while it ran answers RequestCancelled,
 * never a partial answer.
 */
export async function cancellable<R>(
  token: CancellationToken,
  run: (isCancelled: () => boolean) => R,
): Promise<R | ResponseError<void>> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const isCancelled = (): boolean => token.isCancellationRequested;
  if (isCancelled()) return requestCancelled();
  const result = run(isCancelled);
  return isCancelled() ? requestCancelled() : result;
}
