/**
 * Compose's units, as the engine wants them: Go durations ("1m30s", "500ms") in nanoseconds, and byte sizes
 * ("512m", "1.5gb", "100000") in bytes. Malformed text is an error with the text in it, never a silent zero.
 */

const DURATION_UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

export function parseDuration(text: string | number): number {
  if (typeof text === 'number') return text * 1e9;
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = pattern.exec(trimmed); match; match = pattern.exec(trimmed)) {
    total += Number(match[1]) * (DURATION_UNITS[match[2] ?? 's'] ?? 0);
    consumed = pattern.lastIndex;
  }
  if (consumed === 0 || consumed !== trimmed.length) throw new Error(`invalid duration '${text}' (use e.g. 30s, 1m30s, 500ms)`);
  return Math.round(total);
}

const BYTE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
};

export function parseBytes(text: string | number): number {
  if (typeof text === 'number') return text;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = BYTE_UNITS[(match?.[2] ?? '').toLowerCase()];
  if (!match || unit === undefined) throw new Error(`invalid size '${text}' (use e.g. 512m, 1g, 100000)`);
  return Math.round(Number(match[1]) * unit);
}
