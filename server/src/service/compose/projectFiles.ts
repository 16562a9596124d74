import { hostOf, type ValidationContext } from '../context';
import { asRecord, dirnameUri, includedFiles, nearbyComposeFiles, resolveUri, siblingFiles } from '@stevedore/model';
import { createSourceFile, type SourceFile } from '../sourceFile';
import { environmentOf } from './project';

/** More files than this in one project is not a project anyone navigates by hand; stop there. */
const MAX_FILES = 40;

/** Reads the other files of a project through the host, each once per request (the open ones with their unsaved text). */
export class ProjectReader {
  private readonly files = new Map<string, SourceFile | undefined>();
  private readonly listed = new Map<string, string[]>();

  constructor(
    readonly start: SourceFile,
    readonly context: ValidationContext | undefined,
  ) {
    this.files.set(start.uri, start);
  }

  read(uri: string): SourceFile | undefined {
    if (!this.files.has(uri)) {
      const text = hostOf(this.context).readFile(uri);
      this.files.set(uri, text === undefined ? undefined : createSourceFile(uri, 0, text, 'compose'));
    }
    return this.files.get(uri);
  }

  root(uri: string): unknown {
    const file = this.read(uri);
    try {
      return file?.yaml.documents[0]?.toJS({ maxAliasCount: 1000 }) as unknown;
    } catch {
      return undefined;
    }
  }

  /** Compose files in the folder of `uri` and its parent: the candidates that may include or extend it. */
  nearby(uri: string): string[] {
    const folder = dirnameUri(uri);
    let found = this.listed.get(folder);
    if (!found) {
      found = nearbyComposeFiles(hostOf(this.context), uri);
      this.listed.set(folder, found);
    }
    return found;
  }
}

/** The files `extends.file` of this file's services names. */
export function extendedFiles(uri: string, root: unknown): string[] {
  return Object.values(asRecord(asRecord(root)['services']))
    .map((service) => asRecord(asRecord(service)['extends'])['file'])
    .filter((f): f is string => typeof f === 'string')
    .map((f) => resolveUri(uri, f));
}

/** Files whose names one project shares: included files, the override or base file, COMPOSE_FILE's files. */
function sharedWith(reader: ProjectReader, uri: string): string[] {
  return [...includedFiles(uri, reader.root(uri)), ...siblingFiles(uri, environmentOf(uri, reader.context))];
}

/**
 * Whether `candidate` may include `uri` or be its override/base file: it names the file, or the two names pair up. A
 * folder of many compose files is then not parsed file by file on every request.
 */
function mayName(reader: ProjectReader, candidate: string, uri: string): boolean {
  const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  const stem = (u: string): string => decodeURIComponent(u.slice(u.lastIndexOf('/') + 1)).replace(/(\.override)?\.ya?ml$/, '');
  return stem(candidate) === stem(uri) || (reader.read(candidate)?.text.includes(name) ?? false);
}

/**
 * The files whose services, networks, volumes, secrets and configs are one namespace with `start`'s: what it includes
 * and what includes it, its override or base file, COMPOSE_FILE's list, followed transitively. (Files named by
 * `extends.file` are not part of it: only the one extended service is.)
 */
export function projectGroup(reader: ProjectReader, start: string): string[] {
  const group = [start];
  for (let i = 0; i < group.length && group.length < MAX_FILES; i++) {
    const uri = group[i] ?? '';
    const linked = [
      ...sharedWith(reader, uri),
      ...reader
        .nearby(uri)
        .filter(
          (candidate) =>
            !group.includes(candidate) && mayName(reader, candidate, uri) && sharedWith(reader, candidate).includes(uri),
        ),
    ];
    for (const other of linked) if (!group.includes(other) && reader.read(other)) group.push(other);
  }
  return group;
}
