import { isScalar } from 'yaml';
import { asRecord } from '../../compose/names';
import { pointerOf, type ComposeModel } from '../../compose/model';
import { parsePortSpec } from '../../compose/ports';
import type { Diagnostic, Fix } from '../../types';
import type { ServiceIndex } from '../../compose/serviceIndex';
import { imageRepository, isCredentialValue, isSecretName, unpinnedImage } from '../practices';
import { CODE, coded, type RuleCode } from '../registry';

/** Ports databases listen on: published on every interface, they face the network. */
const DATABASE_PORTS: Readonly<Record<number, string>> = {
  1433: 'SQL Server',
  1521: 'Oracle',
  3306: 'MySQL',
  5432: 'PostgreSQL',
  5984: 'CouchDB',
  6379: 'Redis',
  7687: 'Neo4j',
  8086: 'InfluxDB',
  9042: 'Cassandra',
  9200: 'Elasticsearch',
  11211: 'Memcached',
  26257: 'CockroachDB',
  27017: 'MongoDB',
};
const SOCKET = /^\/(?:var\/)?run\/docker\.sock(?::|$)/;
const ALL_INTERFACES = new Set(['', '0.0.0.0', '::', '[::]']);

interface Ctx {
  readonly model: ComposeModel;
  readonly out: Diagnostic[];
  push(pointer: string, code: RuleCode, message: string, fixes?: Fix[], onKey?: boolean): void;
}

/** The text as written (before interpolation): a value from `${VAR}` is not a literal. */
function written(model: ComposeModel, pointer: string): string | undefined {
  const node = model.info(pointer)?.node;
  return isScalar(node) ? String(node.source ?? node.value) : undefined;
}

function checkImage(ctx: Ctx, at: string, service: Record<string, unknown>, pinned: ReadonlyMap<string, string>): void {
  const image = service['image'];
  if (typeof image !== 'string' || service['build'] !== undefined || (written(ctx.model, `${at}/image`) ?? '').includes('$'))
    return;
  const message = unpinnedImage(image);
  if (!message) return;
  const tag = pinned.get(imageRepository(image));
  const range = ctx.model.valueRange(`${at}/image`);
  const fixes: Fix[] =
    tag && range
      ? [
          {
            kind: 'pin-tag',
            title: `Pin to ${imageRepository(image)}:${tag}`,
            edits: [{ range, newText: `${imageRepository(image)}:${tag}` }],
          },
        ]
      : [];
  ctx.push(`${at}/image`, CODE.composeLatestTag, message, fixes);
}

function checkPorts(ctx: Ctx, at: string, service: Record<string, unknown>): void {
  const ports = service['ports'];
  if (!Array.isArray(ports)) return;
  ports.forEach((entry, i) => {
    let hostIp: string | undefined;
    let target: number | undefined;
    if (typeof entry === 'string' || typeof entry === 'number') {
      const parsed = parsePortSpec(String(entry));
      if (!parsed.ok || parsed.mapping.container[0] !== parsed.mapping.container[1]) return;
      hostIp = parsed.mapping.hostIp;
      target = parsed.mapping.container[0];
    } else {
      const long = asRecord(entry);
      hostIp = typeof long['host_ip'] === 'string' ? long['host_ip'] : undefined;
      target = Number(long['target']);
    }
    const database = target === undefined ? undefined : DATABASE_PORTS[target];
    if (database && ALL_INTERFACES.has(hostIp ?? ''))
      ctx.push(
        pointerOf(`${at}/ports`, i),
        CODE.composeExposedDatabase,
        `${database}'s port ${target} is published on all interfaces: bind it to 127.0.0.1 (127.0.0.1:${target}:${target}) or leave it unpublished`,
      );
  });
}

function checkEnvironment(ctx: Ctx, at: string, service: Record<string, unknown>): void {
  const env = service['environment'];
  const entries: [string, string, string][] = Array.isArray(env)
    ? env.flatMap((_e, i) => {
        const text = written(ctx.model, pointerOf(`${at}/environment`, i)) ?? '';
        const eq = text.indexOf('=');
        return eq > 0
          ? [[text.slice(0, eq), text.slice(eq + 1), pointerOf(`${at}/environment`, i)] as [string, string, string]]
          : [];
      })
    : Object.keys(asRecord(env)).map((k) => {
        const p = pointerOf(`${at}/environment`, k);
        return [k, written(ctx.model, p) ?? '', p] as [string, string, string];
      });
  for (const [name, value, pointer] of entries)
    if (isSecretName(name) && !value.includes('$') && isCredentialValue(name, value))
      ctx.push(
        pointer,
        CODE.composeLiteralSecret,
        `${name} is a literal credential: use a secret, or \${${name}} from the environment or .env`,
      );
}

