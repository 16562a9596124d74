import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DidChangeConfigurationNotification, DidOpenTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { LspTestClient } from '../support/lspClient';

describe('language server: diagnostics that depend on other files and on settings', () => {
  let client: LspTestClient;
  const compose = 'file:///w/deps/compose.yaml';

  before(async () => {
    client = (await LspTestClient.start('ipc')).client;
  });
  after(async () => {
    await client.stop();
  });

  it('warns about an unset variable, then re-validates when the .env beside it defines it', async () => {
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri: compose,
        languageId: 'dockercompose',
        version: 1,
        text: 'services:\n  web:\n    image: "nginx:${TAG}"\n',
      },
    });
    const first = await client.diagnostics(compose);
    assert.deepEqual(
      first.diagnostics.map((d) => d.code),
      ['compose/unset-variable'],
    );
    // The .env is open in the editor (unsaved text counts), in the same folder.
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: 'file:///w/deps/.env', languageId: 'properties', version: 1, text: 'TAG=1.27\n' },
    });
    await client.diagnostics(compose, (p) => p.diagnostics.length === 0);
  });

  it('applies rule severities from settings, and re-validates when they change', async () => {
    const ports = 'file:///w/deps/docker-compose.ports.yaml';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri: ports,
        languageId: 'dockercompose',
        version: 1,
        text: 'services:\n  web:\n    image: a\n    ports: ["70000:80"]\n',
      },
    });
    const before = await client.diagnostics(ports, (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      before.diagnostics.map((d) => [d.code, d.severity]),
      [['compose/invalid-port', 1]],
    );
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { stevedore: { rules: { 'compose/invalid-port': 'hint' } } },
    });
    const changed = await client.diagnostics(ports, (p) => p.diagnostics[0]?.severity === 4);
    assert.equal(changed.diagnostics[0]?.code, 'compose/invalid-port');
  });

  it('checks files matching the stackFiles globs as Swarm stack files', async () => {
    const uri = 'file:///w/deploy/swarm/app.yml';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'yaml', version: 1, text: 'services:\n  web:\n    image: a\n    mem_limit: 1g\n' },
    });
    await client.diagnostics(uri, (p) => p.diagnostics.length === 0);
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { stevedore: { stackFiles: ['deploy/swarm/*.yml'] } },
    });
    const asStack = await client.diagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      asStack.diagnostics.map((d) => d.code),
      ['stack/forbidden-key'],
    );
  });
});

describe('language server: Kubernetes objects across files', () => {
  let client: LspTestClient;
  before(async () => {
    client = (await LspTestClient.start('stdio')).client;
  });
  after(async () => {
    await client.stop();
  });

  it('re-validates a Service when a Deployment with its pods opens', async () => {
    const service = 'file:///w/k8s/service.yaml';
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri: service,
        languageId: 'yaml',
        version: 1,
        text: 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n',
      },
    });
    const alone = await client.diagnostics(service);
    assert.deepEqual(
      alone.diagnostics.map((d) => d.code),
      ['k8s/service-selects-nothing'],
    );
    await client.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: {
        uri: 'file:///w/k8s/deployment.yaml',
        languageId: 'yaml',
        version: 1,
        text: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      containers: [{name: web, image: nginx, ports: [{containerPort: 80, name: http}]}]\n',
      },
    });
    await client.diagnostics(service, (p) => p.diagnostics.length === 0);
  });
});
