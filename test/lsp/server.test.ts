import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DiagnosticSeverity,
} from 'vscode-languageserver-protocol/node';
import { fixture } from '../support/fixture';
import { LspTestClient, type Transport } from '../support/lspClient';

const broken = fixture('services:\n  web:\n    image: nginx\n    ports: [80\n  $0db:\n    image: postgres\n');

for (const transport of ['ipc', 'stdio'] as Transport[]) {
  describe(`language server over ${transport}`, () => {
    let client: LspTestClient;
    let serverName = '';

    before(async () => {
      const started = await LspTestClient.start(transport);
      client = started.client;
      serverName = started.initialize.serverInfo?.name ?? '';
    });
    after(async () => {
      if (client.process.exitCode === null) await client.stop();
    });

    it('answers initialize with its name and incremental sync', () => {
      assert.equal(serverName, 'stevedore-language-server');
    });

    it('publishes a YAML syntax error on open, then clears it when the file is fixed', async () => {
      const uri = `file:///w/${transport}/compose.yaml`;
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockercompose', version: 1, text: broken.text },
      });
      // Best-practice findings (information: an untagged image, no restart policy) are not what this test is about.
      const problems = <D extends { severity?: number }>(ds: D[]): D[] =>
        ds.filter((d) => d.severity !== DiagnosticSeverity.Information);
      const first = await client.diagnostics(uri, (p) => p.version === 1);
      assert.equal(problems(first.diagnostics).length, 1, JSON.stringify(first.diagnostics));
      const [diagnostic] = problems(first.diagnostics);
      assert.equal(diagnostic?.code, 'yaml/syntax');
      assert.equal(diagnostic?.source, 'stevedore');
      assert.equal(diagnostic?.severity, DiagnosticSeverity.Error);
      assert.deepEqual(diagnostic?.range.start, broken.markers[0]);

      // An incremental edit: close the flow sequence at the end of line 4.
      await client.connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: { start: { line: 3, character: 14 }, end: { line: 3, character: 14 } }, text: ']' }],
      });
      const second = await client.diagnostics(uri, (p) => p.version === 2);
      assert.deepEqual(problems(second.diagnostics), []);
    });

    it('clears diagnostics when the document closes', async () => {
      const uri = `file:///w/${transport}/docker-stack.yml`;
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri, languageId: 'dockercompose', version: 1, text: 'a: 1\na: 2\n' },
      });
      const opened = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.equal(opened.diagnostics[0]?.code, 'yaml/duplicate-key');
      await client.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
      await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    });

    it('survives input that is not YAML at all and keeps serving', async () => {
      const garbage = `file:///w/${transport}/docker-compose.garbage.yaml`;
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: garbage, languageId: 'yaml', version: 1, text: '\u0000{{{[[[\t: : :\n  - ]' },
      });
      const published = await client.diagnostics(garbage);
      assert.ok(published.diagnostics.length > 0);
      assert.equal(client.process.exitCode, null, 'server is still running');
    });

    it('checks Kubernetes manifests, and leaves YAML that is none of its kinds alone', async () => {
      const manifest = `file:///w/${transport}/deploy.yaml`;
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: manifest, languageId: 'yaml', version: 1, text: 'apiVersion: v1\nkind: Pod\nkind: Service\n' },
      });
      const k8s = await client.diagnostics(manifest);
      assert.deepEqual(
        k8s.diagnostics.map((d) => d.code),
        // The last kind wins, and a Service without ports is one the API server refuses.
        ['yaml/duplicate-key', 'k8s/required-field'],
      );
      const workflow = `file:///w/${transport}/.github/workflows/ci.yaml`;
      await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
        textDocument: { uri: workflow, languageId: 'yaml', version: 1, text: 'on: push\non: pull_request\n' },
      });
      const other = await client.diagnostics(workflow);
      assert.deepEqual(other.diagnostics, []);
    });

    it('shuts down cleanly with exit code 0', async () => {
      assert.equal(await client.stop(), 0);
    });
  });
}
