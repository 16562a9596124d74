import * as vscode from 'vscode';
import { classifyFile } from '../../server/src/service';
import { composePs, listComposeProjects, listStacks, runningContainers, stackPs, type Engine } from './engine';

/**
 * What a command acts on, from its argument (a code lens, a tree item, a test) or from a picker. Arguments are
 * plain data (`{ project, service }`, `{ stack, service }`, `{ container }`, a file URI), so the language server's
 * code lenses and the tree pass the same shapes.
 */

export type Deployment = { readonly kind: 'compose'; readonly name: string } | { readonly kind: 'stack'; readonly name: string };

export interface ServiceTarget {
  readonly deployment: Deployment;
  readonly service: string;
}

export interface ContainerTarget {
  readonly id: string;
  readonly label: string;
  readonly deployment?: Deployment;
  readonly service?: string;
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const text = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** A compose/stack file: the argument, else the active editor's document (saved first). */
export async function fileTarget(arg: unknown): Promise<{ uri: vscode.Uri; kind: 'compose' | 'stack' }> {
  const uri =
    arg instanceof vscode.Uri
      ? arg
      : text(rec(arg)['uri'])
        ? vscode.Uri.parse(text(rec(arg)['uri']) ?? '')
        : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') throw new Error('open a Compose or stack file first (Deploy works on a file on disk)');
  const document = await vscode.workspace.openTextDocument(uri);
  if (document.isDirty) await document.save();
  const kind = classifyFile(uri.toString(), document.getText());
  if (kind !== 'compose' && kind !== 'stack')
    throw new Error(`${vscode.workspace.asRelativePath(uri)} is not a Compose or stack file (it reads as ${kind})`);
  return { uri, kind };
}

/** A project or stack from the argument, else picked; `only: 'stack'` keeps to stacks (Remove Stack). */
export async function deploymentTarget(engine: Engine, arg: unknown, only?: 'stack'): Promise<Deployment> {
  const a = rec(arg);
  if (text(a['project']) && only === 'stack')
    throw new Error(`${text(a['project'])} is a compose project, not a stack: use Down`);
  if (text(a['project'])) return { kind: 'compose', name: text(a['project']) ?? '' };
  if (text(a['stack'])) return { kind: 'stack', name: text(a['stack']) ?? '' };
  const [projects, stacks] = await Promise.all([only === 'stack' ? [] : listComposeProjects(engine.docker), listStacks(engine)]);
  const picks: (vscode.QuickPickItem & { deployment: Deployment })[] = [
    ...projects.map((p) => ({
      label: p.name,
      description: `compose project · ${p.containers} container(s)`,
      deployment: { kind: 'compose' as const, name: p.name },
    })),
    ...stacks.map((s) => ({
      label: s.name,
      description: `swarm stack · ${s.services} service(s)`,
      deployment: { kind: 'stack' as const, name: s.name },
    })),
  ];
  if (picks.length === 0)
    throw new Error(only === 'stack' ? 'no stack is deployed on this engine' : 'nothing is deployed on this engine');
  const pick = await vscode.window.showQuickPick(picks, { title: 'Project or stack' });
  if (!pick) throw new Cancelled();
  return pick.deployment;
}

export async function serviceTarget(engine: Engine, arg: unknown): Promise<ServiceTarget> {
  const deployment = await deploymentTarget(engine, arg);
  const given = text(rec(arg)['service']);
  if (given) return { deployment, service: given };
  const names =
    deployment.kind === 'compose'
      ? (await composePs(engine, deployment.name)).map((s) => s.service)
      : (await stackPs(engine, deployment.name)).map((s) => s.name.slice(deployment.name.length + 1));
  const pick = await vscode.window.showQuickPick(names, { title: `Service of ${deployment.name}` });
  if (!pick) throw new Cancelled();
  return { deployment, service: pick };
}

/** The running containers of a service (compose containers, or the local tasks of a stack service). */
export async function containersOf(engine: Engine, target: ServiceTarget): Promise<ContainerTarget[]> {
  const containers = await runningContainers(engine, target.deployment, target.service);
  return containers.map((c) => ({
    id: c.id,
    label: c.name,
    deployment: target.deployment,
    service: target.service,
  }));
}

export async function containerTarget(engine: Engine, arg: unknown): Promise<ContainerTarget> {
  const id = text(rec(arg)['container']);
  if (id) return { id, label: text(rec(arg)['label']) ?? id.slice(0, 12) };
  const target = await serviceTarget(engine, arg);
  const containers = await containersOf(engine, target);
  if (containers.length === 0) throw new Error(`${target.service} has no running container on this engine`);
  if (containers.length === 1) return containers[0];
  const pick = await vscode.window.showQuickPick(
    containers.map((c) => ({ label: c.label, target: c })),
    { title: `Container of ${target.service}` },
  );
  if (!pick) throw new Cancelled();
  return pick.target;
}

/** The user backed out of a picker: not an error, nothing to report. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}
