import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  composeFileList,
  includedFiles,
  includesOf,
  loadProject,
  pairedFileName,
  projectDefinitions,
  projectNameOf,
  readEnvironment,
  siblingFiles,
} from '@stevedore/model';
import { memoryHost } from '../support/memoryHost';

describe("model: a project's files", () => {
  it('pairs a default file with its override, both ways, and nothing else', () => {
    assert.equal(pairedFileName('compose.yaml'), 'compose.override.yaml');
    assert.equal(pairedFileName('docker-compose.override.yml'), 'docker-compose.yml');
    assert.equal(pairedFileName('web.yaml'), undefined);
  });
  it('splits COMPOSE_FILE as compose does, by COMPOSE_PATH_SEPARATOR when it is set', () => {
    assert.deepEqual(
      composeFileList(() => undefined),
      [],
    );
    assert.deepEqual(
      composeFileList((n) => ({ COMPOSE_FILE: 'a.yaml:b.yaml;c.yaml' })[n]),
      ['a.yaml', 'b.yaml', 'c.yaml'],
    );
    const withSeparator: Record<string, string> = { COMPOSE_FILE: 'a.yaml|b.yaml', COMPOSE_PATH_SEPARATOR: '|' };
    assert.deepEqual(
      composeFileList((n) => withSeparator[n]),
      ['a.yaml', 'b.yaml'],
    );
  });
  it('reads include: in its short and long forms', () => {
    const root = { include: ['a.yaml', { path: ['b.yaml', 'c.yaml'], project_directory: 'x', env_file: 'x/.env' }] };
    assert.deepEqual(includesOf(root), [
      { paths: ['a.yaml'], envFiles: [] },
      { paths: ['b.yaml', 'c.yaml'], projectDirectory: 'x', envFiles: ['x/.env'] },
    ]);
    assert.deepEqual(includedFiles('file:///w/compose.yaml', root), ['file:///w/a.yaml', 'file:///w/b.yaml', 'file:///w/c.yaml']);
  });
  it('finds the override and COMPOSE_FILE siblings of a file', () => {
    const env = new Map([['COMPOSE_FILE', 'compose.yaml:ci/extra.yaml']]);
    assert.deepEqual(siblingFiles('file:///w/compose.yaml', env), ['file:///w/compose.override.yaml', 'file:///w/ci/extra.yaml']);
  });
  it('layers env files and explicit values, and says which files are missing', () => {
    const host = memoryHost({ '/w/.env': 'A=1\nB=1\n', '/w/more.env': 'B=2\n' });
    const { env, unreadable } = readEnvironment(host, ['file:///w/.env', 'file:///w/more.env', 'file:///w/gone.env'], {
      A: 'x',
      C: undefined,
    });
    assert.deepEqual(Object.fromEntries(env), { A: 'x', B: '2' });
    assert.deepEqual(unreadable, ['file:///w/gone.env']);
  });
  it('knows the names of every file of the project, and whether all could be read', () => {
    const host = memoryHost({
      '/w/compose.override.yaml': 'networks: {front: {}}\n',
      '/w/lib.yaml': 'volumes: {data: {}}\n',
    });
    const definitions = projectDefinitions(host, 'file:///w/compose.yaml', { include: ['lib.yaml'] }, new Map());
    assert.deepEqual([...definitions.names.networks, ...definitions.names.volumes], ['front', 'data']);
    assert.equal(definitions.allRead, true);
    const unreadable = { readFile: () => undefined, exists: () => true };
    assert.equal(projectDefinitions(unreadable, 'file:///w/compose.yaml', {}, new Map()).allRead, false);
  });
  it("names a project as compose does: -p, then name:, then the folder's name normalised", () => {
    const problems: string[] = [];
    const problem = (message: string): void => {
      problems.push(message);
    };
    assert.equal(projectNameOf('shop', 'ignored', '/w/x', problem), 'shop');
    assert.equal(projectNameOf(undefined, 'Mine', '/w/x', problem), 'mine');
    assert.equal(projectNameOf(undefined, undefined, '/w/My_Shop', problem), 'my_shop');
    assert.deepEqual(problems, []);
    projectNameOf('Bad Name', undefined, '/w', problem);
    assert.match(problems[0] ?? '', /must be lower case/);
  });
  it('the loader reads the same files: COMPOSE_FILE with its separator from .env', () => {
    const host = memoryHost({
      '/w/.env': 'COMPOSE_FILE=a.yaml|b.yaml\nCOMPOSE_PATH_SEPARATOR=|\n',
      '/w/a.yaml': 'services:\n  web:\n    image: a\n',
      '/w/b.yaml': 'services:\n  web:\n    image: b\n',
    });
    const result = loadProject(host, { files: [], projectDirectory: '/w' });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.project.configFiles, ['/w/a.yaml', '/w/b.yaml']);
    assert.equal(result.project.services['web']?.image, 'b');
  });
});
