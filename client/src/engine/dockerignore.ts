import ignore, { type Ignore } from '@balena/dockerignore';

/**
 * `.dockerignore` as `docker build` reads it, through `@balena/dockerignore` (a port of moby's matcher): one pattern a
 * line, `#` comments, `!` re-includes, patterns cleaned like paths, `*` and `?` within a segment, `**` across segments,
 * `[…]` a character class (`[^…]` negates; `[!…]` is a class holding `!`, as in Go), `\` escapes; a pattern that
 * matches a folder excludes what is in it; the last matching line decides. Case-sensitive, as on Linux.
 */
export interface DockerignoreRules {
  readonly matcher: Ignore;
  /** Some `!` line could bring back a path inside an ignored folder. */
  readonly exceptions: boolean;
}

/** A pattern Docker refuses ("syntax error in pattern"): `docker build` stops, so do we, naming the line. */
export class DockerignoreSyntaxError extends Error {
  override readonly name = 'DockerignoreSyntaxError';
}

export function parseDockerignore(text: string): DockerignoreRules {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  for (const line of lines) {
    try {
      // The library compiles a pattern when it first matches; do it now, so a broken line is reported here.
      ignore({ ignorecase: false }).add(line).ignores('.');
    } catch {
      throw new DockerignoreSyntaxError(`.dockerignore: syntax error in pattern ${JSON.stringify(line)}`);
    }
  }
  return {
    matcher: ignore({ ignorecase: false }).add(lines),
    exceptions: lines.some((line) => line.startsWith('!')),
  };
}

/** True when `path` (relative, `/`-separated) is left out of the build context. */
export const isIgnored = (rules: DockerignoreRules, path: string): boolean => rules.matcher.ignores(path);

/** Whether some `!` rule could bring back a path inside an ignored folder: then that folder must still be walked. */
export const hasExceptions = (rules: DockerignoreRules): boolean => rules.exceptions;
