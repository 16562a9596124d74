/**
 * A Compose project as `docker compose config` would print it: every file merged, `extends` and `include` resolved,
 * variables interpolated, profiles applied, and every short syntax turned into the long one. The deploy engine (compose
 * projects and Swarm stacks) works from this shape only; nothing downstream reads YAML.
 *
 * Paths are absolute file-system paths (not URIs), because they are handed to the engine as they are.
 * Durations and sizes stay as written ("30s", "512m"); `durations.ts` converts them where the engine needs numbers.
 */

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface Dependency {
  readonly condition: DependencyCondition;
  /** Restart this service when the dependency is recreated (`depends_on.x.restart`). */
  readonly restart: boolean;
  /** `required: false`: a missing or failing dependency is a warning, not an error. */
  readonly required: boolean;
}

export interface PortConfig {
  readonly target: number;
  /** A port or a range ("8080", "8080-8081"), absent when the engine picks one. */
  readonly published?: string;
  readonly host_ip?: string;
  readonly protocol: 'tcp' | 'udp' | 'sctp';
  /** Swarm: `ingress` (routing mesh) or `host`. Compose ignores it. */
  readonly mode: 'ingress' | 'host';
  readonly name?: string;
  readonly app_protocol?: string;
}

export interface MountConfig {
  readonly type: 'volume' | 'bind' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  /** Volume key (as in the top-level `volumes:`), absolute host path for binds, absent for anonymous volumes. */
  readonly source?: string;
  readonly target: string;
  readonly read_only?: boolean;
  readonly consistency?: string;
  readonly bind?: { readonly propagation?: string; readonly create_host_path?: boolean; readonly selinux?: 'z' | 'Z' };
  readonly volume?: { readonly nocopy?: boolean; readonly subpath?: string };
  readonly tmpfs?: { readonly size?: number | string; readonly mode?: number };
}

export interface ServiceNetwork {
  readonly aliases?: readonly string[];
  readonly ipv4_address?: string;
  readonly ipv6_address?: string;
  readonly priority?: number;
}

/** A secret or config as a service uses it. */
export interface FileReference {
  readonly source: string;
  readonly target?: string;
  readonly uid?: string;
  readonly gid?: string;
  readonly mode?: number;
}

export interface HealthcheckConfig {
  /** `["CMD", …]`, `["CMD-SHELL", "…"]` or `["NONE"]`; a string test is turned into CMD-SHELL. */
  readonly test?: readonly string[];
  readonly interval?: string;
  readonly timeout?: string;
  readonly retries?: number;
  readonly start_period?: string;
  readonly start_interval?: string;
  readonly disable?: boolean;
}

export interface BuildConfig {
  /** Absolute path of the context folder (or a URL / git reference, as written). */
  readonly context: string;
  /** Relative to the context, as compose sends it to the engine. */
  readonly dockerfile?: string;
  readonly dockerfile_inline?: string;
  readonly args?: Readonly<Record<string, string | null>>;
  readonly target?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly [key: string]: unknown;
}

export type WatchAction = 'sync' | 'rebuild' | 'restart' | 'sync+restart' | 'sync+exec';

/** One `develop.watch` rule: `path` absolute; `ignore` patterns are relative to it. */
export interface WatchRule {
  readonly path: string;
  readonly action: WatchAction;
  /** Where `sync` copies to in the container (absolute). */
  readonly target?: string;
  readonly ignore: readonly string[];
  readonly include?: readonly string[];
  readonly initial_sync: boolean;
  readonly exec?: unknown;
}

export interface DevelopConfig {
  readonly watch: readonly WatchRule[];
}

/**
 * One service, normalised. Keys the engine code does not need typed (cap_add, user, working_dir, ulimits, …) are
 * kept as they were written, under their compose names.
 */
