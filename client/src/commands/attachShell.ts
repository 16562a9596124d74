import * as vscode from 'vscode';
import type { StevedoreContext } from '../context';
import { listReplicas, locateTask, serviceOfContainer, type Engine, type Replica, type ServiceRef } from '../engine';
import { COMMANDS, readCommandArgs, type ShellArgs } from '../../../server/src/service';
import { Cancelled, serviceTarget } from '../targets';
import {
  askChoice,
  choiceInArgument,
  choiceKey,
  rememberChoice,
  rememberedChoice,
  type ShellChoice,
} from '../terminals/shellChoice';
import { ShellTerminal } from '../terminals/shellTerminal';
import { nodeEnginesFor } from '../taskTargets';

/**
 * Stevedore: Attach Shell (code lens, tree, palette) and Attach Shell… (asks shell, user and working directory).
 * A terminal over an exec session in the chosen container: no docker CLI, no host shell. The choice is remembered
 * per engine and service; a service with several replicas offers each one and "All replicas" (one terminal per
 * replica, split side by side in one group).
 */

export function attachShell(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  return ctx.engines.get().then((engine) => attachWithNodes(ctx, engine, arg, {}));
}

export function attachShellAs(ctx: StevedoreContext, arg?: unknown): Promise<string> {
  return ctx.engines.get().then((engine) => attachWithNodes(ctx, engine, arg, { ask: true }));
}

/**
 * A task on another swarm node goes through that node's engine, from `stevedore.swarm.nodeEndpoints`; the node
 * connections last until the terminals opened on them are closed.
 */
async function attachWithNodes(ctx: StevedoreContext, engine: Engine, arg: unknown, options: AttachOptions): Promise<string> {
  const nodes = nodeEnginesFor(engine);
  const opened: vscode.Terminal[] = [];
  const collect = ctx.shells.event(({ terminal }) => opened.push(terminal));
  try {
    return await attachShellOn(ctx, engine, arg, { ...options, engineForNode: (nodeId) => nodes.forNodeId(nodeId, 'a shell') });
  } finally {
    collect.dispose();
    const open = new Set(opened);
    if (open.size === 0) void nodes.dispose();
    else {
      const closing = vscode.window.onDidCloseTerminal((t) => {
        open.delete(t);
        if (open.size > 0) return;
        closing.dispose();
        void nodes.dispose();
      });
    }
  }
}

export interface AttachOptions {
  /** Ask for shell, user and working directory (pre-filled with the remembered choice). */
  readonly ask?: boolean;
  /** The engine of another swarm node, for a task that runs there; without it such a task is refused. */
  readonly engineForNode?: (nodeId: string) => Promise<Engine>;
}

/**
 * The whole command with the engine given by the caller (the workspace's engine, or a swarm node's).
 * `arg`: `{ container, label? }`, or `{ project | stack, service, replica? ('all' or a replica's name) }`, with an
 * optional choice `{ shell?, user?, workingDir? }` that is used and remembered without asking.
 */
export async function attachShellOn(
  ctx: StevedoreContext,
  engine: Engine,
  arg: unknown,
  options: AttachOptions = {},
): Promise<string> {
  const picked = await pickReplicas(engine, readCommandArgs(COMMANDS.attachShell, arg));
  const key = choiceKey(engine.endpoint.url, picked.ref, picked.replicas[0]?.name ?? '');
  const state = ctx.extension.workspaceState;
  const remembered = rememberedChoice(state, key);
  const given = choiceInArgument(arg, remembered);
  const choice = given ?? (options.ask ? await askChoice(remembered, picked.what) : remembered);
  if (given || options.ask) await rememberChoice(state, key, choice);
  const terminals = await openTerminals(ctx, engine, picked.replicas, choice, options);
  const names = picked.replicas.map((r) => r.name).join(', ');
  return `shell opened in ${names}${describe(choice)} (${terminals} terminal(s))`;
}

const describe = (c: ShellChoice): string =>
  [c.shell && ` with ${c.shell}`, c.user && ` as ${c.user}`, c.workingDir && ` in ${c.workingDir}`].filter(Boolean).join('');

interface Picked {
  readonly ref: ServiceRef | undefined;
  readonly replicas: readonly Replica[];
  /** What the pickers call the target (`web`, `app-web-1`). */
  readonly what: string;
}

