import type { ComposeProject } from '@stevedore/model';
import type { Engine } from './connection';
import { isSwarmManager } from './swarm/swarmState';
import { crashInfo, type CrashInfo } from './compose/crashLoop';
import { planComposeDeploy } from './compose/deploy';
import { observeProject, type ObservedProject } from './compose/observe';
import type { ComposePlan } from './compose/plan';
import { stackPs, type StackServiceStatus } from './stack/lifecycle';
import { planStack, type StackPlan } from './stack/planStack';

/**
 * A service's live state against its file, as the code lenses show it: "web: 3/3 running", "web: not deployed",
 * "web: differs from file". "Differs" is decided by the deploy planner itself (a Deploy now would create, recreate,
 * remove or update something of that service), so the lens and the plan can never disagree.
 */
export type ServiceState =
  | { readonly kind: 'not-deployed' }
  | { readonly kind: 'differs'; readonly reasons: readonly string[] }
  | { readonly kind: 'running'; readonly running: number; readonly total: number }
  /** A container of it is in a crash loop: how it last ended and the last line it wrote. */
  | { readonly kind: 'restarting'; readonly container: string; readonly crash: CrashInfo };

export function describeServiceState(service: string, state: ServiceState): string {
  if (state.kind === 'not-deployed') return `${service}: not deployed`;
  if (state.kind === 'differs') return `${service}: differs from file`;
  if (state.kind === 'restarting') {
    const last = state.crash.lastLines.at(-1);
    return `${service}: restarting (exit code ${state.crash.exitCode}, ${state.crash.restarts} restarts)${last ? `: ${last.slice(0, 80)}` : ''}`;
  }
  return `${service}: ${state.running}/${state.total} running`;
}

/**
 * Which profiles enable a service, and whether the deploy enables it: `profile: debug`, `profiles: debug, test (not
 * enabled)`; undefined for a service without profiles (it always runs).
 */
export function describeProfiles(profiles: readonly string[], enabled: boolean): string | undefined {
  if (profiles.length === 0) return undefined;
  return `${profiles.length === 1 ? 'profile' : 'profiles'}: ${profiles.join(', ')}${enabled ? '' : ' (not enabled)'}`;
}

/** Per service of the project, from a compose plan and what was observed (pure). */
export function composeServiceStates(
  plan: ComposePlan,
  observed: ObservedProject,
  crashes: ReadonlyMap<string, CrashInfo> = new Map(),
): Map<string, ServiceState> {
  const states = new Map<string, ServiceState>();
  for (const service of Object.keys(plan.project.services)) {
    const containers = observed.containers.filter((c) => c.service === service && !c.oneoff);
    if (containers.length === 0) {
      states.set(service, { kind: 'not-deployed' });
      continue;
    }
    const looping = containers.find((c) => crashes.has(c.id));
    const crash = looping && crashes.get(looping.id);
    if (looping && crash) {
      states.set(service, { kind: 'restarting', container: looping.name, crash });
      continue;
    }
    const reasons = plan.operations.flatMap((op) =>
      'service' in op &&
      op.service === service &&
      ['create-container', 'recreate-container', 'remove-container'].includes(op.kind)
        ? [`${op.kind.replace('-container', '')} ${'name' in op ? op.name : ''}: ${op.reason}`]
        : [],
    );
    states.set(
      service,
      reasons.length > 0
        ? { kind: 'differs', reasons }
        : { kind: 'running', running: containers.filter((c) => c.state === 'running').length, total: containers.length },
    );
  }
  return states;
}

/** Per service of the stack file, from a stack plan and `stackPs` (pure). */
export function stackServiceStates(plan: StackPlan, ps: readonly StackServiceStatus[]): Map<string, ServiceState> {
  const states = new Map<string, ServiceState>();
  for (const op of plan.operations) {
    if (op.kind === 'create-service') states.set(op.service, { kind: 'not-deployed' });
    else if (op.kind === 'update-service') states.set(op.service, { kind: 'differs', reasons: [op.reason] });
    else if (op.kind === 'keep-service') {
      const status = ps.find((s) => s.name === op.name);
      states.set(op.service, { kind: 'running', running: status?.running ?? 0, total: status?.desired ?? 0 });
    }
  }
  return states;
}

export async function composeLiveState(engine: Engine, project: ComposeProject): Promise<Map<string, ServiceState>> {
  const [plan, observed] = await Promise.all([planComposeDeploy(engine, project), observeProject(engine.docker, project.name)]);
  const crashes = new Map<string, CrashInfo>();
  for (const c of observed.containers.filter((c) => c.state === 'restarting')) {
    const crash = await crashInfo(engine.docker, c.id);
    if (crash) crashes.set(c.id, crash);
  }
  return composeServiceStates(plan, observed, crashes);
}

/** Empty when the engine cannot run stacks (not a swarm manager): there is no live state to show then. */
export async function stackLiveState(engine: Engine, project: ComposeProject, stack: string): Promise<Map<string, ServiceState>> {
  if (!(await isSwarmManager(engine))) return new Map();
  const [plan, ps] = await Promise.all([planStack(engine, project, stack), stackPs(engine, stack)]);
  return stackServiceStates(plan, ps);
}
