import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replicasEdit } from '../../server/src/service';

/** Applies the edit the way the extension's WorkspaceEdit does, so each case reads as file before → file after. */
function written(lines: readonly string[], service: string, count: number, eol: string): string {
  const text = lines.join(eol);
  const result = replicasEdit(text, service, count);
  if (!result.ok) assert.fail(result.reason);
  return text.slice(0, result.edit.offset) + result.edit.text + text.slice(result.edit.offset + result.edit.length);
}

describe('writing a scaled count back to the file', () => {
  for (const eol of ['\n', '\r\n']) {
    const name = JSON.stringify(eol);
    it(`replaces an existing deploy.replicas, keeping comments (${name})`, () => {
      const before = [
        'services:',
        '  web:',
        '    image: nginx # the front',
        '    deploy:',
        '      replicas: 2 # two',
        '  db: {image: pg}',
      ];
      const after = [
        'services:',
        '  web:',
        '    image: nginx # the front',
        '    deploy:',
        '      replicas: 5 # two',
        '  db: {image: pg}',
      ];
      assert.equal(written(before, 'web', 5, eol), after.join(eol));
    });
    it(`adds replicas to a deploy: without it, at its keys' indentation (${name})`, () => {
      const before = ['services:', '    web:', '        image: nginx', '        deploy:', '            mode: replicated'];
      const after = [
        'services:',
        '    web:',
        '        image: nginx',
        '        deploy:',
        '            replicas: 3',
        '            mode: replicated',
      ];
      assert.equal(written(before, 'web', 3, eol), after.join(eol));
    });
    it(`creates deploy: when the service has none, indented as the file is (${name})`, () => {
      const before = ['# top', 'services:', '  app:', '    # the app', '    image: busybox', '    command: sleep 1', ''];
      const after = [
        '# top',
        'services:',
        '  app:',
        '    # the app',
        '    deploy:',
        '      replicas: 4',
        '    image: busybox',
        '    command: sleep 1',
        '',
      ];
      assert.equal(written(before, 'app', 4, eol), after.join(eol));
    });
    it(`fills an empty deploy: (${name})`, () => {
      const before = ['services:', '  app:', '    image: busybox', '    deploy:', '  other:', '    image: x'];
      const after = ['services:', '  app:', '    image: busybox', '    deploy:', '      replicas: 0', '  other:', '    image: x'];
      assert.equal(written(before, 'app', 0, eol), after.join(eol));
    });
    it(`replaces compose's older scale: rather than adding a second count (${name})`, () => {
      const before = ['services:', '  app:', '    image: busybox', '    scale: 1'];
      const after = ['services:', '  app:', '    image: busybox', '    scale: 2'];
      assert.equal(written(before, 'app', 2, eol), after.join(eol));
    });
  }
  it('refuses what it would have to reformat, or cannot find', () => {
    const reason = (text: string, service: string, n = 2): string => {
      const r = replicasEdit(text, service, n);
      return r.ok ? 'ok' : r.reason;
    };
    assert.match(reason('services:\n  web: {image: x}\n', 'web'), /flow style/);
    assert.match(reason('services:\n  web:\n    deploy: {mode: global}\n', 'web'), /deploy: of web is written in flow style/);
    assert.match(reason('services:\n  web:\n    image: x\n', 'db'), /no service db in the file/);
    assert.match(reason('volumes: {}\n', 'web'), /no services: map/);
    assert.match(reason('services:\n  web:\n    image: x\n', 'web', -1), /whole number/);
    assert.match(reason('services:\n  web: [\n', 'web'), /YAML errors/);
  });
});
