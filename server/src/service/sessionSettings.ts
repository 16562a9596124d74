import { DEFAULT_KUBERNETES_VERSION } from './kubernetes/schemas';
import type { Severity } from './types';

/**
 * The session's view of the `stevedore.*` settings (package.json `contributes.configuration` documents them), as the
 * editor sends them; the CLI maps its options onto the same shape.
 */
export interface SessionSettings {
  /** Per rule code: a severity, or 'off'. */
  readonly rules: Readonly<Record<string, Severity | 'off'>>;
  /** Variables for interpolation, over those of `.env`. */
  readonly env: Readonly<Record<string, string>>;
  /** Target Kubernetes release, `1.34`. */
  readonly kubernetesVersion: string;
  /** Files to treat as Swarm stack files, beyond the usual names. */
  readonly stackFiles: readonly RegExp[];
  /** `stevedore.codeLens`: which lenses show; the server's (Deploy, Scale, Shell, Logs) only with `all`. */
  readonly codeLens: CodeLensMode;
  /** Files to treat as Marathon app, pod or group definitions, beyond the usual names and content. */
  readonly marathonFiles: readonly RegExp[];
}

/** `all`: commands and live state; `state`: only each service's live-state line (the extension's); `off`: none. */
export const CODE_LENS_MODES = ['all', 'state', 'off'] as const;
export type CodeLensMode = (typeof CODE_LENS_MODES)[number];

/** The `stevedore.codeLens` setting as sent (anything else is the default, `all`). */
export const readCodeLensMode = (value: unknown): CodeLensMode => CODE_LENS_MODES.find((mode) => mode === value) ?? 'all';

/** `**` any folders, `*` any name part, `?` one character; a pattern without a folder matches in any folder. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob.charAt(i);
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`${glob.startsWith('/') ? '^' : '(?:^|/)'}${source}$`);
}

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];

/** Reads what the client sent (initializationOptions or didChangeConfiguration), keeping only well-formed entries. */
export function readSettings(raw: unknown): SessionSettings {
  const section = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const entries = (value: unknown): [string, unknown][] => (value && typeof value === 'object' ? Object.entries(value) : []);
  const rules = Object.fromEntries(
    entries(section['rules']).filter(([, v]) => typeof v === 'string' && SEVERITIES.includes(v)),
  ) as SessionSettings['rules'];
  const env = Object.fromEntries(entries(section['env']).filter(([, v]) => typeof v === 'string')) as SessionSettings['env'];
  const kubernetes = (section['kubernetes'] ?? {}) as Record<string, unknown>;
  const version =
    typeof kubernetes['version'] === 'string' && /^1\.\d+$/.test(kubernetes['version'])
      ? kubernetes['version']
      : DEFAULT_KUBERNETES_VERSION;
  const globs = (value: unknown): RegExp[] =>
    (Array.isArray(value) ? value : []).filter((g): g is string => typeof g === 'string').map(globToRegExp);
  return {
    rules,
    env,
    kubernetesVersion: version,
    stackFiles: globs(section['stackFiles']),
    marathonFiles: globs(section['marathonFiles']),
    codeLens: readCodeLensMode(section['codeLens']),
  };
}
