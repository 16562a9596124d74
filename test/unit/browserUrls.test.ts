import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { browserUrls, engineHost } from '../../client/src/engine/browserUrls';

describe('Open in Browser: the URL of a published port is on the engine’s host', () => {
  const ports = [
    { IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { IP: '::', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
    { IP: '127.0.0.1', PrivatePort: 443, PublicPort: 8443, Type: 'tcp' },
    { IP: '0.0.0.0', PrivatePort: 53, PublicPort: 5353, Type: 'udp' },
    { PrivatePort: 9000, Type: 'tcp' },
  ];

  it('a local engine: localhost for every address, the bound address otherwise; udp and unpublished left out', () => {
    assert.deepEqual(browserUrls('unix:///var/run/docker.sock', ports), [
      { url: 'http://localhost:8080/', target: 80 },
      { url: 'http://127.0.0.1:8443/', target: 443 },
    ]);
  });

  it('a remote engine: its host, never localhost', () => {
    assert.deepEqual(
      browserUrls('tcp://build.example.com:2376', ports).map((u) => u.url),
      ['http://build.example.com:8080/', 'http://build.example.com:8443/'],
    );
    assert.equal(engineHost('ssh://deploy@10.1.2.3:2222'), '10.1.2.3');
    assert.equal(engineHost('npipe:////./pipe/docker_engine'), undefined);
  });

  it('an IPv6 binding is bracketed', () => {
    assert.deepEqual(browserUrls('unix:///x', [{ IP: '::1', PrivatePort: 80, PublicPort: 81, Type: 'tcp' }]), [
      { url: 'http://[::1]:81/', target: 80 },
    ]);
  });
});
