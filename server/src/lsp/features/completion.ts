import {
  CancellationTokenSource,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type ClientCapabilities,
  type CompletionItem,
  type Connection,
} from 'vscode-languageserver';
import {
  getCompletions,
  imageCompletions,
  imagePlace,
  inFormats,
  IMAGES_CAPABILITY,
  IMAGES_REQUEST,
  IMAGES_TIMEOUT_MS,
  type ClientFormats,
  type CompletionItem as ServiceCompletion,
  type ImagesParams,
  type ImagesResult,
  type LocalImage,
} from '../../service';
import { guard } from '../guard';
import { defineFeature, onDocument, type PositionParams } from './feature';

interface CompletionSupport extends ClientFormats {
  /** The client answers IMAGES_REQUEST (it says so under `experimental`). */
  readonly images: boolean;
}

const completionKinds: Record<ServiceCompletion['kind'], CompletionItemKind> = {
  key: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  reference: CompletionItemKind.Reference,
  file: CompletionItemKind.File,
  folder: CompletionItemKind.Folder,
  image: CompletionItemKind.Module,
};

function toCompletion(item: ServiceCompletion, markdown: boolean): CompletionItem {
  return {
    label: item.label,
    kind: completionKinds[item.kind],
    ...(item.detail ? { detail: item.detail } : {}),
    ...(item.documentation
      ? { documentation: { kind: markdown ? MarkupKind.Markdown : MarkupKind.PlainText, value: item.documentation } }
      : {}),
    ...(item.snippet ? { insertText: item.snippet, insertTextFormat: InsertTextFormat.Snippet } : {}),
    ...(item.insertText ? { insertText: item.insertText, insertTextFormat: InsertTextFormat.PlainText } : {}),
    ...(item.sortText ? { sortText: item.sortText } : {}),
    ...(item.edit ? { textEdit: { range: item.edit.range, newText: item.edit.newText }, filterText: item.edit.newText } : {}),
    ...(item.retrigger ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
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
    const answer: unknown = await Promise.race([
      connection.sendRequest<ImagesResult>(IMAGES_REQUEST, params, cancel.token).catch(() => undefined),
      timeout,
    ]);
    // The client's answer is untrusted JSON: only well-formed images are kept.
    const images: unknown = typeof answer === 'object' && answer !== null ? Reflect.get(answer, 'images') : undefined;
    if (!Array.isArray(images)) return [];
    return images.filter(
      (i: unknown): i is LocalImage =>
        typeof i === 'object' &&
        i !== null &&
        typeof Reflect.get(i, 'repository') === 'string' &&
        Array.isArray(Reflect.get(i, 'tags')),
    );
  } finally {
    clearTimeout(timer);
    cancel.cancel();
    cancel.dispose();
  }
}

/**
 * Completion: keys, values and names from the service; image names from the client's engine (asked only of a
 * client that answers). Snippets and markdown documentation only for a client that declares them.
 */
export const completion = defineFeature<CompletionSupport>({
  support: (client: ClientCapabilities) => {
    const item = client.textDocument?.completion?.completionItem;
    const experimental: unknown = client.experimental;
    return {
      snippets: item?.snippetSupport === true,
      markdown: item?.documentationFormat?.includes(MarkupKind.Markdown) === true,
      images: typeof experimental === 'object' && experimental !== null && Reflect.get(experimental, IMAGES_CAPABILITY) === true,
    };
  },
  capabilities: () => ({ completionProvider: { triggerCharacters: [':', ' ', '-', '$', '{', '/'] } }),
  register: (context, support) => {
    const { connection, resolve } = context;
    const lsp = (items: ServiceCompletion[]): CompletionItem[] =>
      inFormats(items, support).map((item) => toCompletion(item, support.markdown));
    const place = onDocument(context, 'completion', undefined, (document, { position }: PositionParams) =>
      imagePlace(resolve(document).file, position),
    );
    const completions = onDocument(context, 'completion', [] as CompletionItem[], (document, { position }: PositionParams) => {
      const { file, context: validation } = resolve(document);
      return lsp(getCompletions(file, position, validation, support));
    });
    connection.onCompletion(async (params) => {
      // An image value: the names come from the client's engine, asked asynchronously.
      const image = place(params);
      if (!image) return completions(params);
      if (!support.images) return [];
      const images = await askImages(connection, params.textDocument.uri);
      return guard(connection, 'image completion', [] as CompletionItem[], () => lsp(imageCompletions(image, images)))();
    });
  },
});
