/**
 * What the editor can show. The service writes snippets (`image: $0`) for inserted text and markdown for
 * documentation and hover; a client that reads neither gets the same text made plain here, so every feature
 * writes its text once.
 */
export interface ClientFormats {
  /** Inserted text may hold snippet syntax (tab stops, placeholders). */
  readonly snippets: boolean;
  /** Documentation and hover may be markdown. */
  readonly markdown: boolean;
}

/** What VS Code and most editors read. */
export const RICH_FORMATS: ClientFormats = { snippets: true, markdown: true };

/**
 * The text a snippet inserts, without its syntax: `$0`, `$1`, `${1}` go, `${1:default}` and `${1|one,two|}` leave
 * their default (the first choice), and `\$`, `\}`, `\\` lose their escape.
 */
export function plainFromSnippet(snippet: string): string {
  return snippet.replace(
    /\\([$}\\])|\$\{\d+:([^}]*)\}|\$\{\d+\|([^,|]*)[^}]*\}|\$\{\d+\}|\$\d+/g,
    (_, escaped?: string, placeholder?: string, choice?: string) => escaped ?? placeholder ?? choice ?? '',
  );
}

/**
 * Markdown as plain text: code fences dropped (their lines kept), `**strong**`, `` `code` `` and heading marks
 * unwrapped, `[text](url)` as `text (url)`, backslash escapes removed. Enough for what the service writes and the
 * schemas' descriptions hold; not a markdown renderer.
 */
export function plainFromMarkdown(markdown: string): string {
  return markdown
    .split('\n')
    .filter((line) => !/^\s*```/.test(line))
    .map((line) =>
      line
        .replace(/^#{1,6}\s+/, '')
        .replace(/\*\*([^*]+)\*\*/g, '$1')
        .replace(/`([^`]*)`/g, '$1')
        .replace(/\[([^\]]*)\]\(([^)\s]*)\)/g, '$1 ($2)')
        .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1'),
    )
    .join('\n');
}
