import type { ProjectHost } from '../../host';
import { pointerOf } from '../composeModel';
import { asRecord } from '../names';
import {
  composeFileList,
  DEFAULT_COMPOSE_FILES,
  DOTENV,
  includesOf,
  overrideFileName,
  projectNameOf,
  readEnvironment,
} from '../projectFiles';
import { checkReferences, finalizeNetwork, finalizeSecret, finalizeService, finalizeVolume } from './finalize';
import { mergeValues, type TagLookup } from './merge';
import { normalizeService, type NormalizeContext } from './normalizeService';
import { dirnameOf, fileUriOf, resolvePath } from './paths';
import { readComposeFile, type LoadedFile } from './readFile';
import { activeProfiles, enabledBy } from './profiles';
import type { ComposeProject, LoadOptions, LoadProblem, LoadResult, ServiceConfig } from './types';

/**
 * Loads a Compose project (or a stack file) as `docker compose` (or `docker stack deploy`) reads it. The language
 * server's own pieces do the reading: the YAML parse, the interpolation and the `.env` reader are the ones the
 * diagnostics use, so the editor and a deploy never disagree about what a file says.
 */

type Raw = Record<string, unknown>;
const SECTIONS = ['networks', 'volumes', 'secrets', 'configs'] as const;

interface Loader {
  readonly host: ProjectHost;
  readonly env: Readonly<Record<string, string>>;
  readonly home: string | undefined;
  readonly problems: LoadProblem[];
  readonly tags: TagLookup[];
}

/** An env file's variables, or undefined when it cannot be read. */
function readEnvFile(host: ProjectHost, path: string): Map<string, string> | undefined {
  const { env, unreadable } = readEnvironment(host, [fileUriOf(path)]);
  return unreadable.length > 0 ? undefined : env;
}

function contextFor(loader: Loader, dir: string, file: string): NormalizeContext {
  return {
    dir,
    ...(loader.home ? { home: loader.home } : {}),
    readEnvFile: (path) => readEnvFile(loader.host, path),
    problem: (message) => loader.problems.push({ file, message }),
  };
}

/** Reads files and merges them in order, each service normalised against `dir`. */
function readAndMerge(loader: Loader, files: readonly string[], dir: string, env: Readonly<Record<string, string>>): Raw {
  let merged: Raw = {};
  for (const path of files) {
    const read = readComposeFile(loader.host, path, (name) => env[name]);
    if ('errors' in read) {
      for (const message of read.errors) loader.problems.push({ file: path, message });
      continue;
    }
    loader.tags.push(read.tagOf);
    const value = withNormalizedServices(loader, read, dir);
    merged = mergeValues(merged, value, '', read.tagOf) as Raw;
    mergeIncludes(loader, merged, read, dir);
  }
  return merged;
}

function withNormalizedServices(loader: Loader, read: LoadedFile, dir: string): Raw {
  const ctx = contextFor(loader, dir, read.path);
  const services = Object.fromEntries(
    Object.entries(asRecord(read.value['services'])).map(([name, raw]) => [name, normalizeService(asRecord(raw), ctx)]),
  );
  const value: Raw = { ...read.value, services };
  delete value['include'];
  return value;
}

/** `include:` — another project's files, read with their own folder and env files, added to this one. */
function mergeIncludes(loader: Loader, merged: Raw, read: LoadedFile, dir: string): void {
  for (const entry of includesOf(read.value)) {
    const paths = entry.paths.map((p) => resolvePath(dir, p, loader.home));
    if (paths.length === 0) continue;
    const projectDir =
      entry.projectDirectory !== undefined ? resolvePath(dir, entry.projectDirectory, loader.home) : dirnameOf(paths[0] ?? '');
    const envFiles = entry.envFiles.length > 0 ? entry.envFiles.map((p) => resolvePath(dir, p)) : [`${projectDir}/${DOTENV}`];
    const ownEnv = Object.fromEntries(readEnvironment(loader.host, envFiles.map(fileUriOf)).env);
    if (loader.tags.length > 40) {
      loader.problems.push({ file: read.path, message: 'include goes deeper than 40 files (a cycle?)' });
      return;
    }
    const included = readAndMerge(loader, paths, projectDir, { ...ownEnv, ...loader.env });
    for (const section of ['services', ...SECTIONS]) {
      const target = asRecord(merged[section]);
      for (const [key, value] of Object.entries(asRecord(included[section]))) {
        if (key in target && JSON.stringify(target[key]) !== JSON.stringify(value))
          loader.problems.push({
            file: read.path,
            message: `included ${paths.join(', ')} defines ${section} ${key}, which this project also defines`,
          });
        else target[key] = value;
      }
      merged[section] = target;
    }
  }
}

