import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { createSourceFile, validate, type FileKind } from '../../server/src/service';
import { repoRoot } from '../support/paths';

const examples = join(repoRoot, 'examples');
const yamlFiles = readdirSync(examples, { recursive: true, encoding: 'utf8' })
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => join(examples, f));

const expectedKind = (path: string): FileKind => (/docker-stack/.test(path) ? 'stack' : 'compose');

describe('examples/', () => {
  it('has the registry-free stack and both corporate applications, as compose and stack files', () => {
    const names = yamlFiles.map((f) => relative(examples, f)).sort();
    for (const app of ['hello', 'wordpress', 'nextcloud']) {
      assert.ok(names.includes(`${app}/compose.yaml`), `${app}/compose.yaml`);
      assert.ok(names.includes(`${app}/docker-stack.yml`), `${app}/docker-stack.yml`);
    }
  });

  for (const file of yamlFiles) {
    it(`${relative(examples, file)} is a clean ${expectedKind(file)} file`, () => {
      const source = createSourceFile(pathToFileURL(file).href, 1, readFileSync(file, 'utf8'));
      assert.equal(source.kind, expectedKind(file));
      assert.deepEqual(validate(source), []);
    });
  }
});
