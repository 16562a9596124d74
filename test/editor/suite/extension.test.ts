import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CommandRun, StevedoreApi } from '../../../client/src/context';
import { next } from './events';

const EXTENSION_ID = 'stevedore.stevedore';

/** Stevedore's diagnostics for `uri`, once there are any. */
async function stevedoreDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  const ours = (): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'stevedore');
  if (ours().length === 0) {
    // Checked and subscribed in the same turn, so no change can slip between the two.
    await next(vscode.languages.onDidChangeDiagnostics, () => ours().length > 0, 30_000, `diagnostics for ${uri.path}`);
  }
  return ours();
}

function workspaceFile(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace is open');
  return vscode.Uri.joinPath(folder.uri, path);
}

describe('Stevedore in a real VS Code', () => {
  let api: StevedoreApi;

  it('activates when a compose file opens, with the dockercompose language', async () => {
    const extension = vscode.extensions.getExtension<StevedoreApi>(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    const document = await vscode.workspace.openTextDocument(workspaceFile('broken/compose.yaml'));
    await vscode.window.showTextDocument(document);
    assert.equal(document.languageId, 'dockercompose');
    api = await extension.activate();
    assert.ok(extension.isActive);
    assert.equal(typeof api.onDidRunCommand, 'function');
  });

  it('shows the language server diagnostic for a YAML syntax error', async () => {
    const [diagnostic] = await stevedoreDiagnostics(workspaceFile('broken/compose.yaml'));
    assert.ok(diagnostic);
    assert.equal(diagnostic.code, 'yaml/syntax');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, 4, 'the unclosed flow sequence is reported where the next key starts');
  });

  it('gives stack files the dockercompose language and checks Kubernetes manifests', async () => {
    const stack = await vscode.workspace.openTextDocument(workspaceFile('swarm/docker-stack.yml'));
    assert.equal(stack.languageId, 'dockercompose');
    const manifest = await vscode.workspace.openTextDocument(workspaceFile('k8s/deployment.yaml'));
    assert.equal(manifest.languageId, 'yaml');
    const diagnostics = await stevedoreDiagnostics(manifest.uri);
    // Best-practice findings (no resources, runs as root…) are information in the editor; the rest are the problems.
    const practices = diagnostics.filter((d) => d.severity === vscode.DiagnosticSeverity.Information);
    assert.ok(practices.length > 0 && practices.every((d) => typeof d.code === 'string' && d.code.startsWith('k8s/')));
    assert.deepEqual(
      diagnostics.filter((d) => !practices.includes(d)).map((d) => [d.code, d.range.start.line]),
      [['yaml/duplicate-key', 4]],
    );
  });

  it('checks a compose file against the Compose schema after interpolation', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('schema/compose.yaml'));
    const diagnostics = await stevedoreDiagnostics(document.uri);
    // `restart: sometimes` is wrong; the interpolated image and port are not.
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [['compose/invalid-value', 3]],
    );
  });

  it('completes and explains keys through VS Code', async () => {
    const document = await vscode.workspace.openTextDocument(workspaceFile('schema/compose.yaml'));
    // Line 3 is `    restart: sometimes`: values for restart, and the description of the key.
    const completions = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      new vscode.Position(3, 13),
    );
    const labels = completions.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('unless-stopped'), labels.join(', '));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      new vscode.Position(3, 6),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*restart\*\*/);
  });

  it('runs Stevedore: Show Docker Engine from the command palette', async () => {
    const palette = await vscode.commands.getCommands(true);
    assert.ok(palette.includes('stevedore.showEngine'));
    const ran = next(api.onDidRunCommand, (run: CommandRun) => run.command === 'stevedore.showEngine', 30_000, 'the command');
    // Through the real quick-open widget: type the title as a user would, then accept the selected entry.
    await vscode.commands.executeCommand('workbench.action.quickOpen', '>Stevedore: Show Docker Engine');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const run = await ran;
    assert.ok(run.ok, run.message);
    assert.match(run.message, /^Docker Engine \d+\.\d+\S* \(API 1\.\d+\) at unix:\/\/\/var\/run\/docker\.sock .*swarm: active$/);
  });
});
