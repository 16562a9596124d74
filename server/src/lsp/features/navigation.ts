import type { Location, WorkspaceEdit } from 'vscode-languageserver';
import { getDefinitions, getReferences, getRenameChanges } from '../../service';
import { cancellable } from '../guard';
import { defineFeature, onDocument, type PositionParams } from './feature';

/**
 * Definition, references and rename, across the files of a project. References and rename walk the project's
 * files, so they honour the client's cancellation (the service asks between files).
 */
export const navigation = defineFeature<void>({
  support: () => undefined,
  capabilities: () => ({ definitionProvider: true, referencesProvider: true, renameProvider: true }),
  register: (context) => {
    const { connection, resolve } = context;
    connection.onDefinition(
      onDocument(context, 'definition', [] as Location[], (document, { position }: PositionParams) => {
        const { file, context: validation } = resolve(document);
        return getDefinitions(file, position, validation);
      }),
    );
    connection.onReferences((params, token) =>
      cancellable(token, (isCancelled) =>
        onDocument(context, 'references', [] as Location[], (document) => {
          const { file, context: validation } = resolve(document);
          return getReferences(file, params.position, params.context.includeDeclaration, validation, isCancelled);
        })(params),
      ),
    );
    connection.onRenameRequest((params, token) =>
      cancellable(token, (isCancelled) =>
        onDocument(context, 'rename', null as WorkspaceEdit | null, (document) => {
          const { file, context: validation } = resolve(document);
          const changes = getRenameChanges(file, params.position, params.newName, validation, isCancelled);
          return changes ? { changes } : null;
        })(params),
      ),
    );
  },
});
