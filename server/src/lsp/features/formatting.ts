import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver';
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

/** Formatting of a whole document or a range: indentation only, refused when it would change the data. */
export const formatting = defineFeature<void>({
  support: () => undefined,
  capabilities: () => ({ documentFormattingProvider: true, documentRangeFormattingProvider: true }),
  register: (context) => {
    context.connection.onDocumentFormatting(
      onDocument(context, 'formatting', [] as TextEdit[], (document, params) => format(context, document, params.options)),
    );
    context.connection.onDocumentRangeFormatting(
      onDocument(context, 'range formatting', [] as TextEdit[], (document, params) =>
        format(context, document, params.options, params.range),
      ),
    );
  },
});
