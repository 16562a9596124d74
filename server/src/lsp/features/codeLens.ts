import { CodeLensRefreshRequest, type CodeLens } from 'vscode-languageserver';
import { getCodeLenses } from '../../service';
import { defineFeature, onDocument } from './feature';

/**
 * Deploy / Scale / Shell / Logs lenses on Compose and stack files; the commands are the extension's (protocol.ts).
 * Only when `stevedore.codeLens` is `all` (the default).
 * What a lens says depends on the file's kind, which the settings can change (`stevedore.stackFiles`) without an
 * edit: then a client that supports `workspace.codeLens.refreshSupport` is asked to ask again. Others are not sent
 * a request they do not know.
 */
export const codeLens = defineFeature<{ readonly refresh: boolean }>({
  support: (client) => ({ refresh: client.workspace?.codeLens?.refreshSupport === true }),
  capabilities: () => ({ codeLensProvider: { resolveProvider: false } }),
  register: (context, support) => {
    const { connection } = context;
    connection.onCodeLens(
      onDocument(context, 'code lenses', [] as CodeLens[], (document) =>
        // `stevedore.codeLens`: `state` leaves only the extension's live-state line, `off` nothing.
        context.settings().codeLens !== 'all'
          ? []
          : getCodeLenses(context.resolve(document).file).map((lens) => ({
              range: lens.range,
              command: { title: lens.title, command: lens.command, arguments: [lens.args] },
            })),
      ),
    );
    if (!support.refresh) return {};
    return {
      settingsChanged: () =>
        void connection
          .sendRequest(CodeLensRefreshRequest.type)
          .catch((error: unknown) => connection.console.info(`code lens refresh refused: ${String(error)}`)),
    };
  },
});
