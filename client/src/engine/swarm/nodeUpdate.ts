import type { Engine } from '../connection';
import { engineMessage } from '../engineMessage';
import { inspectNode, notAManager, type NodeAvailability, type RawNode } from './nodes';

/**
 * Drain / activate / pause a node and edit its labels: `docker node update`. Each change reads the node, changes its
 * spec and writes it back with the version index it read, so a concurrent change is never overwritten silently.
 */

type NodeSpec = NonNullable<RawNode['Spec']>;

/** Someone else changed the node between our read and our write. */
export class NodeConflictError extends Error {}

export interface NodeUpdateOptions {
  /**
   * The version the caller last saw (`SwarmNode.version`). Given: a node changed since is a NodeConflictError and
   * nothing is written. Not given: the change is applied to the newest spec, reading again after a conflict.
   */
  readonly expectedVersion?: number;
}

export interface NodeUpdateResult {
  readonly id: string;
  readonly hostname: string;
  /** The spec version after the update. */
  readonly version: number;
}

const ATTEMPTS = 4;
const conflict = (message: string): boolean => /out of sequence|update out of/i.test(message);

/** Applies `change` to the node's spec and writes it with the version it was read at. */
export async function updateNode(
  engine: Engine,
  node: string,
  change: (spec: NodeSpec, hostname: string) => NodeSpec,
  options: NodeUpdateOptions = {},
): Promise<NodeUpdateResult> {
  const { docker } = engine;
  for (let attempt = 1; ; attempt++) {
    const current = await inspectNode(docker, node);
    const hostname = current.Description?.Hostname ?? current.ID;
    const version = current.Version?.Index ?? 0;
    if (options.expectedVersion !== undefined && options.expectedVersion !== version)
      throw new NodeConflictError(
        `node ${hostname} changed since it was read (version ${options.expectedVersion}, now ${version}); nothing was changed: look at it again and retry`,
      );
    const spec = change({ ...(current.Spec ?? {}), Labels: { ...(current.Spec?.Labels ?? {}) } }, hostname);
    try {
      await docker.getNode(current.ID).update({ _query: { version }, _body: spec });
      const after = await inspectNode(docker, current.ID);
      return { id: current.ID, hostname, version: after.Version?.Index ?? version };
    } catch (error) {
      const message = engineMessage(error);
      if (conflict(message) && options.expectedVersion === undefined && attempt < ATTEMPTS) continue;
      if (conflict(message))
        throw new NodeConflictError(
          `node ${hostname} was changed by someone else while Stevedore updated it (${message}); nothing was changed: retry`,
        );
      throw new Error(`cannot update node ${hostname}: ${notAManager(error).message}`);
    }
  }
}

const AVAILABILITIES: readonly NodeAvailability[] = ['active', 'pause', 'drain'];

/** `docker node update --availability`: drain moves the node's tasks away, pause stops new ones landing there. */
export async function setNodeAvailability(
  engine: Engine,
  node: string,
  availability: NodeAvailability,
  options: NodeUpdateOptions = {},
): Promise<NodeUpdateResult> {
  if (!AVAILABILITIES.includes(availability))
    throw new Error(`availability must be one of ${AVAILABILITIES.join(', ')}, not ${String(availability)}`);
  return updateNode(engine, node, (spec) => ({ ...spec, Availability: availability }), options);
}

/** A label key as the engine accepts it: not empty, no `=`, no white space. */
export function checkLabelKey(key: string): void {
  if (!key) throw new Error('a label needs a key');
  if (/[=\s]/.test(key)) throw new Error(`label key ${JSON.stringify(key)} cannot contain '=' or white space`);
}

/** `docker node update --label-add key=value`. */
export async function addNodeLabel(
  engine: Engine,
  node: string,
  key: string,
  value: string,
  options: NodeUpdateOptions = {},
): Promise<NodeUpdateResult> {
  checkLabelKey(key);
  return updateNode(engine, node, (spec) => ({ ...spec, Labels: { ...spec.Labels, [key]: value } }), options);
}

/** `docker node update --label-rm key`; a label the node does not have is an error, as for the docker CLI. */
export function removeNodeLabel(
  engine: Engine,
  node: string,
  key: string,
  options: NodeUpdateOptions = {},
): Promise<NodeUpdateResult> {
  return updateNode(
    engine,
    node,
    (spec, hostname) => {
      if (!Object.prototype.hasOwnProperty.call(spec.Labels ?? {}, key))
        throw new Error(
          `node ${hostname} has no label ${JSON.stringify(key)}; its labels: ${Object.keys(spec.Labels ?? {}).join(', ') || 'none'}`,
        );
      const labels = { ...spec.Labels };
      delete labels[key];
      return { ...spec, Labels: labels };
    },
    options,
  );
}

/** A label argument as the CLI and the editor take it: `key=value` adds (value may be empty), `key-` removes. */
export function parseLabelEdit(text: string): { key: string; value?: string } {
  const eq = text.indexOf('=');
  if (eq >= 0) {
    const key = text.slice(0, eq);
    checkLabelKey(key);
    return { key, value: text.slice(eq + 1) };
  }
  if (text.endsWith('-') && text.length > 1) {
    const key = text.slice(0, -1);
    checkLabelKey(key);
    return { key };
  }
  throw new Error(`expected key=value (add) or key- (remove), got ${JSON.stringify(text)}`);
}

/**
 * The services whose placement constraints name node label `key` (`node.labels.key == v`): changing or removing the
 * label can make the swarm stop their tasks on the node (it enforces constraints on running tasks too).
 */
export function servicesPlacedByLabel(
  services: readonly { Spec?: { Name?: string; TaskTemplate?: { Placement?: { Constraints?: string[] } } } }[],
  key: string,
): string[] {
  const pattern = new RegExp(`^\\s*node\\.labels\\.${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*(==|!=)`);
  return services
    .filter((s) => (s.Spec?.TaskTemplate?.Placement?.Constraints ?? []).some((c) => pattern.test(c)))
    .map((s) => s.Spec?.Name ?? '?')
    .sort();
}
