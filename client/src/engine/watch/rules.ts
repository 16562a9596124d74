import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative, sep } from 'node:path';
import type { ServiceConfig, WatchRule } from '@stevedore/model';
import { isIgnored, parseDockerignore } from '../dockerignore';

/**
 * Which `develop.watch` rule a changed file falls under, as `docker compose watch` decides: the rule whose `path`
 * holds it, unless the rule's `ignore` patterns, the build context's `.dockerignore` (for paths inside the context)
 * or the editor and VCS noise compose always skips (`.git/`, swap and backup files) leave it out. A rule that names
 * `include` watches only what matches it.
 */

/** What compose ignores whatever the rules say: version control and editors' temporary files. */
const ALWAYS_IGNORED = parseDockerignore(['.git', '**/.git', '**/*.swp', '**/*.swx', '**/*~', '**/.#*', '**/4913'].join('\n'));

export interface RuleMatcher {
  readonly rule: WatchRule;
  /** True when a path (absolute) is watched by this rule. */
  matches(path: string): boolean;
}

const toPosix = (path: string): string => path.split(sep).join('/');

/** `path` relative to `root` in `/` form, or undefined when it lies outside (or is the root: then ''). */
export function inside(root: string, path: string): string | undefined {
  const rel = toPosix(relative(root, path));
  if (rel === '') return '';
  return rel.startsWith('../') || rel === '..' || posix.isAbsolute(rel) ? undefined : rel;
}

function readDockerignore(context: string | undefined): ReturnType<typeof parseDockerignore> {
  const file = context ? join(context, '.dockerignore') : undefined;
  return parseDockerignore(file && existsSync(file) ? readFileSync(file, 'utf8') : '');
}

export function ruleMatchers(service: ServiceConfig): RuleMatcher[] {
  const context = service.build?.context;
  const dockerignore = readDockerignore(context);
  return (service.develop?.watch ?? []).map((rule) => {
    const ignore = parseDockerignore(rule.ignore.join('\n'));
    const include = rule.include ? parseDockerignore(rule.include.join('\n')) : undefined;
    return {
      rule,
      matches(path: string): boolean {
        const rel = inside(rule.path, path);
        if (rel === undefined) return false;
        if (rel !== '' && (isIgnored(ALWAYS_IGNORED, rel) || isIgnored(ignore, rel))) return false;
        if (include && rel !== '' && !isIgnored(include, rel)) return false;
        const inContext = context ? inside(context, path) : undefined;
        return !(inContext && isIgnored(dockerignore, inContext));
      },
    };
  });
}

/** Where a watched host path lands in the container: the rule's target plus the path below the rule's path. */
export function containerPathOf(rule: WatchRule, path: string): string | undefined {
  const rel = inside(rule.path, path);
  if (rel === undefined || !rule.target) return undefined;
  return rel === '' ? rule.target : posix.join(rule.target, rel);
}
