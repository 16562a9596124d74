import {
  CancellationTokenSource,
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Connection,
  type DocumentLink,
  type DocumentSymbol,
  type Location,
  type ServerCapabilities,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  formatDocument,
  getCodeLenses,
  getCompletions,
  getDefinitions,
  getDocumentLinks,
  getDocumentSymbols,
  getHover,
  getReferences,
  getRenameChanges,
  getWorkspaceSymbols,
  imageCompletions,
  imagePlace,
  IMAGES_REQUEST,
  IMAGES_TIMEOUT_MS,
  type Fix,
  type ImagesParams,
  type ImagesResult,
  type LocalImage,
  type FormatOptions,
  type Range,
  type KubeObject,
  type SourceFile,
  type ValidationContext,
} from '../service';
import type { CompletionItem as ServiceCompletion, DocumentSymbol as ServiceSymbol } from '../service';
import { guard } from './guard';

type Resolve = (document: TextDocument) => { file: SourceFile; context: ValidationContext };

/** What these features advertise; startServer merges it into the initialize result, so capability and handler stay together. */
export const featureCapabilities: ServerCapabilities = {
  completionProvider: { triggerCharacters: [':', ' ', '-', '$', '{', '/'] },
  hoverProvider: true,
  documentSymbolProvider: true,
  codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
  definitionProvider: true,
  workspaceSymbolProvider: true,
  documentLinkProvider: { resolveProvider: false },
  referencesProvider: true,
  renameProvider: true,
  codeLensProvider: { resolveProvider: false },
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
};

const completionKinds: Record<ServiceCompletion['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  reference: CompletionItemKind.Reference,
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  image: CompletionItemKind.Module,
};

function toCompletion(item: ServiceCompletion): CompletionItem {
  return {
    label: item.label,
    kind: completionKinds[item.kind],
    ...(item.detail ? { detail: item.detail } : {}),
    ...(item.documentation ? { documentation: { kind: MarkupKind.Markdown, value: item.documentation } } : {}),
    ...(item.snippet ? { insertText: item.snippet, insertTextFormat: InsertTextFormat.Snippet } : {}),
    ...(item.sortText ? { sortText: item.sortText } : {}),
    ...(item.edit ? { textEdit: { range: item.edit.range, newText: item.edit.newText }, filterText: item.edit.newText } : {}),
    ...(item.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
  };
}

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

/**
 * The images on the client's engine, asked through the custom request; nothing (never an error) when the client
 * does not answer in time, has no engine, or answers something else.
 */
async function askImages(connection: Connection, uri: string): Promise<readonly LocalImage[]> {
  const cancel = new CancellationTokenSource();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), IMAGES_TIMEOUT_MS)));
  try {
    const params: ImagesParams = { uri };
    const answer = await Promise.race([
      connection.sendRequest<ImagesResult>(IMAGES_REQUEST, params, cancel.token).catch(() => undefined),
      timeout,
    ]);
    const images: unknown = (answer as Partial<ImagesResult> | undefined)?.images;
    if (!Array.isArray(images)) return [];
    return (images as unknown[]).filter((i): i is LocalImage => {
      const image = i as Partial<LocalImage> | null;
      return typeof image?.repository === 'string' && Array.isArray(image.tags);
    });
  } finally {
    clearTimeout(timer);
    cancel.cancel();
    cancel.dispose();
  }
}

/** What the client said it can do (initialize's capabilities). */
export interface ClientSupport {
  /** The client answers IMAGES_REQUEST. */
  readonly images: boolean;
}

