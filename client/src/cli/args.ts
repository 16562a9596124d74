/** A small argument reader shared by the engine commands: `--name value`, `--name=value`, flags, positionals. */

export class UsageError extends Error {}

export interface ArgSpec {
  /** Options that take a value; repeated ones collect every value. */
  readonly values: readonly string[];
  readonly flags: readonly string[];
  /** Short aliases: `-f` → `--file`. */
  readonly aliases?: Readonly<Record<string, string>>;
}

export interface ParsedArgs {
  readonly positional: string[];
  readonly values: Map<string, string[]>;
  readonly flags: Set<string>;
}

export function parseArgs(args: readonly string[], spec: ArgSpec): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] ?? '';
    if (!raw.startsWith('-') || raw === '-') {
      parsed.positional.push(raw);
      continue;
    }
    const [written = '', inline] = raw.includes('=')
      ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)]
      : [raw, undefined];
    const name = spec.aliases?.[written] ?? written;
    if (spec.flags.includes(name)) {
      if (inline !== undefined) throw new UsageError(`${name} takes no value`);
      parsed.flags.add(name);
    } else if (spec.values.includes(name)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
      parsed.values.set(name, [...(parsed.values.get(name) ?? []), value]);
    } else {
      throw new UsageError(`unknown option ${written}`);
    }
  }
  return parsed;
}

export const single = (args: ParsedArgs, name: string): string | undefined => {
  const values = args.values.get(name);
  if (values && values.length > 1) throw new UsageError(`${name} can be given once`);
  return values?.[0];
};
