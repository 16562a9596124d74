import { asArray, asObject } from '../../kubernetes/objects';
import type { Diagnostic, Fix } from '../../types';
import { isCredentialValue, isSecretName, unpinnedImage } from '../practices';
import { CODE } from '../registry';
import {
  containersAt,
  podSpecOf,
  reporter,
  type ContainerAt,
  type ObjectInput,
  type PodSpecAt,
  type Reporter,
} from './fieldErrors';
import { isBuiltIn } from './names';

const SOCKETS = new Set([
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
]);

function checkPod(r: Reporter, pod: PodSpecAt): void {
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'])
    if (pod.spec[field] === true)
      r.report(
        [...pod.path, field],
        CODE.k8sHostNamespace,
        `${field}: true puts the pod in the node's ${field.slice(4)} namespace`,
      );
  asArray(pod.spec['volumes']).forEach((raw, i) => {
    const hostPath = asObject(raw)['hostPath'];
    if (!hostPath) return;
    const path = (typeof asObject(hostPath)['path'] === 'string' ? (asObject(hostPath)['path'] as string) : '').replace(
      /\/+$/,
      '',
    );
    const at = [...pod.path, 'volumes', i, 'hostPath'];
    if (SOCKETS.has(path))
      r.report(
        at,
        CODE.k8sDockerSocket,
        `The container runtime's socket ${path} is mounted: whoever runs in the pod is root on the node`,
        { onKey: true },
      );
    else
      r.report(at, CODE.k8sHostPath, `A hostPath volume (${path || 'no path'}) gives the pod the node's files`, { onKey: true });
  });
}

/** `securityContext.runAsNonRoot: true` added to a block-style container, as a new key or under its securityContext. */
function runAsNonRootFix(input: ObjectInput, c: ContainerAt): Fix[] {
  const { model } = input;
  const pointer = `${input.at}/${c.path.map((s) => (typeof s === 'object' ? s.key : String(s))).join('/')}`;
  const eol = model.file.text.includes('\r\n') ? '\r\n' : '\n';
  const context = model.keyRange(`${pointer}/securityContext`);
  const name = model.keyRange(`${pointer}/name`);
  const anchor = context ?? name;
  const flow = model.info(pointer)?.node;
  if (!anchor || (flow && 'flow' in flow && flow.flow)) return [];
  const sc = asObject(c.container['securityContext']);
  const first = Object.keys(sc)[0];
  const child =
    first === undefined
      ? undefined
      : model.keyRange(`${pointer}/securityContext/${first.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  // A flow-style or empty securityContext is left to the user.
  if (context && (!child || child.start.line === context.start.line)) return [];
  const indent = ' '.repeat(anchor.start.character);
  const text = child
    ? `${' '.repeat(child.start.character)}runAsNonRoot: true${eol}`
    : `${indent}securityContext:${eol}${indent}  runAsNonRoot: true${eol}`;
  const at = { line: anchor.start.line + 1, character: 0 };
  return [
    { kind: 'run-as-non-root', title: 'Add runAsNonRoot: true', edits: [{ range: { start: at, end: at }, newText: text }] },
  ];
}

function checkContainer(input: ObjectInput, r: Reporter, pod: PodSpecAt, c: ContainerAt, probes: boolean): void {
  const sc = asObject(c.container['securityContext']);
  const podSc = asObject(pod.spec['securityContext']);
  const named = [...c.path, 'name'];
  const who = `Container '${typeof c.container['name'] === 'string' ? c.container['name'] : ''}'`;
  if (sc['privileged'] === true)
    r.report(
      [...c.path, 'securityContext', 'privileged'],
      CODE.k8sPrivileged,
      `${who} is privileged: it has every capability of the node`,
    );
  const nonRoot = sc['runAsNonRoot'] ?? podSc['runAsNonRoot'];
  const user = sc['runAsUser'] ?? podSc['runAsUser'];
  if (nonRoot !== true && !(typeof user === 'number' && user > 0))
    r.report(
      named,
      CODE.k8sRunAsRoot,
      `${who} may run as root: set securityContext.runAsNonRoot: true (or a non-zero runAsUser)`,
      {
        fixes: sc['runAsNonRoot'] === false || user === 0 ? [] : runAsNonRootFix(input, c),
      },
    );
  if (sc['readOnlyRootFilesystem'] !== true)
    r.report(
      named,
      CODE.k8sWritableRootFs,
      `${who} has a writable root filesystem: set securityContext.readOnlyRootFilesystem: true`,
    );
  const resources = asObject(c.container['resources']);
  const missing = ['requests', 'limits'].filter((k) => Object.keys(asObject(resources[k])).length === 0);
  if (missing.length > 0) r.report(named, CODE.k8sNoResources, `${who} has no resource ${missing.join(' or ')}`);
  const image = c.container['image'];
  const unpinned = typeof image === 'string' ? unpinnedImage(image) : undefined;
  if (unpinned) r.report([...c.path, 'image'], CODE.k8sLatestTag, unpinned);
  if (probes) {
    const absent = ['readinessProbe', 'livenessProbe'].filter((p) => !c.container[p]);
    if (absent.length > 0) r.report(named, CODE.k8sNoProbes, `${who} has no ${absent.join(' and no ')}`);
  }
  asArray(c.container['env']).forEach((raw, i) => {
    const env = asObject(raw);
    const name = env['name'];
    const value = env['value'];
    if (typeof name === 'string' && typeof value === 'string' && isSecretName(name) && isCredentialValue(name, value))
      r.report(
        [...c.path, 'env', i, 'value'],
        CODE.k8sSecretInEnv,
        `${name} is written in plain env: read it from a Secret (valueFrom.secretKeyRef)`,
      );
  });
}

/**
 * Best-practice and security findings on workloads (information unless raised): privileged containers, host
 * namespaces, hostPath volumes and runtime sockets, root users and writable root filesystems, missing resources,
 * unpinned images, Deployments without probes, credentials in plain env values.
 */
export function practiceDiagnostics(input: ObjectInput): Diagnostic[] {
  const r = reporter(input);
  if (!isBuiltIn(input.object) || input.partial) return r.out;
  const pod = podSpecOf(input.object);
  if (!pod) return r.out;
  checkPod(r, pod);
  const probes = input.object['kind'] === 'Deployment';
  for (const c of containersAt(pod))
    if (c.list !== 'ephemeralContainers') checkContainer(input, r, pod, c, probes && c.list === 'containers');
  return r.out;
}
