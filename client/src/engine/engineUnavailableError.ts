/**
 * Raised when no engine can be reached or the configuration that names it cannot be used. The message is for the user:
 * what was tried, what failed and how that engine was chosen, never a stack trace.
 */
export class EngineUnavailableError extends Error {
  override readonly name: string = 'EngineUnavailableError';
}
