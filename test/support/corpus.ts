import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createFsHost } from '../../server/src/fsHost';
import { createKubernetesSchemaSource } from '../../server/src/kubernetesSchemas';
import { createSourceFile, validate, type Diagnostic, type FileKind } from '../../server/src/service';
import { repoRoot } from './paths';

/**
 * The corpus of real-world files, part of the repository: test/corpus (its PROVENANCE.md gives each file's source
 * and licence). STEVEDORE_CORPUS points the same tests at another folder of the same layout.
 */
export const corpusRoot = process.env['STEVEDORE_CORPUS'] ?? join(repoRoot, 'test', 'corpus');

export function corpusFiles(folder: string): string[] {
  const dir = join(corpusRoot, folder);
  if (!existsSync(dir)) throw new Error(`corpus folder ${dir} not found`);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

const host = createFsHost();
const kubernetes = { schemas: createKubernetesSchemaSource() };

export function validateCorpusFile(path: string, kind: FileKind): Diagnostic[] {
  return validate(createSourceFile(pathToFileURL(path).href, 1, readFileSync(path, 'utf8'), kind), {
    host,
    kubernetes,
    onRuleError: (rule, error) => {
      throw new Error(`rule ${rule} failed on ${path}: ${String(error)}`);
    },
  });
}

export const errorsOf = (diagnostics: readonly Diagnostic[]): string[] =>
  diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`);