/** Completion, hover, symbols and navigation: thin handlers over the service, each behind the error boundary. */
export function registerFeatures(
  connection: Connection,
  documents: TextDocuments<TextDocument>,
  resolve: Resolve,
  workspaceObjects: () => readonly KubeObject[],
  client: ClientSupport,
): void {
  connection.onWorkspaceSymbol(({ query }) =>
    guard(connection, 'workspace symbols', [] as SymbolInformation[], () =>
      getWorkspaceSymbols(workspaceObjects(), query).map((s) => ({
        name: s.name,
        kind: SymbolKind.Object,
        containerName: s.detail,
        location: s.location,
      })),
    )(),
  );
  const withDocument =
    <R>(
      what: string,
      fallback: R,
      run: (document: TextDocument, params: { position?: { line: number; character: number } }) => R,
    ) =>
    (params: { textDocument: { uri: string }; position?: { line: number; character: number } }): R => {
      const document = documents.get(params.textDocument.uri);
      return document ? guard(connection, what, fallback, () => run(document, params))() : fallback;
    };
  connection.onCompletion(async (params) => {
    // An image value: the names come from the client's engine, asked asynchronously.
    const place = withDocument('completion', undefined, (document) => imagePlace(resolve(document).file, params.position))(
      params,
    );
    if (!place) {
      return withDocument('completion', [] as CompletionItem[], (document) => {
        const { file, context } = resolve(document);
        return getCompletions(file, params.position, context).map(toCompletion);
      })(params);
    }
    if (!client.images) return [];
    const images = await askImages(connection, params.textDocument.uri);
    return guard(connection, 'image completion', [] as CompletionItem[], () =>
      imageCompletions(place, images).map(toCompletion),
    )();
  });
  connection.onHover(
    withDocument('hover', null, (document, { position }) => {
      const { file, context } = resolve(document);
      const hover = position && getHover(file, position, context);
      return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.contents }, range: hover.range } : null;
    }),
  );
  connection.onDefinition(
    withDocument('definition', [] as Location[], (document, { position }) => {
      const { file, context } = resolve(document);
      return position ? getDefinitions(file, position, context) : [];
    }),
  );
  connection.onReferences((params) =>
    withDocument('references', [] as Location[], (document) => {
      const { file, context } = resolve(document);
      return getReferences(file, params.position, params.context.includeDeclaration, context);
    })(params),
  );
  connection.onRenameRequest((params) =>
    withDocument('rename', null as WorkspaceEdit | null, (document) => {
      const { file, context } = resolve(document);
      const changes = getRenameChanges(file, params.position, params.newName, context);
      return changes ? { changes } : null;
    })(params),
  );
  connection.onCodeAction((params) =>
    guard(connection, 'code actions', [] as CodeAction[], () =>
      params.context.diagnostics.flatMap((diagnostic) => {
        const fixes = (diagnostic.data as { fixes?: Fix[] } | undefined)?.fixes ?? [];
        return fixes.map((fix): CodeAction => ({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fixes.length === 1,
          edit: { changes: { [params.textDocument.uri]: [...fix.edits] } },
        }));
      }),
    )(),
  );
  connection.onDocumentLinks(
    withDocument('document links', [] as DocumentLink[], (document) => {
      const { file, context } = resolve(document);
      return getDocumentLinks(file, context).map((link) => ({ range: link.range, target: link.target }));
    }),
  );
  connection.onCodeLens(
    withDocument('code lenses', [] as CodeLens[], (document) =>
      getCodeLenses(resolve(document).file).map((lens) => ({
        range: lens.range,
        command: { title: lens.title, command: lens.command, arguments: [lens.args] },
      })),
    ),
  );
  const format = (document: TextDocument, options: FormatOptions, range?: Range): TextEdit[] => {
    if (!options.insertSpaces)
      connection.console.info(`formatting ${document.uri} with spaces: YAML does not allow tabs in indentation`);
    const result = formatDocument(resolve(document).file, options, range);
    if ('edits' in result) return [...result.edits];
    // The editor shows nothing for an empty answer; the log says why the file was left as it is.
    connection.console.info(`not formatting ${document.uri}: ${result.refused}`);
    return [];
  };
  connection.onDocumentFormatting((params) =>
    withDocument('formatting', [] as TextEdit[], (document) => format(document, params.options))(params),
  );
  connection.onDocumentRangeFormatting((params) =>
    withDocument('range formatting', [] as TextEdit[], (document) => format(document, params.options, params.range))(params),
  );
  // The outline is asked for again and again on one version (outline view, breadcrumbs, sticky scroll): kept per
  // version, dropped when the document closes.
  const outlines = new Map<string, { version: number; symbols: DocumentSymbol[] }>();
  documents.onDidClose((event) => outlines.delete(event.document.uri));
  connection.onDocumentSymbol(
    withDocument('document symbols', [] as DocumentSymbol[], (document) => {
      const cached = outlines.get(document.uri);
      if (cached?.version === document.version) return cached.symbols;
      const symbols = getDocumentSymbols(resolve(document).file).map(toSymbol);
      outlines.set(document.uri, { version: document.version, symbols });
      return symbols;
    }),
  );
}
