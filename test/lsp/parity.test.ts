import { PRACTICE_CODES } from '../../server/src/service/rules/registry';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  type Diagnostic as LspDiagnostic,
} from 'vscode-languageserver-protocol/node';
import { checkFiles } from '../../client/src/cli/check';
import type { Diagnostic } from '../../server/src/service';
import { LspTestClient } from '../support/lspClient';
import { repoRoot } from '../support/paths';

/** Each folder is one workspace: the files given to `stevedore check`, and the documents open in the editor. */
const fixtures = join(repoRoot, 'test', 'fixtures', 'parity');
const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

/** One diagnostic as both fronts can say it, in one order. */
interface Seen {
  readonly at: string;
  readonly severity: number;
  readonly code: string;
  readonly message: string;
  readonly fixes: unknown;
}
const at = (d: { range: { start: { line: number; character: number }; end: { line: number; character: number } } }): string =>
  `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`;
const sorted = (seen: Seen[]): Seen[] =>
  seen.sort((a, b) => a.at.localeCompare(b.at, 'en', { numeric: true }) || a.code.localeCompare(b.code));
const fromCli = (ds: readonly Diagnostic[]): Seen[] =>
  sorted(ds.map((d) => ({ at: at(d), severity: SEVERITY[d.severity], code: d.code, message: d.message, fixes: d.fixes ?? [] })));
const fromLsp = (ds: readonly LspDiagnostic[]): Seen[] =>
  sorted(
    ds.map((d) => ({
      at: at(d),
      severity: d.severity ?? 0,
      code: String(d.code),
      message: d.message,
      fixes: (d.data as { fixes?: unknown } | undefined)?.fixes ?? [],
    })),
  );

/** The editor with every file of the workspace open: what the server settles on once all are open. */
async function editorDiagnostics(paths: readonly string[]): Promise<Map<string, Seen[]>> {
  const { client } = await LspTestClient.start('stdio');
  try {
    const documents = paths.map((path) => ({ uri: pathToFileURL(path).href, text: readFileSync(path, 'utf8') }));
    for (const { uri, text } of documents)
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: uri.endsWith('.json') ? 'json' : 'yaml', version: 1, text },
      });
    // Version 2 of each (the same text) is validated after every file is open: its diagnostics are the settled ones.
    for (const { uri, text } of documents)
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ text }],
      });
    const result = new Map<string, Seen[]>();
    for (const { uri } of documents)
      // The CLI leaves best-practice findings out unless --strict; the editor shows them as information.
      result.set(
        uri,
        fromLsp(
          (await client.diagnostics(uri, (p) => p.version === 2)).diagnostics.filter(
            (d) => !PRACTICE_CODES.includes(String(d.code)),
          ),
        ),
      );
    return result;
  } finally {
    await client.stop();
  }
}

describe('stevedore check and the editor give the same diagnostics on the same files', () => {
  for (const workspace of readdirSync(fixtures)) {
    it(workspace, async () => {
      const folder = join(fixtures, workspace);
      const paths = readdirSync(folder)
        .filter((name) => /\.(ya?ml|json)$/.test(name))
        .map((name) => join(folder, name));
      const cli = new Map((await checkFiles({ files: paths })).map((r) => [r.uri, fromCli(r.diagnostics)]));
      const editor = await editorDiagnostics(paths);
      assert.deepEqual(editor, cli);
      // Not vacuous: every workspace has something to report.
      assert.ok(
        [...cli.values()].some((found) => found.length > 0),
        `${workspace}: no diagnostics at all`,
      );
    });
  }
});
