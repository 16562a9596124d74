import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkEngineAddress, engineChoices, missingTlsFiles } from '../../client/src/engine';
import { writeContext } from '../support/remoteEngineContext';

describe('the engine picker’s entries', () => {
  let root: string;
  let configDir: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'sdext-choices-'));
    configDir = join(root, 'docker');
    writeContext(configDir, {
      name: 'prod',
      host: 'tcp://10.9.9.9:2376',
      description: 'production',
      tls: { ca: 'a', cert: 'b', key: 'c' },
    });
    writeContext(configDir, { name: 'box', host: 'ssh://deploy@box' });
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const summary = (env: NodeJS.ProcessEnv): string[] =>
    engineChoices(configDir, env).map((c) => `${c.kind} ${c.label}${'host' in c ? ` ${c.host}` : ''} | ${c.detail}`);

  it('lists the socket, every stored context, then tcp+TLS, ssh and an address', () => {
    assert.deepEqual(summary({}), [
      'cli-default As the docker CLI chooses | DOCKER_HOST, DOCKER_CONTEXT, the current context, or the local socket',
      'host Local socket unix:///var/run/docker.sock | unix:///var/run/docker.sock',
      'context Context box ssh://deploy@box | ssh://deploy@box',
      'context Context prod tcp://10.9.9.9:2376 | tcp://10.9.9.9:2376 · TLS · production',
      'tls tcp with TLS… | an address and a folder holding ca.pem, cert.pem and key.pem',
      'ssh ssh://… | user@host through your OpenSSH (~/.ssh/config and agents apply)',
      'address Enter an address… | unix://, tcp://, ssh:// or npipe://',
    ]);
  });
  it('adds DOCKER_HOST when it is set', () => {
    assert.ok(
      summary({ DOCKER_HOST: 'tcp://127.0.0.1:2375' }).includes('host DOCKER_HOST tcp://127.0.0.1:2375 | tcp://127.0.0.1:2375'),
    );
  });
  it('checks a certificate folder for the three files', () => {
    const dir = join(root, 'certs');
    mkdirSync(dir);
    writeFileSync(join(dir, 'ca.pem'), 'x');
    assert.deepEqual(missingTlsFiles(dir), ['cert.pem', 'key.pem']);
    writeFileSync(join(dir, 'cert.pem'), 'x');
    writeFileSync(join(dir, 'key.pem'), 'x');
    assert.deepEqual(missingTlsFiles(dir), []);
  });
  it('checks typed addresses for their kind', () => {
    assert.equal(checkEngineAddress('tls', 'tcp://10.0.0.1:2376'), undefined);
    assert.match(checkEngineAddress('tls', 'ssh://x') ?? '', /tcp:\/\/host:2376/);
    assert.equal(checkEngineAddress('ssh', 'ssh://deploy@box:2222'), undefined);
    assert.match(checkEngineAddress('ssh', 'ssh://') ?? '', /ssh:\/\/user@host/);
    assert.equal(checkEngineAddress('address', 'unix:///run/docker.sock'), undefined);
    assert.match(checkEngineAddress('address', 'docker.sock') ?? '', /starts with unix:\/\//);
  });
});
