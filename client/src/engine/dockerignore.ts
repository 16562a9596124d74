/**
 * `.dockerignore` as the builder reads it: one pattern a line, `#` comments, `!` re-includes, a leading `/` is
 * dropped, `*` and `?` stay within a path segment, `**` crosses segments; a pattern that matches a folder excludes
 * everything in it; the last matching line decides.
 */

interface Rule {
  readonly negate: boolean;
  readonly pattern: RegExp;
}

function toRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? '';
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` matches everything below.
      out += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // Matching a folder matches what is inside it.
  return new RegExp(`^${out}(?:/.*)?$`);
}

export function parseDockerignore(text: string): Rule[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const negate = line.startsWith('!');
      const body = (negate ? line.slice(1) : line).trim().replace(/^\/+/, '').replace(/\/+$/, '').replace(/^\.\//, '');
      return { negate, pattern: toRegExp(body) };
    });
}

/** True when `path` (relative, `/`-separated) is left out of the build context. */
export function isIgnored(rules: readonly Rule[], path: string): boolean {
  let ignored = false;
  for (const rule of rules) if (rule.pattern.test(path)) ignored = !rule.negate;
  return ignored;
}
