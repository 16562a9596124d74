import {
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  type ClientCapabilities,
  type FormattingOptions,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { formatDocument } from '../../service';
import { defineFeature, onDocument, type FeatureContext } from './feature';

function format(context: FeatureContext, document: TextDocument, options: FormattingOptions, range?: Range): TextEdit[] {
  const { connection } = context;
  if (!options.insertSpaces)
    connection.console.info(`formatting ${document.uri} with spaces: YAML does not allow tabs in indentation`);
  const result = formatDocument(context.resolve(document).file, options, range);
  if ('edits' in result) return [...result.edits];
  // The editor shows nothing for an empty answer; the log says why the file was left as it is.
  connection.console.info(`not formatting ${document.uri}: ${result.refused}`);
  return [];
}

/**
 * The documents the server formats: YAML. It is also sent JSON (Marathon definitions); a client that registers
 * capabilities dynamically is told YAML only, so that it does not offer Stevedore as a second JSON formatter.
 */
const YAML_DOCUMENTS = [{ language: 'yaml' }, { language: 'dockercompose' }];

const dynamicIn = (client: ClientCapabilities): boolean =>
  client.textDocument?.formatting?.dynamicRegistration === true &&
  client.textDocument.rangeFormatting?.dynamicRegistration === true;

/** Formatting of a whole document or a range: indentation only, refused when it would change the data. */
export const formatting = defineFeature<{ dynamic: boolean }>({
  support: (client) => ({ dynamic: dynamicIn(client) }),
  capabilities: ({ dynamic }) => (dynamic ? {} : { documentFormattingProvider: true, documentRangeFormattingProvider: true }),
  register: (context, { dynamic }) => {
    context.connection.onDocumentFormatting(
      onDocument(context, 'formatting', [] as TextEdit[], (document, params) => format(context, document, params.options)),
    );
    context.connection.onDocumentRangeFormatting(
      onDocument(context, 'range formatting', [] as TextEdit[], (document, params) =>
        format(context, document, params.options, params.range),
      ),
    );
    if (!dynamic) return;
    return {
      initialized: () => {
        const registered = Promise.all([
          context.connection.client.register(DocumentFormattingRequest.type, { documentSelector: YAML_DOCUMENTS }),
          context.connection.client.register(DocumentRangeFormattingRequest.type, { documentSelector: YAML_DOCUMENTS }),
        ]);
        registered.catch((error: unknown) => context.connection.console.error(`registering formatting: ${String(error)}`));
      },
    };
  },
});
