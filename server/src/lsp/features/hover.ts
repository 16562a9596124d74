import { MarkupKind, type Hover } from 'vscode-languageserver';
import { getHover } from '../../service';
import { defineFeature, onDocument, type PositionParams } from './feature';

/** Hover: the service's text, as markdown to a client that reads it (`contentFormat`), else as plain text. */
export const hover = defineFeature<{ readonly markdown: boolean }>({
  support: (client) => ({ markdown: client.textDocument?.hover?.contentFormat?.includes(MarkupKind.Markdown) === true }),
  capabilities: () => ({ hoverProvider: true }),
  register: (context, support) => {
    context.connection.onHover(
      onDocument(context, 'hover', null as Hover | null, (document, { position }: PositionParams) => {
        const { file, context: validation } = context.resolve(document);
        const found = getHover(file, position, validation, support);
        if (!found) return null;
        const kind = support.markdown ? MarkupKind.Markdown : MarkupKind.PlainText;
        return { contents: { kind, value: found.contents }, range: found.range };
      }),
    );
  },
});