/**
 * A service's findings, given the service's name, what else they depend on (`salt`) and how to compute them: the
 * caller may reuse them while neither changed (incremental/composeFindings.ts).
 */
export type ServiceFindings = (name: string, salt: readonly [string, unknown], compute: () => Diagnostic[]) => Diagnostic[];

/**
 * Best-practice and security findings on Compose and stack services (information unless raised): privileged
 * services, the Docker socket mounted, host network or PID namespaces, unpinned images, databases published on every
 * interface, literal credentials in `environment`, and (Compose only) services without a restart policy.
 */
export function practiceDiagnostics(
  model: ComposeModel,
  kind: 'compose' | 'stack',
  index: ServiceIndex,
  each: ServiceFindings = (_name, _salt, compute) => compute(),
): Diagnostic[] {
  const services = asRecord(asRecord(model.value)['services']);
  // What a service's findings read beyond the service: the tag its image's repository is pinned to elsewhere (the
  // last service's that pins it), and whether another service waits for it to complete (a one-shot).
  const pinned = new Map<string, string>();
  const completes = new Set<string>();
  for (const { summary } of index.services.values()) {
    if (summary.pins) pinned.set(summary.pins[0], summary.pins[1]);
    for (const name of summary.awaitsCompletion) completes.add(name);
  }
  return Object.entries(services).flatMap(([name, definition]) => {
    const image = asRecord(definition)['image'];
    const pin = typeof image === 'string' ? (pinned.get(imageRepository(image)) ?? '') : '';
    return each(name, [pin, completes.has(name)], () => servicePractices(model, kind, name, definition, pinned, completes));
  });
}

function servicePractices(
  model: ComposeModel,
  kind: 'compose' | 'stack',
  name: string,
  definition: unknown,
  pinned: ReadonlyMap<string, string>,
  completes: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const push: Ctx['push'] = (pointer, code, message, fixes, onKey) => {
    const range = onKey ? model.keyRange(pointer) : (model.valueRange(pointer) ?? model.keyRange(pointer));
    if (range) out.push({ range, ...coded(code), message, ...(fixes && fixes.length > 0 ? { fixes } : {}) });
  };
  const ctx: Ctx = { model, out, push };
  const service = asRecord(definition);
  const at = pointerOf('/services', name);
  if (service['privileged'] === true)
    push(`${at}/privileged`, CODE.composePrivileged, `Service '${name}' is privileged: it has every capability of the host`);
  if (service['network_mode'] === 'host')
    push(`${at}/network_mode`, CODE.composeHostNamespace, `Service '${name}' uses the host's network: its ports are the host's`);
  if (service['pid'] === 'host') push(`${at}/pid`, CODE.composeHostNamespace, `Service '${name}' sees every process of the host`);
  const volumes = service['volumes'];
  if (Array.isArray(volumes))
    volumes.forEach((v, i) => {
      const source =
        typeof v === 'string' ? v : typeof asRecord(v)['source'] === 'string' ? (asRecord(v)['source'] as string) : '';
      if (SOCKET.test(source))
        push(
          pointerOf(`${at}/volumes`, i),
          CODE.composeDockerSocket,
          `Service '${name}' mounts the Docker socket: whoever runs in it is root on the host`,
        );
    });
  checkImage(ctx, at, service, pinned);
  checkPorts(ctx, at, service);
  checkEnvironment(ctx, at, service);
  if (
    kind === 'compose' &&
    service['restart'] === undefined &&
    asRecord(service['deploy'])['restart_policy'] === undefined &&
    !completes.has(name)
  )
    push(
      at,
      CODE.composeNoRestart,
      `Service '${name}' has no restart policy: it stays down after a crash or a reboot (restart: unless-stopped)`,
      undefined,
      true,
    );
  return out;
}