async function pickReplicas(engine: Engine, a: Partial<ShellArgs>): Promise<Picked> {
  // A swarm task (a tree item of the explorer or the Nodes view), wherever it runs: its node's engine is found later.
  const { task, container } = a;
  if (task) {
    const where = await locateTask(engine, task);
    if (!where.containerId) throw new Error(`task ${where.name} on ${where.hostname} has no container (it is ${where.state})`);
    const replica = {
      id: where.containerId,
      name: where.name,
      state: where.state,
      node: where.hostname,
      nodeId: where.nodeId,
      local: false,
    };
    const ref: ServiceRef | undefined =
      where.stack && where.service.startsWith(`${where.stack}_`)
        ? { kind: 'stack', name: where.stack, service: where.service.slice(where.stack.length + 1) }
        : undefined;
    return { ref, replicas: [replica], what: where.name };
  }
  if (container) {
    const label = a.label || container.slice(0, 12);
    const ref = await serviceOfContainer(engine.docker, container).catch(() => undefined);
    return { ref, replicas: [{ id: container, name: label, state: 'running', local: true }], what: label };
  }
  const target = await serviceTarget(engine, a);
  const ref: ServiceRef = { kind: target.deployment.kind, name: target.deployment.name, service: target.service };
  const all = await listReplicas(engine, ref);
  const running = all.filter((r) => r.state === 'running' && r.id);
  if (running.length === 0)
    throw new Error(
      `${ref.service} of ${ref.name} has no running container${all.length ? ` (${all.map((r) => `${r.name}: ${r.state}`).join(', ')})` : ''}`,
    );
  const wanted = a.replica ?? '';
  if (wanted === 'all') return { ref, replicas: running, what: ref.service };
  if (wanted) {
    const one = all.find((r) => r.name === wanted);
    if (!one) throw new Error(`${ref.service} has no replica ${wanted} (it has ${all.map((r) => r.name).join(', ')})`);
    return { ref, replicas: [mustRun(one)], what: one.name };
  }
  if (all.length === 1) return { ref, replicas: all, what: ref.service };
  type Item = vscode.QuickPickItem & { replicas?: readonly Replica[] };
  const items: Item[] = [
    ...all.map((r) => ({ label: r.name, description: [r.state, r.node].filter(Boolean).join(' · '), replicas: [r] })),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: 'All replicas', description: `${running.length} terminal(s), side by side`, replicas: running },
  ];
  const pick = await vscode.window.showQuickPick(items, { title: `Shell in which container of ${ref.service}?` });
  if (!pick?.replicas) throw new Cancelled();
  if (pick.replicas.length > 1) return { ref, replicas: pick.replicas, what: ref.service };
  const [chosen] = pick.replicas;
  if (!chosen) throw new Cancelled();
  return { ref, replicas: [mustRun(chosen)], what: chosen.name };
}

/** A single replica the user named or picked must be running: say so before opening a terminal. */
function mustRun(replica: Replica): Replica {
  if (replica.state !== 'running' || !replica.id) throw new Error(`${replica.name} is not running (${replica.state})`);
  return replica;
}

async function openTerminals(
  ctx: StevedoreContext,
  engine: Engine,
  replicas: readonly Replica[],
  choice: ShellChoice,
  options: AttachOptions,
): Promise<number> {
  // Find every replica's engine first: a refusal opens no terminal at all.
  const engines = await Promise.all(replicas.map((r) => engineOf(engine, r, options)));
  let parent: vscode.Terminal | undefined;
  replicas.forEach((replica, i) => {
    const pty = new ShellTerminal({
      docker: (engines[i] ?? engine).docker,
      containerId: replica.id,
      label: replica.name,
      options: {
        ...(choice.shell ? { shell: choice.shell } : {}),
        ...(choice.user ? { user: choice.user } : {}),
        ...(choice.workingDir ? { workingDir: choice.workingDir } : {}),
      },
    });
    const terminal = vscode.window.createTerminal({
      name: `${replica.name} (shell)`,
      pty,
      iconPath: new vscode.ThemeIcon('terminal'),
      ...(parent ? { location: { parentTerminal: parent } } : {}),
    });
    parent ??= terminal;
    ctx.shells.fire({ terminal, pty });
  });
  parent?.show();
  return replicas.length;
}

async function engineOf(engine: Engine, replica: Replica, options: AttachOptions): Promise<Engine> {
  if (replica.local) return engine;
  if (options.engineForNode && replica.nodeId) return options.engineForNode(replica.nodeId);
  throw new Error(
    `${replica.name} runs on node ${replica.node ?? '?'}, not on the engine at ${engine.endpoint.url}; a shell there needs that node's engine`,
  );
}
