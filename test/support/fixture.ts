import type { Position } from '../../server/src/service';

export interface Fixture {
  /** The text with the markers removed. */
  readonly text: string;
  /** Where each `$0` marker stood, in order. */
  readonly markers: readonly Position[];
}

/**
 * Reads a fixture written with `$0` markers (a bare `|` would be YAML's block scalar). Positions count lines and
 * UTF-16 columns of the text without the markers, whatever its line endings.
 */
export function fixture(source: string): Fixture {
  const markers: Position[] = [];
  let text = '';
  let line = 0;
  let character = 0;
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('$0', i)) {
      markers.push({ line, character });
      i++;
      continue;
    }
    const ch = source.charAt(i);
    text += ch;
    if (ch === '\n') {
      line++;
      character = 0;
    } else if (ch !== '\r') {
      character++;
    }
  }
  return { text, markers };
}

/** Every case runs twice: as written (LF) and with CRLF line endings, which editors on Windows produce. */
export const lineEndings = [
  { name: 'LF', apply: (text: string): string => text },
  { name: 'CRLF', apply: (text: string): string => text.replace(/\r?\n/g, '\r\n') },
] as const;