/** Resolves `extends` (same project, or another file read relative to itself), recursively, cycles reported. */
function resolveExtends(
  loader: Loader,
  services: Record<string, Raw>,
  name: string,
  file: string,
  dir: string,
  chain: string[],
): Raw {
  const service = services[name] ?? {};
  const spec = service['extends'];
  if (spec === undefined) return service;
  const record = typeof spec === 'string' ? { service: spec } : asRecord(spec);
  const baseName = typeof record['service'] === 'string' ? record['service'] : '';
  const key = `${file}#${baseName}`;
  if (chain.includes(key)) {
    loader.problems.push({ file, message: `extends of service ${name} loops: ${[...chain, key].join(' → ')}` });
    return service;
  }
  let base: Raw | undefined;
  if (typeof record['file'] === 'string') {
    const otherFile = resolvePath(dir, record['file'], loader.home);
    const other = readComposeFile(loader.host, otherFile, (v) => loader.env[v]);
    if ('errors' in other) other.errors.forEach((message) => loader.problems.push({ file: otherFile, message }));
    else {
      const otherServices = asRecord(withNormalizedServices(loader, other, dirnameOf(otherFile))['services']) as Record<
        string,
        Raw
      >;
      if (otherServices[baseName])
        base = resolveExtends(loader, otherServices, baseName, otherFile, dirnameOf(otherFile), [...chain, key]);
    }
  } else if (services[baseName]) {
    base = resolveExtends(loader, services, baseName, file, dir, [...chain, key]);
  }
  if (!base) {
    loader.problems.push({ file, message: `service ${name} extends ${baseName}, which is not defined` });
    return service;
  }
  const tagOf: TagLookup = (pointer) => loader.tags.map((t) => t(pointer)).find(Boolean);
  const result = mergeValues(base, service, pointerOf('/services', name), tagOf) as Raw;
  delete result['extends'];
  return result;
}

function environmentFor(
  host: ProjectHost,
  options: LoadOptions,
  dir: string,
  problems: LoadProblem[],
): { env: Record<string, string>; envFiles: readonly string[] } {
  const defaultEnv = `${dir}/${DOTENV}`;
  const envFiles = options.envFiles ?? (options.stack || !host.exists(fileUriOf(defaultEnv)) ? [] : [defaultEnv]);
  const { env, unreadable } = readEnvironment(host, envFiles.map(fileUriOf), options.environment);
  for (const path of envFiles)
    if (unreadable.includes(fileUriOf(path))) problems.push({ file: path, message: `env file ${path} cannot be read` });
  return { env: Object.fromEntries(env), envFiles };
}

function filesFor(host: ProjectHost, options: LoadOptions, dir: string, env: Record<string, string>): string[] {
  if (options.files.length > 0) return [...options.files];
  const listed = options.stack ? [] : composeFileList((name) => env[name]);
  if (listed.length > 0) return listed.map((f) => resolvePath(dir, f, env['HOME']));
  const base = DEFAULT_COMPOSE_FILES.map((f) => `${dir}/${f}`).find((p) => host.exists(fileUriOf(p)));
  if (!base) return [];
  const override = overrideFileName(base);
  return host.exists(fileUriOf(override)) ? [base, override] : [base];
}

export function loadProject(host: ProjectHost, options: LoadOptions): LoadResult {
  const problems: LoadProblem[] = [];
  const dir = options.projectDirectory ?? (options.files[0] ? dirnameOf(options.files[0]) : undefined);
  if (!dir) return { ok: false, problems: [{ message: 'no compose file given and no project directory' }] };
  const { env, envFiles } = environmentFor(host, options, dir, problems);
  const files = filesFor(host, options, dir, env);
  if (files.length === 0)
    return { ok: false, problems: [{ message: `no compose file in ${dir} (looked for ${DEFAULT_COMPOSE_FILES.join(', ')})` }] };
  const loader: Loader = { host, env, home: env['HOME'], problems, tags: [] };
  const merged = readAndMerge(loader, files, dir, env);
  if (problems.length > 0) return { ok: false, problems };

  const name = projectNameOf(options.projectName ?? env['COMPOSE_PROJECT_NAME'], merged['name'], dir, (message) =>
    problems.push({ message }),
  );
  const rawServices = asRecord(merged['services']) as Record<string, Raw>;
  const active = activeProfiles(env, options.profiles);
  const services: Record<string, ServiceConfig> = {};
  const disabledServices: Record<string, ServiceConfig> = {};
  for (const serviceName of Object.keys(rawServices)) {
    const service = finalizeService(serviceName, resolveExtends(loader, rawServices, serviceName, files[0] ?? '', dir, []));
    const enabled = options.stack || enabledBy(service.profiles, active);
    (enabled ? services : disabledServices)[serviceName] = service;
  }
  const section = (key: (typeof SECTIONS)[number]): Record<string, Raw> => asRecord(merged[key]) as Record<string, Raw>;
  const networks = Object.fromEntries(
    Object.entries(section('networks')).map(([k, v]) => [k, finalizeNetwork(name, k, asRecord(v))]),
  );
  const usesDefault = Object.values(services).some((s) => s.networks && 'default' in s.networks);
  if (usesDefault && !networks['default']) networks['default'] = finalizeNetwork(name, 'default', {});
  const project: ComposeProject = {
    name,
    workingDir: dir,
    configFiles: files,
    envFiles,
    environment: env,
    profiles: options.stack ? [] : active,
    services,
    disabledServices,
    networks,
    volumes: Object.fromEntries(Object.entries(section('volumes')).map(([k, v]) => [k, finalizeVolume(name, k, asRecord(v))])),
    secrets: Object.fromEntries(
      Object.entries(section('secrets')).map(([k, v]) => [k, finalizeSecret(name, k, asRecord(v), dir, loader.home)]),
    ),
    configs: Object.fromEntries(
      Object.entries(section('configs')).map(([k, v]) => [k, finalizeSecret(name, k, asRecord(v), dir, loader.home)]),
    ),
  };
  checkReferences(project, (message) => problems.push({ message }));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, project, warnings: [] };
}
