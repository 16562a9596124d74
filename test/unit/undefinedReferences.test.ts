import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKnownFragment, projectDefinitions, readProjectFile } from '@stevedore/model';
import { createSourceFile, validate, type ValidationContext } from '../../server/src/service';
import { lineEndings } from '../support/fixture';
import { memoryHost } from '../support/memoryHost';

const UNDEFINED = 'compose/undefined-reference';
/** A service that names one undefined thing of each section. */
const USES_ALL =
  'services:\n  web:\n    image: a\n    depends_on: [db]\n    networks: [back]\n    volumes: ["data:/d"]\n    secrets: [token]\n    configs: [conf]\n';

/** The severities of compose/undefined-reference on `path` (its text `text`), with `files` beside it. */
function severities(
  path: string,
  text: string,
  files: Readonly<Record<string, string>> = {},
  context: ValidationContext = { host: memoryHost({ ...files, [path]: text }) },
): string[] {
  return validate(createSourceFile(`file://${path}`, 1, text), context)
    .filter((d) => d.code === UNDEFINED)
    .map((d) => d.severity);
}

describe('undefined references: errors where compose and docker stack deploy refuse the file', () => {
  for (const eol of lineEndings) {
    it(`a compose.yaml that is its whole project (${eol.name})`, () => {
      assert.deepEqual(severities('/w/compose.yaml', eol.apply(USES_ALL)), Array(5).fill('error'));
    });
    it(`a docker-compose.yml whose override defines none of them (${eol.name})`, () => {
      const files = { '/w/docker-compose.override.yml': eol.apply('services:\n  web:\n    environment: [A=1]\n') };
      assert.deepEqual(severities('/w/docker-compose.yml', eol.apply(USES_ALL), files), Array(5).fill('error'));
    });
    it(`a stack file on its own (${eol.name})`, () => {
      const text = eol.apply('version: "3.8"\nservices:\n  web:\n    image: a\n    networks: [back]\n');
      assert.deepEqual(severities('/w/docker-stack.yml', text), ['error']);
    });
  }
  it('a name the override defines is no problem at all', () => {
    const files = { '/w/compose.override.yaml': 'networks:\n  back: {}\n' };
    const text = 'services:\n  web:\n    image: a\n    networks: [back]\n';
    assert.deepEqual(severities('/w/compose.yaml', text, files), []);
  });
});

describe('undefined references: warnings in a known fragment of a project', () => {
  const text = 'services:\n  web:\n    image: a\n    networks: [back]\n';
  for (const eol of lineEndings) {
    it(`an override beside its base file (${eol.name})`, () => {
      const files = { '/w/compose.yaml': eol.apply('services:\n  web:\n    image: a\n') };
      assert.deepEqual(severities('/w/compose.override.yaml', eol.apply(text), files), ['warning']);
    });
  }
  it('another file beside a base file (docker-compose.prod.yml)', () => {
    const files = { '/w/docker-compose.yml': 'services:\n  web:\n    image: a\n' };
    assert.deepEqual(severities('/w/docker-compose.prod.yml', text, files), ['warning']);
  });
  it('a file COMPOSE_FILE names together with others', () => {
    const files = { '/w/.env': 'COMPOSE_FILE=compose.yaml:compose.ci.yaml\n' };
    assert.deepEqual(severities('/w/compose.yaml', text, files), ['warning']);
  });
  it('a file another compose file includes', () => {
    const files = { '/w/compose.yaml': 'include:\n  - sub/compose.yaml\nservices:\n  api:\n    image: b\n' };
    assert.deepEqual(severities('/w/sub/compose.yaml', text, files), ['warning']);
  });
  it('a stack file beside a compose file it overlays', () => {
    const files = { '/w/docker-compose.yml': 'services:\n  web:\n    image: a\n' };
    assert.deepEqual(severities('/w/docker-stack.yml', `version: "3.8"\n${text}`, files), ['warning']);
  });
  it('a file compose reads only with -f (another name)', () => {
    assert.deepEqual(severities('/w/web.yaml', text), ['warning']);
  });
  it('a file whose other files cannot be read (no host: the override may exist)', () => {
    assert.deepEqual(severities('/w/compose.yaml', text, {}, {}), ['warning']);
  });
});

describe('model: isKnownFragment', () => {
  const host = memoryHost({
    '/w/compose.yaml': 'include: [lib/compose.yaml]\n',
    '/w/lib/compose.yaml': 'services: {}\n',
    '/w/other/compose.yaml': 'services: {}\n',
  });
  const fragment = (uri: string, env = new Map<string, string>()): boolean =>
    isKnownFragment(host, uri, env, projectDefinitions(host, uri, readProjectFile(host, uri), env));
  it('knows an included file from one that stands alone', () => {
    assert.equal(fragment('file:///w/lib/compose.yaml'), true);
    assert.equal(fragment('file:///w/other/compose.yaml'), false);
    assert.equal(fragment('file:///w/compose.yaml'), false);
  });
  it('takes a COMPOSE_FILE of one file for a whole project', () => {
    assert.equal(fragment('file:///w/other/compose.yaml', new Map([['COMPOSE_FILE', 'compose.yaml']])), false);
  });
});
