import { parseArgs as parseTokens, type ParseArgsConfig } from 'node:util';

/**
 * The one argument reader of every `stevedore` command, over `node:util` `parseArgs` (its tokens, so the messages stay
 * ours): `--name value`, `--name=value`, flags, short aliases, `--` before positionals that start with `-`.
 */

export class UsageError extends Error {}

export interface ArgSpec {
  /** Options that take a value (`--name`); repeated ones collect every value. */
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

type Options = NonNullable<ParseArgsConfig['options']>;

function optionsOf(spec: ArgSpec): Options {
  const options: Options = {};
  for (const name of spec.values) options[name.slice(2)] = { type: 'string', multiple: true };
  for (const name of spec.flags) options[name.slice(2)] = { type: 'boolean' };
  for (const [alias, name] of Object.entries(spec.aliases ?? {})) {
    const option = options[name.slice(2)];
    if (option) option.short = alias.slice(1);
  }
  return options;
}

export function parseArgs(args: readonly string[], spec: ArgSpec): ParsedArgs {
  const parsed: ParsedArgs = { positional: [], values: new Map(), flags: new Set() };
  const options = optionsOf(spec);
  // Not strict: unknown options, missing values and values given to flags come back as tokens, and are told here.
  const { tokens } = parseTokens({ args: [...args], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') parsed.positional.push(token.value);
    if (token.kind !== 'option') continue;
    const name = `--${token.name}`;
    const type = Object.hasOwn(options, token.name) ? options[token.name]?.type : undefined;
    if (type === undefined) throw new UsageError(`unknown option ${token.rawName}`);
    if (type === 'boolean') {
      if (token.value !== undefined) throw new UsageError(`${name} takes no value`);
      parsed.flags.add(name);
    } else {
      if (!token.value) throw new UsageError(`${name} needs a value`);
      parsed.values.set(name, [...(parsed.values.get(name) ?? []), token.value]);
    }
  }
  return parsed;
}

export const single = (args: ParsedArgs, name: string): string | undefined => {
  const values = args.values.get(name);
  if (values && values.length > 1) throw new UsageError(`${name} can be given once`);
  return values?.[0];
};
