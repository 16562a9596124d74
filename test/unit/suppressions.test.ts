import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSourceFile, getHover, WorkspaceSession, type Diagnostic } from '../../server/src/service';
import { CODE } from '../../server/src/service/rules/registry';
import { memoryHost } from '../support/memoryHost';

const uri = 'file:///w/compose.yaml';

/** The diagnostics of `text` as a compose file, as `line:code` (1-based lines), in order. */
async function found(text: string, rules: Record<string, string> = {}): Promise<string[]> {
  const session = new WorkspaceSession({ host: memoryHost({}) });
  session.configure({ rules });
  session.open(uri, 1, text);
  return ((await session.diagnostics(uri)) ?? []).map((d: Diagnostic) => `${d.range.start.line + 1}:${d.code}`).sort();
}

// Two privileged services, `restart` set so the only findings are the ones under test.
const twoPrivileged = (web: string, db: string, top = ''): string =>
  `${top}services:\n  web:\n    image: nginx:1.27\n    restart: always\n    ${web}\n  db:\n    image: nginx:1.27\n    restart: always\n    ${db}\n`;

for (const eol of ['\n', '\r\n']) {
  const crlf = (text: string): string => text.replace(/\n/g, eol);
  describe(`suppression comments (${JSON.stringify(eol)})`, () => {
    it('without a comment both findings stand (the baseline the other cases suppress from)', async () => {
      assert.deepEqual(await found(crlf(twoPrivileged('privileged: true', 'privileged: true'))), [
        `5:${CODE.composePrivileged}`,
        `9:${CODE.composePrivileged}`,
      ]);
    });

    it('at the end of a line, suppresses its code on that line only', async () => {
      const text = twoPrivileged('privileged: true # stevedore-ignore: compose/privileged', 'privileged: true');
      assert.deepEqual(await found(crlf(text)), [`9:${CODE.composePrivileged}`]);
    });

    it('on a line of its own, suppresses on the next line that is not blank or a comment', async () => {
      const text = twoPrivileged(
        'privileged: true',
        '# stevedore-ignore: compose/privileged  dind needs it\n    # more\n\n    privileged: true',
      );
      assert.deepEqual(await found(crlf(text)), [`5:${CODE.composePrivileged}`]);
    });

    // One line with three findings: flow style puts the service, its image and `privileged` on line 2.
    const oneLine = (comment: string): string => `services:\n  web: {image: nginx, privileged: true} ${comment}\n`;

    it('names several codes separated by commas', async () => {
      assert.deepEqual(await found(crlf(oneLine(''))), [
        `2:${CODE.composeLatestTag}`,
        `2:${CODE.composeNoRestart}`,
        `2:${CODE.composePrivileged}`,
      ]);
      const text = oneLine('# stevedore-ignore: compose/latest-tag, compose/no-restart');
      assert.deepEqual(await found(crlf(text)), [`2:${CODE.composePrivileged}`]);
    });

    it('without a code, suppresses every finding on its line', async () => {
      assert.deepEqual(await found(crlf(oneLine('# stevedore-ignore'))), []);
    });

    it('-file suppresses a code anywhere in the file', async () => {
      const text = twoPrivileged('privileged: true', 'privileged: true', '# stevedore-ignore-file: compose/privileged\n');
      assert.deepEqual(await found(crlf(text)), []);
    });

    it('leaves other codes alone', async () => {
      assert.deepEqual(await found(crlf(oneLine('# stevedore-ignore: compose/latest-tag'))), [
        `2:${CODE.composeNoRestart}`,
        `2:${CODE.composePrivileged}`,
      ]);
    });

    it('an unused code is a hint at the code; a code that names no rule says so', async () => {
      const line = '    image: nginx # stevedore-ignore: compose/privileged, x/y, compose/latest-tag';
      const session = new WorkspaceSession({ host: memoryHost({}) });
      session.open(uri, 1, crlf(`services:\n  web:\n${line}\n`));
      const ds = (await session.diagnostics(uri)) ?? [];
      assert.deepEqual(
        ds.filter((d) => d.code === CODE.unusedIgnore).map((d) => [d.severity, d.range.start.character, d.message]),
        [
          ['hint', line.indexOf('compose/privileged'), 'No `compose/privileged` finding to suppress on line 3'],
          ['hint', line.indexOf('x/y'), '`x/y` is not a Stevedore rule: nothing to suppress'],
        ],
      );
      assert.deepEqual(
        ds.filter((d) => d.code !== CODE.unusedIgnore).map((d) => d.code),
        [CODE.composeNoRestart],
      );
    });

    it('a bare comment with nothing to suppress is unused; a code turned off is not', async () => {
      assert.deepEqual(await found(crlf('services:\n  web:\n    image: a:1\n    restart: always # stevedore-ignore\n')), [
        `4:${CODE.unusedIgnore}`,
      ]);
      const off = await found(
        crlf(
          'services:\n  web:\n    image: a:1\n    restart: always\n    privileged: true # stevedore-ignore: compose/privileged\n',
        ),
        {
          'compose/privileged': 'off',
        },
      );
      assert.deepEqual(off, []);
      const quiet = await found(crlf('services:\n  web:\n    image: a:1\n    restart: always # stevedore-ignore\n'), {
        'stevedore/unused-ignore': 'off',
      });
      assert.deepEqual(quiet, []);
    });

    it('text that only looks like one, inside a string or a block scalar, is not a suppression', async () => {
      const text =
        'services:\n  web:\n    image: nginx:1\n    restart: always\n    privileged: true\n    command: "echo # stevedore-ignore"\n    entrypoint: |\n      # stevedore-ignore-file\n';
      assert.deepEqual(await found(crlf(text)), [`5:${CODE.composePrivileged}`]);
    });

    it('hover over the comment says what it suppresses and where', () => {
      const text = crlf('# stevedore-ignore-file: compose/privileged\nservices:\n  web:\n    image: nginx # stevedore-ignore\n');
      const file = createSourceFile(uri, 1, text, 'compose');
      const fileHover = getHover(file, { line: 0, character: 5 });
      assert.match(fileHover?.contents ?? '', /^Suppresses in this whole file:\n- `compose\/privileged`: A privileged service/);
      assert.equal(getHover(file, { line: 3, character: 20 })?.contents, 'Suppresses every finding on line 4.');
    });
  });
}

describe('suppression comments in a Kubernetes manifest and in JSON', () => {
  it('apply to a Kubernetes finding on the line below', async () => {
    const session = new WorkspaceSession({ host: memoryHost({}) });
    const pod = (comment: string): string =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      ${comment}\n      image: nginx:1.27\n      securityContext: {privileged: true}\n`;
    const privileged = async (text: string): Promise<number> => {
      session.open('file:///w/pod.yaml', text.length, text);
      const ds = (await session.diagnostics('file:///w/pod.yaml')) ?? [];
      return ds.filter((d) => d.code === CODE.k8sPrivileged).length;
    };
    assert.equal(await privileged(pod('# nothing')), 1);
    assert.equal(await privileged(pod('# stevedore-ignore-file: k8s/privileged')), 0);
  });

  it('are not read in a Marathon definition: JSON has no comments', async () => {
    const session = new WorkspaceSession({ host: memoryHost({}) });
    const text = '{"id": "/a", "cmd": "x", "args": ["y"], "labels": {"x": "# stevedore-ignore"}}';
    session.open('file:///w/marathon.json', 1, text);
    const ds = (await session.diagnostics('file:///w/marathon.json')) ?? [];
    assert.deepEqual(
      ds.map((d) => d.code),
      [CODE.marathonCmdAndArgs],
    );
  });
});
