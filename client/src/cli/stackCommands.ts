import {
  applyStackPlan,
  describeConvergence,
  describeStackOperation,
  isEmptyStackPlan,
  planStack,
  removeStack,
  scaleStack,
  stackPs,
  waitForStack,
  type Engine,
} from '../engine';
import { CommandFailed, loadOrFail, type Out } from './composeCommands';

/** The swarm side of `stevedore deploy / scale / down / ps`. */

/** True when swarm services carry the stack's namespace label. */
export async function isStack(engine: Engine, name: string): Promise<boolean> {
  try {
    const services = await engine.docker.listServices({ filters: { label: [`com.docker.stack.namespace=${name}`] } });
    return services.length > 0;
  } catch {
    return false; // not a swarm manager: no stacks here
  }
}

export async function deployStackCommand(
  engine: Engine,
  files: string[],
  stack: string,
  options: { dryRun: boolean; prune: boolean },
  out: Out,
): Promise<void> {
  const project = loadOrFail({ files, projectName: stack, environment: process.env, stack: true });
  const plan = await planStack(engine, project, stack, { prune: options.prune });
  out(`plan for stack ${stack}:`);
  for (const op of plan.operations) out(`  ${describeStackOperation(op)}`);
  for (const blocker of plan.blockers) out(`  cannot apply: ${blocker}`);
  if (plan.blockers.length > 0) throw new CommandFailed('the plan cannot be applied (see above); nothing was changed');
  if (isEmptyStackPlan(plan)) out('  nothing to do: everything is up to date');
  if (options.dryRun || isEmptyStackPlan(plan)) return;
  const since = Date.now();
  const result = await applyStackPlan(engine, plan, {
    onProgress: (e) => e.phase !== 'started' && out(`${e.phase === 'done' ? '✓' : '✗'} ${e.message}`),
  });
  if (!result.ok) {
    const made = result.done.map((op) => `  ${describeStackOperation(op)}`).join('\n');
    throw new CommandFailed(
      `failed: ${result.failed?.message ?? 'unknown error'}\n${made ? `already done:\n${made}` : 'nothing was changed'}`,
    );
  }
  for (const name of result.removedVersions) out(`removed unused ${name}`);
  out('waiting for the services to converge…');
  const converged = await waitForStack(engine, stack, {
    since,
    onProgress: (services) => out(services.map((s) => `  ${describeConvergence(s)}`).join('\n')),
  });
  if (!converged.ok) throw new CommandFailed(`deployed, but not converged:\n${converged.message}`);
  out(`done: ${converged.message}`);
}

export async function scaleStackCommand(
  engine: Engine,
  stack: string,
  replicas: Record<string, number>,
  out: Out,
): Promise<void> {
  const since = Date.now();
  let scaled: string[];
  try {
    ({ scaled } = await scaleStack(engine, stack, replicas));
  } catch (error) {
    throw new CommandFailed(error instanceof Error ? error.message : String(error));
  }
  out(`scaled ${scaled.join(', ')}`);
  const converged = await waitForStack(engine, stack, { since });
  if (!converged.ok) throw new CommandFailed(`scaled, but not converged:\n${converged.message}`);
  out(`done: ${converged.message}`);
}

export async function downStack(engine: Engine, stack: string, out: Out): Promise<void> {
  const { removed, errors } = await removeStack(engine, stack);
  for (const what of removed) out(`removed ${what}`);
  if (errors.length > 0) throw new CommandFailed(errors.join('\n'));
}

export async function psStack(engine: Engine, stack: string, out: Out): Promise<void> {
  const services = await stackPs(engine, stack);
  if (services.length === 0) {
    out(`no stack ${stack} on this swarm`);
    return;
  }
  for (const s of services) {
    out(`${s.name}  ${s.mode}  ${s.running}/${s.desired}  ${s.image}  ${s.ports.join(', ')}`);
    for (const t of s.tasks) {
      // The node's own state beside its name, so a lost node (down) and the tasks moved off it are plain to see.
      const node = t.node ? `${t.node} (${t.nodeState ?? 'unknown'}, ${t.nodeAvailability ?? 'unknown'})` : '(unassigned)';
      out(
        `  ${t.slot !== undefined ? `${s.name}.${t.slot}` : t.id.slice(0, 12)}  ${node}  ${t.state} (desired ${t.desiredState})${t.error ? `  ${t.error}` : ''}`,
      );
    }
  }
}
