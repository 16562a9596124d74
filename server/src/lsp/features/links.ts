import type { DocumentLink } from 'vscode-languageserver';
import { getDocumentLinks } from '../../service';
import { defineFeature, onDocument } from './feature';

/** Document links: the files a Compose file names (env files, includes, extends, build contexts…). */
export const links = defineFeature<void>({
  support: () => undefined,
  capabilities: () => ({ documentLinkProvider: { resolveProvider: false } }),
  register: (context) => {
    context.connection.onDocumentLinks(
      onDocument(context, 'document links', [] as DocumentLink[], (document) => {
        const { file, context: validation } = context.resolve(document);
        return getDocumentLinks(file, validation).map((link) => ({ range: link.range, target: link.target }));
      }),
    );
  },
});
