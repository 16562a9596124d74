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

// ── The topology request ───────────────────────────────────────────────────────────────────────────────────────
// The extension's graph view asks the server for the graph of a Compose project, a stack or the folder of a
// Kubernetes manifest, built from the same model as the diagnostics (no second parser in the extension).

export const TOPOLOGY_REQUEST = 'stevedore/topology';

export interface TopologyParams {
  /** An open Compose, stack or Kubernetes file. */
  readonly uri: string;
}

export interface TopologyPosition {
  readonly line: number;
  readonly character: number;
}

export interface TopologyNode {
  /** Unique in the graph: `service:web`, `network:back`, `Deployment:default/api`. */
  readonly id: string;
  /** `service`, `network`, `volume`, `secret`, `config`, `port`, or a Kubernetes kind. */
  readonly kind: string;
  readonly label: string;
  /** A second line: replicas, image, port protocol. */
  readonly detail?: string;
  /** Where it is defined (for click-to-open); absent for what is defined elsewhere or implicitly. */
  readonly uri?: string;
  readonly range?: { readonly start: TopologyPosition; readonly end: TopologyPosition };
  /** Named but defined nowhere: the edges to it are dangling. */
  readonly missing?: boolean;
  /** A Compose service's name, for its live state. */
  readonly service?: string;
}

export interface TopologyEdge {
  readonly from: string;
  readonly to: string;
  /** `depends_on`, `network`, `mount`, `secret`, `config`, `publishes`, `links`, `extends`, `selector`, `envFrom`… */
  readonly kind: string;
  /** depends_on's condition, a mount's target, a port mapping. */
  readonly label?: string;
  /** It points at something defined nowhere. */
  readonly missing?: boolean;
}

export interface Topology {
  readonly uri: string;
  readonly kind: 'compose' | 'stack' | 'kubernetes';
  /** The project's, stack's or folder's name, for the title. */
  readonly name: string;
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  /** depends_on cycles: node ids, the first repeated at the end. */
  readonly cycles: readonly (readonly string[])[];
}

/** A file with no graph (plain YAML, unparsable): a reason instead. */
export type TopologyResult = Topology | { readonly uri: string; readonly unavailable: string };

// ── The extension's commands ───────────────────────────────────────────────────────────────────────────────────
// The code lenses name deploy, scale, attachShell, logs and down; the others come from the views, the editor title
// and the palette. All are declared here with their argument, so that the extension registers exactly these.

