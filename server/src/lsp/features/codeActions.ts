import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import type { Fix } from '../../service';
import { guard } from '../guard';
import { defineFeature } from './feature';

/**
 * Quick fixes, from the fixes the diagnostics carry (`data.fixes`). They are CodeAction literals, so only a client
 * that reads literals (`codeActionLiteralSupport`) is offered them.
 */
export const codeActions = defineFeature<{ readonly literals: boolean }>({
  support: (client) => ({ literals: client.textDocument?.codeAction?.codeActionLiteralSupport !== undefined }),
  capabilities: ({ literals }) => (literals ? { codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] } } : undefined),
  register: ({ connection }) => {
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
  },
});
