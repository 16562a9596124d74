/**
 * `.dockerignore` as the docker CLI reads it (moby/patternmatcher): one pattern a line, `#` comments, `!` re-includes,
 * patterns are cleaned like paths (a leading `/` or `./`, `..`, trailing and double slashes), `*` and `?` stay within
 * a path segment, `**` spans any number of segments, `[…]` is a character class and `\` escapes. A pattern that
 * matches a folder excludes everything in it; the last matching line decides.
 */

interface Rule {
  readonly negate: boolean;
  readonly pattern: RegExp;
}

/** Drops `.` segments and empty ones and resolves `..` as far as the root, like Go's filepath.Clean. */
function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** `[abc]`, `[a-z]`, `[!abc]` / `[^abc]`; an unclosed `[` is a literal. Returns the regex and where the class ends. */
function characterClass(pattern: string, at: number): [string, number] {
  const end = pattern.indexOf(']', at + 2);
  if (end < 0) return ['\\[', at];
  const body = pattern
    .slice(at + 1, end)
    .replace(/^[!^]/, '^')
    .replace(/\\/g, '\\\\');
  return [`[${body}]`, end];
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
    else if (c === '\\' && i + 1 < pattern.length) out += escape(pattern[++i] ?? '');
    else if (c === '[') {
      const [regex, end] = characterClass(pattern, i);
      out += regex;
      i = end;
    } else out += escape(c);
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
      return { negate, body: cleanPath((negate ? line.slice(1) : line).trim()) };
    })
    .filter(({ body }) => body !== '')
    .map(({ negate, body }) => ({ negate, pattern: toRegExp(body) }));
}

/** True when `path` (relative, `/`-separated) is left out of the build context. */
export function isIgnored(rules: readonly Rule[], path: string): boolean {
  const clean = cleanPath(path);
  let ignored = false;
  for (const rule of rules) if (rule.pattern.test(clean)) ignored = !rule.negate;
  return ignored;
}

/** Whether some `!` rule could bring back a path inside an ignored folder: then that folder must still be walked. */
export const hasExceptions = (rules: readonly Rule[]): boolean => rules.some((rule) => rule.negate);
