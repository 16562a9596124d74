import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, getCodeLenses, COMMANDS } from '../../server/src/service';

const lensesOf = (uri: string, text: string): string[] =>
  getCodeLenses(createSourceFile(uri, 1, text)).map(
    (l) => `${l.range.start.line}:${l.range.start.character} ${l.title} ${l.command} ${JSON.stringify(l.args)}`,
  );

describe('code lenses', () => {
  for (const eol of ['\n', '\r\n']) {
    it(`offers Deploy on services:, and Deploy/Scale/Shell/Logs per compose service (${JSON.stringify(eol)})`, () => {
      const text = ['name: Shop', 'services:', '  web:', '    image: nginx', '  db:', '    image: postgres'].join(eol);
      assert.deepEqual(lensesOf('file:///w/app/compose.yaml', text), [
        `1:0 $(rocket) Deploy project shop ${COMMANDS.deploy} {"uri":"file:///w/app/compose.yaml"}`,
        `2:2 Deploy ${COMMANDS.deploy} {"uri":"file:///w/app/compose.yaml","services":["web"]}`,
        `2:2 Scale ${COMMANDS.scale} {"project":"shop","service":"web","file":"file:///w/app/compose.yaml"}`,
        `2:2 Shell ${COMMANDS.attachShell} {"project":"shop","service":"web"}`,
        `2:2 Logs ${COMMANDS.logs} {"project":"shop","service":"web"}`,
        `4:2 Deploy ${COMMANDS.deploy} {"uri":"file:///w/app/compose.yaml","services":["db"]}`,
        `4:2 Scale ${COMMANDS.scale} {"project":"shop","service":"db","file":"file:///w/app/compose.yaml"}`,
        `4:2 Shell ${COMMANDS.attachShell} {"project":"shop","service":"db"}`,
        `4:2 Logs ${COMMANDS.logs} {"project":"shop","service":"db"}`,
      ]);
    });
  }
  it('names a stack after its folder and has no per-service Deploy', () => {
    assert.deepEqual(lensesOf('file:///w/My%20Stack/docker-stack.yml', 'services:\n  api:\n    image: x\n'), [
      `0:0 $(rocket) Deploy stack mystack ${COMMANDS.deploy} {"uri":"file:///w/My%20Stack/docker-stack.yml"}`,
      `1:2 Scale ${COMMANDS.scale} {"stack":"mystack","service":"api","file":"file:///w/My%20Stack/docker-stack.yml"}`,
      `1:2 Shell ${COMMANDS.attachShell} {"stack":"mystack","service":"api"}`,
      `1:2 Logs ${COMMANDS.logs} {"stack":"mystack","service":"api"}`,
    ]);
  });
  it('offers none on Kubernetes manifests or a file without services', () => {
    assert.deepEqual(lensesOf('file:///w/k/deploy.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n'), []);
    assert.deepEqual(lensesOf('file:///w/app/compose.yaml', 'volumes: {}\n'), []);
  });
});
