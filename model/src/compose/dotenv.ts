/**
 * Reads a `.env` file as Compose does: `KEY=VALUE` lines, optional `export `, `#` comments, single quotes taken
 * literally, double quotes with `\n`-style escapes, and unquoted values cut at ` #`.
 */
export interface EnvEntry {
  readonly value: string;
  /** 0-based line of the definition, for hovers and messages. */
  readonly line: number;
}

export function parseDotenv(text: string): Map<string, EnvEntry> {
  const entries = new Map<string, EnvEntry>();
  const lines = text.split(/\r?\n/);
  for (let line = 0; line < lines.length; line++) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(lines[line] ?? '');
    if (!match) continue;
    const [, key = '', raw = ''] = match;
    entries.set(key, { value: unquote(raw), line });
  }
  return entries;
}

function unquote(raw: string): string {
  const quote = raw[0];
  if (quote === "'" || quote === '"') {
    const end = raw.indexOf(quote, 1);
    const inner = end > 0 ? raw.slice(1, end) : raw.slice(1);
    if (quote === "'") return inner;
    return inner.replace(/\\([nrt"\\])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
  }
  return raw.replace(/\s+#.*$/, '').trim();
}
