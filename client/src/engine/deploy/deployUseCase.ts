import { DeployLockHeld, type DeployLock } from '../lock';
import { withChosenProfiles } from './chooseProfiles';
import { chooseTarget } from './chooseTarget';
import { redactingUi, redactor, secretValues } from './redact';
import type { DeployOutcome, DeployPort, DeployRequest, DeployTarget, DeployUi, PlannedDeploy } from './types';

/**
 * One deploy, for every front: load → choose compose or stack, and the name → plan → confirm → apply → converge →
 * report. The caller's DeployUi answers the questions (a quick pick in the editor, a prompt or `--yes` in the CLI;
 * which profiles to enable, for a compose file that declares some: chooseProfiles.ts)
 * and the outcome says how it ended; each front words it. Nothing is changed before `confirmPlan` says yes.
 * Except on a dry run, the target's deploy lock is taken before planning (so the plan is made against what no other
 * deploy is changing) and held until the report. From the plan on, what a front is shown has the project's secret
 * values replaced by `***` (redact.ts), errors included.
 */
export async function runDeploy(request: DeployRequest, port: DeployPort, ui: DeployUi): Promise<DeployOutcome> {
  const chosen = await chooseTarget(request, port, ui);
  if (!chosen) return { status: 'declined' };
  const { target } = chosen;
  ui.decided?.(target, chosen.reason);
  const services = request.services ?? [];
  if (target.kind === 'stack' && services.length > 0)
    return {
      status: 'refused',
      target,
      message: `stack ${target.name} is deployed as a whole (a swarm has no "one service and its dependencies"): use Deploy on services:`,
    };
  const first = chosen.load();
  if (!first.ok) return { status: 'unloadable', target, problems: first.problems };
  const loaded = await withChosenProfiles(request, target, first.project, ui);
  if (!loaded) return { status: 'declined' };
  if (!loaded.ok) return { status: 'unloadable', target, problems: loaded.problems };
  const hide = redactor(secretValues(loaded.project));
  try {
    return hide.deep(await lockedDeploy(request, port, redactingUi(ui, hide), target, loaded.project));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Rethrown as it came (a front's own Cancelled stays one) unless it quoted a secret.
    if (hide.text(message) === message) throw error;
    throw new Error(hide.text(message));
  }
}

async function lockedDeploy(
  request: DeployRequest,
  port: DeployPort,
  ui: DeployUi,
  target: DeployTarget,
  project: Parameters<DeployPort['plan']>[1],
): Promise<DeployOutcome> {
  if (request.dryRun) return planAndApply(request, port, ui, target, project);
  let lock: DeployLock;
  try {
    lock = await port.lock(target, {
      operation: 'deploy',
      wait: request.wait !== false,
      onWait: (holder) => ui.waitingForLock?.(target, holder),
    });
  } catch (error) {
    if (error instanceof DeployLockHeld) return { status: 'locked', target, holder: error.holder, message: error.message };
    throw error;
  }
  try {
    return await planAndApply(request, port, ui, target, project);
  } finally {
    await lock.release().catch(() => undefined);
  }
}

async function planAndApply(
  request: DeployRequest,
  port: DeployPort,
  ui: DeployUi,
  target: DeployTarget,
  project: Parameters<DeployPort['plan']>[1],
): Promise<DeployOutcome> {
  const services = request.services ?? [];
  const planned = await port.plan(target, project, {
    services,
    removeOrphans: request.removeOrphans,
    build: request.build,
    prune: request.prune,
  });
  const { preview } = planned;
  ui.showPlan(preview);
  if (preview.blockers.length > 0) return { status: 'blocked', preview };
  if (preview.empty) return { status: 'up-to-date', preview };
  if (request.dryRun) return { status: 'dry-run', preview };
  if (preview.dataLoss.length > 0 && !request.recreateVolumes && !(await ui.confirmDataLoss?.(preview)))
    return { status: 'data-loss', preview };
  if (!(await ui.confirmPlan(preview))) return { status: 'declined', preview };
  return ui.progress(preview, (report) => apply(planned, port, report));
}

async function apply(
  planned: PlannedDeploy,
  port: DeployPort,
  report: Parameters<PlannedDeploy['apply']>[0],
): Promise<DeployOutcome> {
  const { preview } = planned;
  const since = Date.now();
  const applied = await planned.apply(report);
  if (!applied.ok) return { status: 'failed', preview, applied };
  for (const name of applied.removedVersions) report({ step: 'pruned', name });
  if (preview.target.kind === 'compose') return { status: 'deployed', preview, applied };
  report({ step: 'converging' });
  const converged = await port.converge(preview.target.name, since, report);
  if (!converged.ok) return { status: 'not-converged', preview, applied, message: converged.message };
  return { status: 'deployed', preview, applied, converged: converged.message };
}
