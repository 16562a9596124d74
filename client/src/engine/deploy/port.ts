import type { ComposeProject } from '@stevedore/model';
import { applyComposePlan, describeOperation, isEmptyPlan, planComposeDeploy } from '../compose';
import type { Engine } from '../connection';
import { applyStackPlan, describeConvergence, describeStackOperation, isEmptyStackPlan, planStack, waitForStack } from '../stack';
import { isSwarmManager } from '../swarm';
import { acquireDeployLock } from '../lock';
import type { DeployPort, DeployProgress, DeployTarget, PlannedDeploy, PlanRequest } from './types';

/**
 * The deploy use case's window on a real engine: the deploy lock, the compose planner and applier, the stack ones,
 * convergence. `client` names the program in the lock's holder (`stevedore CLI`, `VS Code`).
 */
export function enginePort(engine: Engine, client: string): DeployPort {
  return {
    isSwarmManager: () => isSwarmManager(engine),
    lock: (target, options) => acquireDeployLock(engine, target, { ...options, client }),
    plan: (target, project, options) =>
      target.kind === 'stack' ? planStackDeploy(engine, target, project, options) : planCompose(engine, target, project, options),
    converge: (stack, since, report) =>
      waitForStack(engine, stack, {
        since,
        onProgress: (services) => report({ step: 'converge', services: services.map(describeConvergence) }),
      }),
  };
}

async function planCompose(
  engine: Engine,
  target: DeployTarget,
  project: ComposeProject,
  options: PlanRequest,
): Promise<PlannedDeploy> {
  const services = options.services ?? [];
  const plan = await planComposeDeploy(engine, project, {
    removeOrphans: options.removeOrphans,
    build: options.build,
    ...(services.length > 0 ? { services } : {}),
  });
  return {
    preview: {
      target,
      endpoint: engine.endpoint.url,
      operations: plan.operations.map(describeOperation),
      warnings: plan.warnings,
      blockers: plan.blockers,
      dataLoss: plan.dataLoss,
      empty: isEmptyPlan(plan),
      ...(services.length > 0 ? { scope: { services, order: plan.order } } : {}),
    },
    apply: async (report: (event: DeployProgress) => void) => {
      const result = await applyComposePlan(engine, plan, {
        onProgress: (e) =>
          report({ step: 'apply', phase: e.phase, message: e.message, unchanged: e.operation.kind === 'keep-container' }),
      });
      return {
        ok: result.ok,
        ...(result.failed ? { failed: result.failed.message } : {}),
        done: result.done.filter((op) => op.kind !== 'keep-container').map(describeOperation),
        notStarted: result.notStarted.map(describeOperation),
        removedVersions: [],
      };
    },
  };
}

async function planStackDeploy(
  engine: Engine,
  target: DeployTarget,
  project: ComposeProject,
  options: PlanRequest,
): Promise<PlannedDeploy> {
  const plan = await planStack(engine, project, target.name, { prune: options.prune });
  return {
    preview: {
      target,
      endpoint: engine.endpoint.url,
      operations: plan.operations.map(describeStackOperation),
      warnings: [],
      blockers: plan.blockers,
      dataLoss: [],
      empty: isEmptyStackPlan(plan),
    },
    apply: async (report: (event: DeployProgress) => void) => {
      const result = await applyStackPlan(engine, plan, {
        onProgress: (e) => report({ step: 'apply', phase: e.phase, message: e.message, unchanged: false }),
      });
      return {
        ok: result.ok,
        ...(result.failed ? { failed: result.failed.message } : {}),
        done: result.done.map(describeStackOperation),
        notStarted: result.notStarted.map(describeStackOperation),
        removedVersions: result.removedVersions,
      };
    },
  };
}
