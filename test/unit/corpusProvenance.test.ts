import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { repoRoot } from '../support/paths';

// The corpus ships with the repository, and only what may be redistributed: every file has its source, commit and
// licence in PROVENANCE.md, and the licence texts those licences ask for are in LICENSES/.
const corpus = join(repoRoot, 'test', 'corpus');
const folders = ['compose', 'stack', 'kubernetes'];
const redistributable = new Set(['Apache-2.0', 'MIT', 'CC0-1.0']);

interface Row {
  file: string;
  repo: string;
  commit: string;
  licence: string;
}

/** The rows of PROVENANCE.md's per-folder tables (`## compose/valid`, …), with the file path made corpus-relative. */
function provenanceRows(): Row[] {
  const rows: Row[] = [];
  let section = '';
  for (const line of readFileSync(join(corpus, 'PROVENANCE.md'), 'utf8').split('\n')) {
    section = /^## (\S+\/\S+)$/.exec(line)?.[1] ?? (line.startsWith('## ') ? '' : section);
    const cells = line.split('|').map((c) => c.trim());
    if (!folders.some((f) => section.startsWith(`${f}/`)) || cells.length < 7 || /^(file|-+)$/.test(cells[1] ?? '')) continue;
    rows.push({ file: `${section}/${cells[1]}`, repo: cells[2] ?? '', commit: cells[4] ?? '', licence: cells[5] ?? '' });
  }
  return rows;
}

const corpusPaths = (): string[] =>
  folders.flatMap((folder) =>
    readdirSync(join(corpus, folder), { recursive: true, encoding: 'utf8' })
      .filter((f) => existsSync(join(corpus, folder, f)) && /\.(ya?ml|expected)$/.test(f))
      .map((f) => `${folder}/${f}`),
  );

describe('test/corpus provenance', () => {
  const rows = provenanceRows();
  const files = corpusPaths();

  it('gives every corpus file a source, a commit and a licence that allows redistribution', () => {
    const described = new Set(rows.map((r) => r.file));
    const fixtures = files.filter((f) => !f.endsWith('.expected'));
    assert.ok(fixtures.length > 250, `${fixtures.length} files`);
    assert.deepEqual(
      fixtures.filter((f) => !described.has(f)),
      [],
    );
    assert.deepEqual(
      rows.filter((r) => !r.repo.includes('/') || !/^[0-9a-f]{12,40}$/.test(r.commit) || !redistributable.has(r.licence)),
      [],
    );
  });

  it('describes no file that is not there, and every .expected sidecar sits beside its fixture', () => {
    assert.deepEqual(
      rows.filter((r) => !existsSync(join(corpus, r.file))).map((r) => r.file),
      [],
    );
    const sidecars = files.filter((f) => f.endsWith('.expected'));
    assert.ok(sidecars.length > 0);
    assert.deepEqual(
      sidecars.filter((f) => !existsSync(join(corpus, f.slice(0, -'.expected'.length)))),
      [],
    );
  });

  it('ships the licence text each licence asks for: Apache-2.0 with the notices, MIT with each copyright line', () => {
    const licences = join(corpus, 'LICENSES');
    assert.match(readFileSync(join(licences, 'Apache-2.0.txt'), 'utf8'), /Apache License\s+Version 2\.0/);
    assert.match(readFileSync(join(licences, 'NOTICE.md'), 'utf8'), /docker\/cli/);
    const mitRepos = [...new Set(rows.filter((r) => r.licence === 'MIT').map((r) => r.repo))];
    assert.ok(mitRepos.length > 0);
    for (const repo of mitRepos) {
      const text = readFileSync(join(licences, `MIT-${repo.replace('/', '--')}.txt`), 'utf8');
      assert.match(text, /Copyright \(c\) \d{4}/, repo);
      assert.match(text, /Permission is hereby granted, free of charge/, repo);
    }
  });
});
