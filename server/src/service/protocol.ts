/**
 * The protocol between the language server and the extension, in one module both sides import: the custom request
 * (`stevedore/images`) and the commands the server's code lenses name, with the shape of each command's argument.
 * A lens can never name a command the extension lacks or pass an argument it cannot read, and the extension reads
 * arguments through `readCommandArgs` instead of casting them. Everything here is plain JSON: it crosses the LSP
 * connection.
 */

// ── The image-name request ─────────────────────────────────────────────────────────────────────────────────────
// The server never talks to an engine itself: for image-name completion it asks the extension, which answers from
// its own engine connection. A client that can answer says so in its capabilities (`experimental.stevedoreImages:
// true`); the server asks no other client, and waits at most IMAGES_TIMEOUT_MS.

export const IMAGES_REQUEST = 'stevedore/images';

/** The client capability (under `experimental`) that says the client answers IMAGES_REQUEST. */
export const IMAGES_CAPABILITY = 'stevedoreImages';

/** How long completion waits for the client's answer before it goes on without images. */
export const IMAGES_TIMEOUT_MS = 750;

export interface ImagesParams {
  /** The file being completed (an extension could pick the engine per folder). */
  readonly uri: string;
}

export interface LocalImage {
  /** `nginx`, `registry.example.com:5000/team/app`. */
  readonly repository: string;
  readonly tags: readonly string[];
}

/** No engine reachable: an empty list, not an error. */
export interface ImagesResult {
  readonly images: readonly LocalImage[];
}

// ── The commands the code lenses name ──────────────────────────────────────────────────────────────────────────

export const COMMANDS = {
  deploy: 'stevedore.deploy',
  scale: 'stevedore.scale',
  attachShell: 'stevedore.attachShell',
  logs: 'stevedore.logs',
  down: 'stevedore.down',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Deploy a file (all services, or these and their dependencies). */
export interface DeployArgs {
  readonly uri: string;
  readonly services?: readonly string[];
  /** A compose file a swarm could also run: deploy it as this, without asking (remembered for the file). */
  readonly as?: 'compose' | 'stack';
}

/** A service of a deployed compose project or swarm stack (scale, shell, logs). */
export interface ServiceArgs {
  readonly project?: string;
  readonly stack?: string;
  readonly service: string;
  /** scale: the count, without asking. */
  readonly replicas?: number;
  /** scale: the file the service is written in (a `file:` URI), where the new count can be written back. */
  readonly file?: string;
  /** scale: write the count back to `file` without asking (true), or do not offer (false). */
  readonly writeBack?: boolean;
}

/** Logs of a service (a lens), or of one swarm task (a tree item: its id and the label to show). */
export interface LogsArgs {
  readonly project?: string;
  readonly stack?: string;
  readonly service?: string;
  readonly task?: string;
  readonly label?: string;
}

/** A project or stack (down). */
export interface DeploymentArgs {
  readonly project?: string;
  readonly stack?: string;
  /** down: skip the confirmation (tests, scripts). */
  readonly confirmed?: boolean;
}

/** Each command's argument. */
export interface CommandArgs {
  readonly [COMMANDS.deploy]: DeployArgs;
  readonly [COMMANDS.scale]: ServiceArgs;
  readonly [COMMANDS.attachShell]: ServiceArgs;
  readonly [COMMANDS.logs]: LogsArgs;
  readonly [COMMANDS.down]: DeploymentArgs;
}

/** A command with its argument, as a lens carries it: the id decides the argument's type. */
export type CommandCall = { [K in CommandId]: { readonly command: K; readonly args: CommandArgs[K] } }[CommandId];

// ── Reading an argument on the extension's side ────────────────────────────────────────────────────────────────

/** A field's JSON type: a string, a number, a boolean, a list of strings, or one of these strings. */
type FieldType = 'string' | 'number' | 'boolean' | 'strings' | readonly string[];

const SERVICE_FIELDS = {
  project: 'string',
  stack: 'string',
  service: 'string',
  replicas: 'number',
  file: 'string',
  writeBack: 'boolean',
} as const;

/** Every field of every argument, with its type: the compiler checks that no field of an interface is missing. */
const FIELDS: { readonly [K in CommandId]: { readonly [F in keyof CommandArgs[K]]-?: FieldType } } = {
  [COMMANDS.deploy]: { uri: 'string', services: 'strings', as: ['compose', 'stack'] },
  [COMMANDS.scale]: SERVICE_FIELDS,
  [COMMANDS.attachShell]: SERVICE_FIELDS,
  [COMMANDS.logs]: { project: 'string', stack: 'string', service: 'string', task: 'string', label: 'string' },
  [COMMANDS.down]: { project: 'string', stack: 'string', confirmed: 'boolean' },
};

function fits(value: unknown, type: FieldType): boolean {
  if (type === 'strings') return Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (typeof type !== 'string') return typeof value === 'string' && type.includes(value);
  return typeof value === type;
}

/**
 * The fields of a command's argument that have their declared type. An argument comes from anywhere (a lens, a
 * tree item with fields of its own, a test, a keybinding, nothing at all), so every field is optional here: a
 * field that is missing or of another type is left out, never trusted.
 */
export function readCommandArgs<K extends CommandId>(command: K, value: unknown): Partial<CommandArgs[K]> {
  const read: Record<string, unknown> = {};
  for (const [field, type] of Object.entries<FieldType>(FIELDS[command])) {
    const given: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, field) : undefined;
    if (fits(given, type)) read[field] = given;
  }
  // Sound by construction: FIELDS lists every field of CommandArgs[K] with its type, and only fields that fit are read.
  return read as Partial<CommandArgs[K]>;
}
