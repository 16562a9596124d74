import { asRecord } from '../../compose/names';
import { pointerOf, type ComposeModel } from '../../compose/model';
import { resolveUri, type ProjectHost } from '../../host';
import type { Diagnostic } from '../../types';
import { CODE, coded } from '../registry';

export const missingFileMessage = (what: string, path: string): string =>
  `${what} '${path}' does not exist (yet): deploying needs it. Such files are often kept out of version control.`;

interface FileRef {
  readonly what: string;
  readonly path: string;
  readonly pointer: string;
}

const isRemote = (path: string): boolean => /^([a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)/i.test(path);

function serviceFiles(service: Record<string, unknown>, at: string): FileRef[] {
  const refs: FileRef[] = [];
  const envFile = service['env_file'];
  const envFiles = Array.isArray(envFile) ? envFile : envFile === undefined ? [] : [envFile];
  envFiles.forEach((entry, i) => {
    const pointer = Array.isArray(envFile) ? pointerOf(pointerOf(at, 'env_file'), i) : pointerOf(at, 'env_file');
    if (typeof entry === 'string') refs.push({ what: 'env_file', path: entry, pointer });
    else if (typeof asRecord(entry)['path'] === 'string' && asRecord(entry)['required'] !== false) {
      refs.push({ what: 'env_file', path: String(asRecord(entry)['path']), pointer: pointerOf(pointer, 'path') });
    }
  });
  const build = service['build'];
  const context = typeof build === 'string' ? build : asRecord(build)['context'];
  if (typeof context === 'string' && !isRemote(context)) {
    refs.push({
      what: 'build context',
      path: context,
      pointer: typeof build === 'string' ? pointerOf(at, 'build') : pointerOf(pointerOf(at, 'build'), 'context'),
    });
  }
  const extendsFile = asRecord(service['extends'])['file'];
  if (typeof extendsFile === 'string')
    refs.push({ what: 'extends file', path: extendsFile, pointer: pointerOf(pointerOf(at, 'extends'), 'file') });
  return refs;
}

/** Every local file the project names: env files, build contexts, extended and included files, secret and config files. */
export function referencedFiles(root: unknown): FileRef[] {
  const top = asRecord(root);
  const refs: FileRef[] = [];
  for (const [name, service] of Object.entries(asRecord(top['services'])))
    refs.push(...serviceFiles(asRecord(service), pointerOf('/services', name)));
  for (const section of ['secrets', 'configs'] as const) {
    for (const [name, definition] of Object.entries(asRecord(top[section]))) {
      const file = asRecord(definition)['file'];
      if (typeof file === 'string')
        refs.push({
          what: `${section.slice(0, -1)} file`,
          path: file,
          pointer: pointerOf(pointerOf(pointerOf('', section), name), 'file'),
        });
    }
  }
  const include = top['include'];
  if (Array.isArray(include)) {
    include.forEach((entry, i) => {
      const pointer = pointerOf('/include', i);
      const paths = typeof entry === 'string' ? [entry] : [asRecord(entry)['path']].flat();
      paths.forEach((path, j) => {
        if (typeof path === 'string')
          refs.push({
            what: 'included file',
            path,
            pointer:
              typeof entry === 'string'
                ? pointer
                : Array.isArray(asRecord(entry)['path'])
                  ? pointerOf(pointerOf(pointer, 'path'), j)
                  : pointerOf(pointer, 'path'),
          });
      });
    });
  }
  return refs;
}

/** Rule `compose/missing-file`: a warning, since secrets and env files are often created only where the stack deploys. */
export function missingFileDiagnostics(model: ComposeModel, fileUri: string, host: ProjectHost): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const ref of referencedFiles(model.value)) {
    if (model.info(ref.pointer)?.interpolation?.unresolved || host.exists(resolveUri(fileUri, ref.path.replace(/^~(?=\/)/, ''))))
      continue;
    if (ref.path.startsWith('~')) continue; // the deploying user's home: not ours to look in
    const range = model.valueRange(ref.pointer);
    if (range) out.push({ range, ...coded(CODE.composeMissingFile), message: missingFileMessage(ref.what, ref.path) });
  }
  return out;
}
