/** The engine's own words for a failed call (its JSON `message`), without dockerode's "(HTTP code 500) server error - ". */
export const engineMessage = (error: unknown): string =>
  ((error as { json?: { message?: string } }).json?.message ?? (error instanceof Error ? error.message : String(error))).trim();
