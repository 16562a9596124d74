import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ALL_RULES } from '../../server/src/service/rules/registry';
import { duplicateKeyMessage } from '../../server/src/service/rules/yamlDuplicateKeys';
import { repoRoot } from '../support/paths';

const run = promisify(execFile);
const cli = join(repoRoot, 'dist', 'cli.js');

/** Runs the shipped CLI bundle; resolves with its output and exit code whatever the code. */
async function stevedore(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args]);
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('stevedore CLI', () => {
  it('--version prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const result = await stevedore('--version');
    assert.equal(result.code, 0);
    assert.equal(result.stdout.trim(), version);
  });

  it('check prints each syntax error as file:line:col and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stevedore-cli-'));
    const bad = join(dir, 'compose.yaml');
    const good = join(dir, 'docker-stack.yml');
    await writeFile(bad, 'services:\n  web:\n    image: a\n    image: b\n');
    await writeFile(good, 'services:\n  web:\n    image: a\n');
    const result = await stevedore('check', good, bad);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, `${bad}:4:5: error yaml/duplicate-key ${duplicateKeyMessage('image')}\n`);
  });

  it('check exits 0 on valid files and 2 on a missing one, still checking the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stevedore-cli-'));
    const good = join(dir, 'compose.yaml');
    await writeFile(good, 'services: {}\n');
    assert.equal((await stevedore('check', good)).code, 0);
    const missing = await stevedore('check', join(dir, 'nope.yaml'), good);
    assert.equal(missing.code, 2);
    assert.match(missing.stdout, /nope\.yaml: cannot read: ENOENT/);
  });

  it('check lists diagnostics in file, line, column order, whatever the order of files and rules', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stevedore-cli-'));
    const [a, b] = [join(dir, 'a', 'compose.yaml'), join(dir, 'b', 'compose.yaml')];
    await mkdir(join(dir, 'a'));
    await mkdir(join(dir, 'b'));
    // The port rule runs after the duplicate-key rule, but its finding comes first in the file.
    const text = 'services:\n  web:\n    image: a\n    ports: ["99999:80"]\n    restart: always\n    restart: "no"\n';
    await writeFile(a, text);
    await writeFile(b, text);
    const result = await stevedore('check', b, a);
    const places = result.stdout
      .trim()
      .split('\n')
      .map((line) => line.split(': ')[0]);
    assert.deepEqual(places, [`${a}:4:13`, `${a}:6:5`, `${b}:4:13`, `${b}:6:5`]);
  });

  it('check takes the files given as the workspace: a Deployment, its Service and its ConfigMap, one per file', async () => {
    const folder = join(repoRoot, 'test', 'fixtures', 'parity', 'kubernetes');
    const files = ['deploy.yaml', 'svc.yaml', 'cm.yaml'].map((name) => join(folder, name));
    const together = await stevedore('check', ...files);
    assert.doesNotMatch(together.stdout, /web-config/);
    // Only the Service of another app selects nothing.
    const selectsNothing = together.stdout.split('\n').filter((line) => line.includes('matches no pod template'));
    assert.deepEqual(
      selectsNothing.map((line) => line.split(': ')[0]),
      [`${join(folder, 'svc.yaml')}:18:5`],
    );
    const alone = await stevedore('check', files[0] ?? '');
    assert.match(alone.stdout, /ConfigMap 'web-config' is not defined in the workspace/);
  });

  it('check says which files it did not check (plain YAML), and checks them with --kind yaml', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stevedore-cli-'));
    const values = join(dir, 'values.yaml');
    await writeFile(values, 'a: 1\na: 2\n');
    const skipped = await stevedore('check', values);
    assert.equal(skipped.code, 0);
    assert.equal(skipped.stdout, '');
    assert.match(
      skipped.stderr,
      /values\.yaml: not a Compose, stack, Kubernetes, kustomization or Marathon file, so not checked/,
    );
    const asked = await stevedore('check', '--kind', 'yaml', values);
    assert.equal(asked.code, 1);
    assert.match(asked.stdout, /values\.yaml:2:1: error yaml\/duplicate-key /);
    assert.equal(asked.stderr, '');
  });

  it('check honours suppression comments, and reports an unused one as a hint', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stevedore-cli-'));
    const file = join(dir, 'compose.yaml');
    await writeFile(file, 'services:\n  web:\n    image: nginx:1.27\n    restart: always\n    privileged: true\n');
    const plain = await stevedore('check', '--strict', file);
    assert.equal(plain.code, 1);
    assert.match(plain.stdout, /compose\.yaml:5:17: error compose\/privileged /);
    await writeFile(
      file,
      'services:\n  web:\n    image: nginx:1.27 # stevedore-ignore: compose/latest-tag\n    restart: always\n    privileged: true # stevedore-ignore: compose/privileged\n',
    );
    const ignored = await stevedore('check', '--strict', file);
    assert.equal(ignored.code, 0);
    assert.equal(
      ignored.stdout.trim(),
      `${file}:3:43: hint stevedore/unused-ignore No \`compose/latest-tag\` finding to suppress on line 3`,
    );
  });

  it('rejects unknown commands and bad options with usage and exit 2', async () => {
    const unknown = await stevedore('deploy-everything');
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'deploy-everything'/);
    const badKind = await stevedore('check', '--kind', 'helm', 'x.yaml');
    assert.equal(badKind.code, 2);
    assert.match(badKind.stderr, /--kind needs one of compose, stack, kubernetes, kustomization, marathon, yaml/);
  });

  it('names the bad option for every command, with usage and exit 2, before reaching an engine', async () => {
    const commands = [
      ['check', 'x.yaml'],
      ['deploy', 'x.yaml'],
      ['watch', 'x.yaml'],
      ['pull', 'x.yaml'],
      ['pause', 'p', 's'],
      ['recreate', 'p', 's'],
      ['scale', 'p', 's=1'],
      ['down', 'p'],
      ['ps', 'p'],
      ['stats', 'p'],
      ['nodes'],
      ['node', 'drain', 'n'],
    ];
    for (const command of commands) {
      const result = await stevedore(...command, '--bogus');
      assert.equal(result.code, 2, command.join(' '));
      assert.match(result.stderr, /^stevedore: unknown option --bogus\n\nstevedore [^]*\nUsage:\n/, command.join(' '));
    }
    const cases: [string[], RegExp][] = [
      [['check', 'x.yaml', '--format'], /^stevedore: --format needs a value\n/],
      [['check', '--kind=', 'x.yaml'], /^stevedore: --kind needs a value\n/],
      [['check', '--strict=yes', 'x.yaml'], /^stevedore: --strict takes no value\n/],
      [['check', '--kind', 'yaml', '--kind', 'compose', 'x.yaml'], /^stevedore: --kind can be given once\n/],
      [['down', 'p', '--host'], /^stevedore: --host needs a value\n/],
      [['down', 'p', '--volumes=all'], /^stevedore: --volumes takes no value\n/],
      // Recreate waits for the project's lock or, with --no-wait, refuses; pause takes no lock and no --no-wait.
      [['recreate', 'p', '--no-wait'], /^stevedore: recreate needs a compose PROJECT and a SERVICE\n/],
      [['recreate', 'p', 's', '--no-wait=1'], /^stevedore: --no-wait takes no value\n/],
      [['pause', 'p', 's', '--no-wait'], /^stevedore: unknown option --no-wait\n/],
    ];
    for (const [argv, message] of cases) {
      const result = await stevedore(...argv);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.stderr, message, argv.join(' '));
    }
  });

  it('check --list-rules prints every registered rule: code, family, default severity, doc; as text and as JSON', async () => {
    const text = await stevedore('check', '--list-rules');
    assert.equal(text.code, 0);
    const lines = text.stdout.trimEnd().split('\n');
    assert.equal(lines.length, ALL_RULES.length);
    assert.match(
      lines.find((l) => l.startsWith('compose/unused ')) ?? '',
      /^compose\/unused +compose +hint +A top-level network/,
    );
    const json = await stevedore('check', '--list-rules', '--format', 'json');
    assert.equal(json.code, 0);
    assert.deepEqual(JSON.parse(json.stdout), JSON.parse(JSON.stringify(ALL_RULES)));
    const withFile = await stevedore('check', '--list-rules', 'compose.yaml');
    assert.equal(withFile.code, 2);
    assert.match(withFile.stderr, /--list-rules takes no FILE/);
  });
});

describe('stevedore check into a pipe the reader closes early', () => {
  it('stops quietly with its exit code, no EPIPE stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sdw-epipe-'));
    const file = join(dir, 'compose.yaml');
    // Enough findings that the output outlasts a reader that takes one line.
    const services = Array.from({ length: 300 }, (_, i) => `  s${i}:\n    image: x:1\n    restartt: always\n`).join('');
    await writeFile(file, `services:\n${services}`);
    const child = spawn('sh', ['-c', `"${process.execPath}" "${cli}" check "${file}" | head -n 1`], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => child.on('close', resolve));
    assert.equal(stdout.trim().split('\n').length, 1);
    assert.match(stdout, /compose\/unknown-key/);
    assert.doesNotMatch(stderr, /EPIPE|Unhandled/, stderr);
  });
});
