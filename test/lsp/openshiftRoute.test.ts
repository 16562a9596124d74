import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CompletionRequest,
  DidOpenTextDocumentNotification,
  HoverRequest,
  type CompletionItem,
  type MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { fixture } from '../support/fixture';
import { LspTestClient } from '../support/lspClient';

describe('language server: an OpenShift Route', () => {
  let client: LspTestClient;
  const uri = 'file:///w/openshift/route.yaml';
  const source = fixture(
    'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata:\n  name: web\nspec:\n  host: www.example.com\n  t$0o:\n    kind: Service\n    name: web\n    weight: $0300\n  tls:\n    termination: edge\n    $0\n',
  );
  const [onKey, onWeight, inTls] = source.markers;

  before(async () => {
    client = (await LspTestClient.start('ipc')).client;
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text: source.text },
    });
  });
  after(async () => {
    await client.stop();
  });

  it('publishes the Route checks at the value they are about', async () => {
    const published = await client.diagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'openshift/route-weight'));
    const weight = published.diagnostics.find((d) => d.code === 'openshift/route-weight');
    assert.deepEqual(weight?.range.start, onWeight, JSON.stringify(published.diagnostics));
    assert.match(weight?.message ?? '', /^spec\.to\.weight: Invalid value: 300: /);
  });

  it("hovers a field with OpenShift's description of it", async () => {
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: onKey });
    assert.match((hover?.contents as MarkupContent).value, /^\*\*to\*\* \(object\)\n\nRouteTargetReference specifies the target/);
  });

  it("completes the keys of a Route's tls, without the one written", async () => {
    assert.ok(inTls);
    const items = (await client.connection.sendRequest(CompletionRequest.type, {
      textDocument: { uri },
      position: inTls,
    })) as CompletionItem[];
    const labels = items.map((i) => i.label);
    for (const key of ['insecureEdgeTerminationPolicy', 'certificate', 'key']) assert.ok(labels.includes(key), labels.join(' '));
    assert.ok(!labels.includes('termination'));
  });
});