export interface ServiceConfig {
  readonly name: string;
  readonly image?: string;
  readonly build?: BuildConfig;
  /** Exec form; a string command is split as compose splits it (shell words). `[]` means "explicitly empty". */
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  /** `null`: declared without a value (`- FOO`), taken from the environment at run time if set there. */
  readonly environment: Readonly<Record<string, string | null>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly PortConfig[];
  readonly expose: readonly string[];
  readonly volumes: readonly MountConfig[];
  /** Absent when the service uses `network_mode`; otherwise at least `default`. */
  readonly networks?: Readonly<Record<string, ServiceNetwork>>;
  readonly network_mode?: string;
  readonly depends_on: Readonly<Record<string, Dependency>>;
  readonly secrets: readonly FileReference[];
  readonly configs: readonly FileReference[];
  readonly healthcheck?: HealthcheckConfig;
  readonly deploy?: Readonly<Record<string, unknown>>;
  /** `deploy.replicas` ?? `scale` ?? 1 (0 allowed). */
  readonly replicas: number;
  readonly profiles: readonly string[];
  readonly restart?: string;
  readonly container_name?: string;
  readonly pull_policy?: string;
  readonly develop?: DevelopConfig;
  readonly [key: string]: unknown;
}

export interface NetworkConfig {
  /** The engine's name: `name:` as written, else `<project>_<key>`; for external networks the name to look up. */
  readonly name: string;
  readonly external: boolean;
  readonly driver?: string;
  readonly driver_opts?: Readonly<Record<string, string>>;
  readonly attachable?: boolean;
  readonly internal?: boolean;
  readonly enable_ipv6?: boolean;
  readonly ipam?: Readonly<Record<string, unknown>>;
  readonly labels: Readonly<Record<string, string>>;
}

export interface VolumeConfig {
  readonly name: string;
  readonly external: boolean;
  readonly driver?: string;
  readonly driver_opts?: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
}

/** A top-level secret or config: exactly one source. */
export interface SecretConfig {
  readonly name: string;
  readonly external: boolean;
  /** Absolute path. */
  readonly file?: string;
  /** The name of a variable whose value is the content. */
  readonly environment?: string;
  /** Inline content (configs). */
  readonly content?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly driver?: string;
  readonly template_driver?: string;
}

export interface LoadProblem {
  /** Absolute path of the file the problem is in, when it is in one. */
  readonly file?: string;
  /** JSON pointer into that file, when known. */
  readonly pointer?: string;
  readonly message: string;
}

export interface ComposeProject {
  /** Normalised project name (lower case, `[a-z0-9_-]`). */
  readonly name: string;
  /** Absolute path of the project folder (the first file's folder, or `--project-directory`). */
  readonly workingDir: string;
  /** Absolute paths of the files, in merge order (the compose label `com.docker.compose.project.config_files`). */
  readonly configFiles: readonly string[];
  /** Absolute paths of the env files read (`.env` and `--env-file`). */
  readonly envFiles: readonly string[];
  /** The variables interpolation used (process environment over env files). */
  readonly environment: Readonly<Record<string, string>>;
  /** The active profiles (`--profile`, else `COMPOSE_PROFILES`; `*` enables every one); none for a stack. */
  readonly profiles: readonly string[];
  /** Services enabled by the active profiles. */
  readonly services: Readonly<Record<string, ServiceConfig>>;
  /** Services of the file left out by the active profiles. */
  readonly disabledServices: Readonly<Record<string, ServiceConfig>>;
  readonly networks: Readonly<Record<string, NetworkConfig>>;
  readonly volumes: Readonly<Record<string, VolumeConfig>>;
  readonly secrets: Readonly<Record<string, SecretConfig>>;
  readonly configs: Readonly<Record<string, SecretConfig>>;
}

export interface LoadOptions {
  /** Absolute paths of the files, as `-f` gives them; empty means the default file names in `workingDir`. */
  readonly files: readonly string[];
  /** `-p`: wins over everything else; must already be a normal name. */
  readonly projectName?: string;
  /** `--project-directory`; defaults to the first file's folder. */
  readonly projectDirectory?: string;
  /** The process environment (wins over `.env`). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
  /** `--env-file` paths; default: `<projectDirectory>/.env` when it exists. */
  readonly envFiles?: readonly string[];
  /** Active profiles; `COMPOSE_PROFILES` is read when absent. */
  readonly profiles?: readonly string[];
  /** Stack mode (`docker stack deploy`): no profiles, no `.env`, no override files. */
  readonly stack?: boolean;
}

/** The project, or the problems that stop it from loading (a deploy must not start from a half-read project). */
export type LoadResult =
  | { readonly ok: true; readonly project: ComposeProject; readonly warnings: readonly LoadProblem[] }
  | { readonly ok: false; readonly problems: readonly LoadProblem[] };
