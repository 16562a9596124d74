import { removeStack, scaleStack, stackPs, waitForStack, type Engine } from '../engine';
import { CommandFailed, type Out } from './composeCommands';

/** The swarm side of `stevedore deploy / scale / down / ps`. */

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
