import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CodeActionRequest, DidOpenTextDocumentNotification, type CodeAction } from 'vscode-languageserver-protocol/node';
import { fixture } from '../support/fixture';
import { LspTestClient } from '../support/lspClient';

describe('language server: a Kubernetes value outside its enumeration', () => {
  let client: LspTestClient;
  const uri = 'file:///w/k8s-enums/service.yaml';
  const source = fixture(
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: $0Loadbalancer\n  ports: [{port: 80}]\n',
  );
  const [onType] = source.markers;

  before(async () => {
    client = (await LspTestClient.start('ipc')).client;
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text: source.text },
    });
  });
  after(async () => {
    await client.stop();
  });

  it('publishes the API server words at the value, with a quick fix to each allowed value', async () => {
    const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'k8s/invalid-value'));
    const finding = published.diagnostics.find((d) => d.code === 'k8s/invalid-value');
    assert.ok(finding, JSON.stringify(published.diagnostics));
    assert.deepEqual(finding.range.start, onType);
    assert.equal(
      finding.message,
      'spec.type: Unsupported value: "Loadbalancer": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
    const actions = (await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: finding.range,
      context: { diagnostics: [finding] },
    })) as CodeAction[];
    assert.deepEqual(
      actions.map((a) => [a.title, a.edit?.changes?.[uri]?.[0]?.newText]),
      [
        ["Change to 'LoadBalancer'", 'LoadBalancer'],
        ["Change to 'ClusterIP'", 'ClusterIP'],
        ["Change to 'ExternalName'", 'ExternalName'],
        ["Change to 'NodePort'", 'NodePort'],
      ],
    );
  });
});