export const COMMANDS = {
  deploy: 'stevedore.deploy',
  scale: 'stevedore.scale',
  attachShell: 'stevedore.attachShell',
  logs: 'stevedore.logs',
  down: 'stevedore.down',
  showEngine: 'stevedore.showEngine',
  showServerLog: 'stevedore.showServerLog',
  selectEngine: 'stevedore.selectEngine',
  attachShellAs: 'stevedore.attachShellAs',
  restart: 'stevedore.restart',
  saveImage: 'stevedore.saveImage',
  removeStack: 'stevedore.removeStack',
  drainNode: 'stevedore.nodes.drain',
  activateNode: 'stevedore.nodes.activate',
  pauseNode: 'stevedore.nodes.pause',
  addNodeLabel: 'stevedore.nodes.addLabel',
  removeNodeLabel: 'stevedore.nodes.removeLabel',
  watch: 'stevedore.watch',
  pause: 'stevedore.pause',
  unpause: 'stevedore.unpause',
  recreate: 'stevedore.recreate',
  openInBrowser: 'stevedore.openInBrowser',
  pull: 'stevedore.pull',
  inspect: 'stevedore.inspect',
  copyInto: 'stevedore.copyInto',
  copyFrom: 'stevedore.copyFrom',
  removeResource: 'stevedore.resources.remove',
  tagImage: 'stevedore.resources.tagImage',
  pruneImages: 'stevedore.resources.pruneImages',
  pruneVolumes: 'stevedore.resources.pruneVolumes',
  pruneNetworks: 'stevedore.resources.pruneNetworks',
  showTopology: 'stevedore.showTopology',
  exportTopology: 'stevedore.exportTopology',
  showStats: 'stevedore.showStats',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Deploy a file (all services, or these and their dependencies). */
export interface DeployArgs {
  readonly uri: string;
  readonly services?: readonly string[];
  /** A compose file a swarm could also run: deploy it as this, without asking (remembered for the file). */
  readonly as?: 'compose' | 'stack';
  /** A compose file that declares profiles: enable these, without asking (remembered for the file). */
  readonly profiles?: readonly string[];
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

/**
 * A shell: in a service's replica (a lens: `{ project | stack, service }`, with `replica`: one by name, or `all`),
 * in a container or a swarm task (tree items), with a shell, user and folder used (and remembered) without asking.
 */
export interface ShellArgs {
  readonly project?: string;
  readonly stack?: string;
  readonly service?: string;
  readonly replica?: string;
  readonly container?: string;
  readonly task?: string;
  readonly label?: string;
  readonly shell?: string;
  readonly user?: string;
  readonly workingDir?: string;
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

/** A container (a tree item: its id and the label to show), else a service as in ServiceArgs (restart, save image). */
export interface ContainerArgs {
  readonly container?: string;
  readonly label?: string;
  readonly project?: string;
  readonly stack?: string;
  readonly service?: string;
  /** save image: the `name:tag` to commit as, without asking. */
  readonly image?: string;
}

/** A swarm node (a Nodes view item, or a hostname or id), and what to do to it without asking. */
export interface NodeArgs {
  readonly node?: string;
  readonly hostname?: string;
  /** The version the item showed: an update then refuses a node changed since. */
  readonly version?: number;
  /** drain, labels: skip the confirmation. */
  readonly confirmed?: boolean;
  /** add label: `key=value`. */
  readonly label?: string;
  /** remove label: its key. */
  readonly key?: string;
}

/** Watch on or off for a deployed compose project (a tree item's `project`, or a file's project from `uri`). */
export interface WatchArgs {
  readonly project?: string;
  readonly uri?: string;
  /** true: start, false: stop; absent: toggle. */
  readonly watch?: boolean;
}

/** Copy into or out of a container (ContainerArgs's target), with the paths given instead of asked. */
export interface CopyArgs extends ContainerArgs {
  /** Into: the host file or folder to copy; out: the host folder to copy into. */
  readonly hostPath?: string;
  /** Into: the container folder to copy into; out: the container file or folder to copy. */
  readonly containerPath?: string;
}

/** An image, volume or network (an item of their views: kind, id and name), and for tag the new `repository:tag`. */
export interface ResourceArgs {
  readonly kind?: 'image' | 'volume' | 'network';
  readonly id?: string;
  readonly name?: string;
  /** tag: the reference to add, without asking. */
  readonly tag?: string;
  /** remove: skip the confirmation. */
  readonly confirmed?: boolean;
}

/** A prune: what it may take (a label `key[=value]`, a name prefix), and whether to skip the confirmation. */
export interface PruneArgs {
  readonly label?: string;
  readonly namePrefix?: string;
  readonly confirmed?: boolean;
}

/**
 * A file whose graph to show or export (the active editor's when absent), or a deployed compose project (a tree
 * item: the graph of the file it was deployed from); export: the `file:` URI to write.
 */
export interface TopologyArgs {
  readonly uri?: string;
  readonly project?: string;
  readonly file?: string;
}

/** A command that reads no argument. */
export type NoArgs = Readonly<Record<never, never>>;

/** Each command's argument. */
export interface CommandArgs {
  readonly [COMMANDS.deploy]: DeployArgs;
  readonly [COMMANDS.scale]: ServiceArgs;
  readonly [COMMANDS.attachShell]: ShellArgs;
  readonly [COMMANDS.logs]: LogsArgs;
  readonly [COMMANDS.down]: DeploymentArgs;
  readonly [COMMANDS.showEngine]: NoArgs;
  readonly [COMMANDS.showServerLog]: NoArgs;
  /** An engine address (`unix:///…`, `tcp://…`, `ssh://…`) or a docker context's name, used without asking. */
  readonly [COMMANDS.selectEngine]: string;
  readonly [COMMANDS.attachShellAs]: ShellArgs;
  readonly [COMMANDS.restart]: ContainerArgs;
  readonly [COMMANDS.saveImage]: ContainerArgs;
  readonly [COMMANDS.removeStack]: DeploymentArgs;
  readonly [COMMANDS.drainNode]: NodeArgs;
  readonly [COMMANDS.activateNode]: NodeArgs;
  readonly [COMMANDS.pauseNode]: NodeArgs;
  readonly [COMMANDS.addNodeLabel]: NodeArgs;
  readonly [COMMANDS.removeNodeLabel]: NodeArgs;
  readonly [COMMANDS.watch]: WatchArgs;
  readonly [COMMANDS.pause]: ContainerArgs;
  readonly [COMMANDS.unpause]: ContainerArgs;
  readonly [COMMANDS.recreate]: ContainerArgs;
  readonly [COMMANDS.openInBrowser]: ContainerArgs;
  /** Pull the images of a file's project (`uri`; the active file when absent). */
  readonly [COMMANDS.pull]: DeployArgs;
  readonly [COMMANDS.inspect]: ContainerArgs;
  readonly [COMMANDS.copyInto]: CopyArgs;
  readonly [COMMANDS.copyFrom]: CopyArgs;
  readonly [COMMANDS.removeResource]: ResourceArgs;
  readonly [COMMANDS.tagImage]: ResourceArgs;
  readonly [COMMANDS.pruneImages]: PruneArgs;
  readonly [COMMANDS.pruneVolumes]: PruneArgs;
  readonly [COMMANDS.pruneNetworks]: PruneArgs;
  readonly [COMMANDS.showTopology]: TopologyArgs;
  readonly [COMMANDS.exportTopology]: TopologyArgs;
  readonly [COMMANDS.showStats]: DeploymentArgs;
}

/** The commands whose argument is an object of fields (all but selectEngine, whose argument is a string). */
export type ObjectCommandId = { [K in CommandId]: CommandArgs[K] extends string ? never : K }[CommandId];

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

const SHELL_FIELDS = {
  project: 'string',
  stack: 'string',
  service: 'string',
  replica: 'string',
  container: 'string',
  task: 'string',
  label: 'string',
  shell: 'string',
  user: 'string',
  workingDir: 'string',
} as const;
const CONTAINER_FIELDS = {
  container: 'string',
  label: 'string',
  project: 'string',
  stack: 'string',
  service: 'string',
  image: 'string',
} as const;
const DEPLOYMENT_FIELDS = { project: 'string', stack: 'string', confirmed: 'boolean' } as const;
const NODE_FIELDS = {
  node: 'string',
  hostname: 'string',
  version: 'number',
  confirmed: 'boolean',
  label: 'string',
  key: 'string',
} as const;

const RESOURCE_FIELDS = {
  kind: ['image', 'volume', 'network'],
  id: 'string',
  name: 'string',
  tag: 'string',
  confirmed: 'boolean',
} as const;
const PRUNE_FIELDS = { label: 'string', namePrefix: 'string', confirmed: 'boolean' } as const;

/** Every field of every argument, with its type: the compiler checks that no field of an interface is missing. */
const FIELDS: { readonly [K in ObjectCommandId]: { readonly [F in keyof CommandArgs[K]]-?: FieldType } } = {
  [COMMANDS.deploy]: { uri: 'string', services: 'strings', as: ['compose', 'stack'], profiles: 'strings' },
  [COMMANDS.scale]: SERVICE_FIELDS,
  [COMMANDS.attachShell]: SHELL_FIELDS,
  [COMMANDS.logs]: { project: 'string', stack: 'string', service: 'string', task: 'string', label: 'string' },
  [COMMANDS.down]: DEPLOYMENT_FIELDS,
  [COMMANDS.showEngine]: {},
  [COMMANDS.showServerLog]: {},
  [COMMANDS.attachShellAs]: SHELL_FIELDS,
  [COMMANDS.restart]: CONTAINER_FIELDS,
  [COMMANDS.saveImage]: CONTAINER_FIELDS,
  [COMMANDS.removeStack]: DEPLOYMENT_FIELDS,
  [COMMANDS.drainNode]: NODE_FIELDS,
  [COMMANDS.activateNode]: NODE_FIELDS,
  [COMMANDS.pauseNode]: NODE_FIELDS,
  [COMMANDS.addNodeLabel]: NODE_FIELDS,
  [COMMANDS.removeNodeLabel]: NODE_FIELDS,
  [COMMANDS.watch]: { project: 'string', uri: 'string', watch: 'boolean' },
  [COMMANDS.pause]: CONTAINER_FIELDS,
  [COMMANDS.unpause]: CONTAINER_FIELDS,
  [COMMANDS.recreate]: CONTAINER_FIELDS,
  [COMMANDS.openInBrowser]: CONTAINER_FIELDS,
  [COMMANDS.pull]: { uri: 'string', services: 'strings', as: ['compose', 'stack'], profiles: 'strings' },
  [COMMANDS.inspect]: CONTAINER_FIELDS,
  [COMMANDS.copyInto]: { ...CONTAINER_FIELDS, hostPath: 'string', containerPath: 'string' },
  [COMMANDS.copyFrom]: { ...CONTAINER_FIELDS, hostPath: 'string', containerPath: 'string' },
  [COMMANDS.removeResource]: RESOURCE_FIELDS,
  [COMMANDS.tagImage]: RESOURCE_FIELDS,
  [COMMANDS.pruneImages]: PRUNE_FIELDS,
  [COMMANDS.pruneVolumes]: PRUNE_FIELDS,
  [COMMANDS.pruneNetworks]: PRUNE_FIELDS,
  [COMMANDS.showTopology]: { uri: 'string', project: 'string', file: 'string' },
  [COMMANDS.exportTopology]: { uri: 'string', project: 'string', file: 'string' },
  [COMMANDS.showStats]: DEPLOYMENT_FIELDS,
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
export function readCommandArgs<K extends ObjectCommandId>(command: K, value: unknown): Partial<CommandArgs[K]> {
  const read: Record<string, unknown> = {};
  for (const [field, type] of Object.entries<FieldType>(FIELDS[command])) {
    const given: unknown = typeof value === 'object' && value !== null ? Reflect.get(value, field) : undefined;
    if (fits(given, type)) read[field] = given;
  }
  // Sound by construction: FIELDS lists every field of CommandArgs[K] with its type, and only fields that fit are read.
  return read as Partial<CommandArgs[K]>;
}
