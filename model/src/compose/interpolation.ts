/**
 * Compose's variable interpolation, as `docker compose` and `docker stack deploy` apply it to every string value:
 * `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `${VAR:+replacement}`,
 * `${VAR+replacement}`, with defaults and replacements themselves interpolated, and `$$` for a literal `$`.
 */

/** Looks a variable up; `undefined` means unset (an empty string is set). */
export type Lookup = (name: string) => string | undefined;

export type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+' | '';

/** One variable use, with its offsets in the string (the whole `${…}` or `$NAME`). */
export interface VariableUse {
  readonly name: string;
  readonly operator: Operator;
  /** The text after the operator, as written (a default, a replacement or a message). */
  readonly argument: string;
  readonly start: number;
  readonly end: number;
  /** The value the lookup gave, or undefined when unset. */
  readonly value: string | undefined;
}

export interface InterpolationProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

export interface Interpolated {
  readonly value: string;
  readonly uses: readonly VariableUse[];
  readonly problems: readonly InterpolationProblem[];
  /** True when the result depends on a variable that is unset and has no default: compose would substitute "". */
  readonly unresolved: boolean;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATORS: readonly Operator[] = [':-', ':?', ':+', '-', '?', '+'];

export const malformedMessage = (text: string): string =>
  `Invalid interpolation '${text}': write \${NAME}, \${NAME:-default}, \${NAME:?message}… or $$ for a literal $`;

/** Finds the `}` that closes the `${` at `open`, skipping nested `${…}`; -1 when there is none. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

interface State {
  readonly lookup: Lookup;
  readonly uses: VariableUse[];
  readonly problems: InterpolationProblem[];
  unresolved: boolean;
}

function evaluate(name: string, operator: Operator, argument: () => string, state: State): string {
  const value = state.lookup(name);
  const setAndNotEmpty = value !== undefined && value !== '';
  switch (operator) {
    case ':-':
      return setAndNotEmpty ? value : argument();
    case '-':
      return value !== undefined ? value : argument();
    case ':+':
      return setAndNotEmpty ? argument() : '';
    case '+':
      return value !== undefined ? argument() : '';
    case ':?':
    case '?':
    case '':
      if (value === undefined || (operator === ':?' && value === '')) state.unresolved = true;
      return value ?? '';
  }
}

function interpolateInto(text: string, offset: number, state: State): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch !== '$') {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    if (next === '{') {
      const close = closingBrace(text, i);
      if (close < 0) {
        state.problems.push({ start: offset + i, end: offset + text.length, message: malformedMessage(text.slice(i)) });
        return out + text.slice(i);
      }
      const body = text.slice(i + 2, close);
      const name = NAME.exec(body)?.[0];
      const rest = name ? body.slice(name.length) : body;
      const operator = OPERATORS.find((op) => rest.startsWith(op)) ?? (rest === '' ? '' : undefined);
      if (!name || operator === undefined) {
        state.problems.push({ start: offset + i, end: offset + close + 1, message: malformedMessage(text.slice(i, close + 1)) });
        out += text.slice(i, close + 1);
        i = close;
        continue;
      }
      const argument = rest.slice(operator.length);
      const argumentOffset = offset + i + 2 + name.length + operator.length;
      state.uses.push({ name, operator, argument, start: offset + i, end: offset + close + 1, value: state.lookup(name) });
      out += evaluate(name, operator, () => interpolateInto(argument, argumentOffset, state), state);
      i = close;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (!name) {
      // Like compose: a `$` that starts no variable (`$1`, a trailing `$`) is kept as it is.
      out += '$';
      continue;
    }
    state.uses.push({
      name,
      operator: '',
      argument: '',
      start: offset + i,
      end: offset + i + 1 + name.length,
      value: state.lookup(name),
    });
    out += evaluate(name, '', () => '', state);
    i += name.length;
  }
  return out;
}

export function interpolate(text: string, lookup: Lookup): Interpolated {
  const state: State = { lookup, uses: [], problems: [], unresolved: false };
  const value = interpolateInto(text, 0, state);
  return { value, uses: state.uses, problems: state.problems, unresolved: state.unresolved };
}
