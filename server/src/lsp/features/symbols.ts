import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import { getWorkspaceSymbols, type DocumentSymbol as ServiceSymbol } from '../../service';
import { cancellable, guard } from '../guard';
import { defineFeature, onDocument } from './feature';

const symbolKinds: Record<ServiceSymbol['kind'], SymbolKind> = {
  section: SymbolKind.Namespace,
  entry: SymbolKind.Field,
  object: SymbolKind.Object,
};

function toSymbol(symbol: ServiceSymbol): DocumentSymbol {
  return {
    name: symbol.name,
    kind: symbolKinds[symbol.kind],
    ...(symbol.detail ? { detail: symbol.detail } : {}),
    range: symbol.range,
    selectionRange: symbol.selectionRange,
    // Leaves carry no `children` (optional in LSP): a 1,000-service outline is a sixth smaller on the wire.
    ...(symbol.children.length > 0 ? { children: symbol.children.map(toSymbol) } : {}),
  };
}

/** The outline as a flat list, for a client without hierarchical symbols: each entry names its section. */
function toFlatSymbols(uri: string, symbols: readonly ServiceSymbol[], container?: string): SymbolInformation[] {
  return symbols.flatMap((symbol) => [
    {
      name: symbol.name,
      kind: symbolKinds[symbol.kind],
      location: { uri, range: symbol.range },
      ...(container !== undefined ? { containerName: container } : {}),
    },
    ...toFlatSymbols(uri, symbol.children, symbol.name),
  ]);
}

/**
 * The outline (hierarchical DocumentSymbol to a client that declares `hierarchicalDocumentSymbolSupport`, else flat
 * SymbolInformation) and the workspace's Kubernetes objects as workspace symbols.
 */
export const symbols = defineFeature<{ readonly hierarchical: boolean }>({
  support: (client) => ({
    hierarchical: client.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
  }),
  capabilities: () => ({ documentSymbolProvider: true, workspaceSymbolProvider: true }),
  register: (context, support) => {
    const { connection, documents, outline: outlineOf } = context;
    // The outline is asked for again and again on one version (outline view, breadcrumbs, sticky scroll): kept per
    // version, dropped when the document closes.
    const outlines = new Map<string, { version: number; symbols: DocumentSymbol[] | SymbolInformation[] }>();
    documents.onDidClose((event) => outlines.delete(event.document.uri));
    connection.onDocumentSymbol(
      onDocument(context, 'document symbols', [] as DocumentSymbol[] | SymbolInformation[], (document) => {
        const cached = outlines.get(document.uri);
        if (cached?.version === document.version) return cached.symbols;
        const outline = outlineOf(document);
        const converted = support.hierarchical ? outline.map(toSymbol) : toFlatSymbols(document.uri, outline);
        outlines.set(document.uri, { version: document.version, symbols: converted });
        return converted;
      }),
    );
    connection.onWorkspaceSymbol(({ query }, token) =>
      cancellable(
        token,
        guard(connection, 'workspace symbols', [] as SymbolInformation[], (isCancelled: () => boolean) =>
          getWorkspaceSymbols(context.workspaceObjects(), query, isCancelled).map((s) => ({
            name: s.name,
            kind: SymbolKind.Object,
            containerName: s.detail,
            location: s.location,
          })),
        ),
      ),
    );
  },
});
