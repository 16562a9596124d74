import { resolve } from 'node:path';
import { createFsHost } from '../../../server/src/fsHost';
import { loadProject, type ComposeProject, type LoadOptions } from '../../../server/src/service';
import {
  applyComposePlan,
  composeDown,
  composePs,
  deployedFrom,
  describeOperation,
  isEmptyPlan,
  observeProject,
  planComposeDeploy,
  planComposeScale,
  type ComposeApplyResult,
  type ComposePlan,
  type Engine,
} from '../engine';

/** The compose side of `stevedore deploy / scale / down / ps`: load, plan, print, apply, report. */

export type Out = (line: string) => void;

export class CommandFailed extends Error {}

export function loadOrFail(options: LoadOptions): ComposeProject {
  const result = loadProject(createFsHost(), options);
  if (!result.ok)
    throw new CommandFailed(
      `the project cannot be loaded:\n${result.problems.map((p) => `  ${p.file ? `${p.file}: ` : ''}${p.message}`).join('\n')}`,
    );
  return result.project;
}

export function printPlan(plan: ComposePlan, out: Out): void {
  out(`plan for project ${plan.project.name}:`);
  for (const op of plan.operations) out(`  ${describeOperation(op)}`);
  for (const warning of plan.warnings) out(`  warning: ${warning}`);
  for (const blocker of plan.blockers) out(`  cannot apply: ${blocker}`);
  if (isEmptyPlan(plan)) out('  nothing to do: everything is up to date');
}

export function reportApply(result: ComposeApplyResult, out: Out): void {
  if (result.ok) {
    out(`done: ${result.done.filter((op) => op.kind !== 'keep-container').length} change(s)`);
    return;
  }
  const made = result.done.filter((op) => op.kind !== 'keep-container');
  throw new CommandFailed(
    [
      `failed: ${result.failed?.message ?? 'unknown error'}`,
      made.length > 0 ? `already done:\n${made.map((op) => `  ${describeOperation(op)}`).join('\n')}` : 'nothing was changed',
      result.notStarted.length > 0 ? `not done:\n${result.notStarted.map((op) => `  ${describeOperation(op)}`).join('\n')}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

export async function deployCompose(
  engine: Engine,
  load: LoadOptions,
  options: { dryRun: boolean; removeOrphans: boolean; build: boolean; services: string[] },
  out: Out,
): Promise<void> {
  const project = loadOrFail(load);
  const plan = await planComposeDeploy(engine, project, {
    removeOrphans: options.removeOrphans,
    build: options.build,
    ...(options.services.length > 0 ? { services: options.services } : {}),
  });
  printPlan(plan, out);
  if (plan.blockers.length > 0) throw new CommandFailed('the plan cannot be applied (see above); nothing was changed');
  if (options.dryRun || isEmptyPlan(plan)) return;
  const result = await applyComposePlan(engine, plan, {
    onProgress: (event) => {
      if (event.operation.kind !== 'keep-container')
        out(`${event.phase === 'started' ? '…' : event.phase === 'done' ? '✓' : '✗'} ${event.message}`);
    },
  });
  reportApply(result, out);
}

export async function scaleCompose(
  engine: Engine,
  project: string,
  replicas: Record<string, number>,
  files: string[],
  out: Out,
): Promise<void> {
  const deployed =
    files.length > 0 ? { files: files.map((f) => resolve(f)) } : deployedFrom(await observeProject(engine.docker, project));
  if (deployed.files.length === 0)
    throw new CommandFailed(`no compose project ${project} runs on this engine (give its files with -f)`);
  const loaded = loadOrFail({
    files: deployed.files,
    projectName: project,
    environment: process.env,
    ...('workingDir' in deployed && deployed.workingDir ? { projectDirectory: deployed.workingDir } : {}),
  });
  const plan = await planComposeScale(engine, loaded, replicas);
  printPlan(plan, out);
  if (plan.blockers.length > 0) throw new CommandFailed('the scale cannot be applied (see above); nothing was changed');
  reportApply(
    await applyComposePlan(engine, plan, {
      onProgress: (e) => e.phase !== 'started' && out(`${e.phase === 'done' ? '✓' : '✗'} ${e.message}`),
    }),
    out,
  );
}

export async function downCompose(engine: Engine, project: string, volumes: boolean, out: Out): Promise<void> {
  const result = await composeDown(engine, project, { volumes });
  for (const name of result.removedContainers) out(`removed container ${name}`);
  for (const name of result.removedNetworks) out(`removed network ${name}`);
  for (const name of result.removedVolumes) out(`removed volume ${name}`);
  if (result.errors.length > 0) throw new CommandFailed(result.errors.join('\n'));
  if (result.removedContainers.length + result.removedNetworks.length === 0)
    out(`nothing of project ${project} runs on this engine`);
}

export async function psCompose(engine: Engine, project: string, out: Out): Promise<void> {
  const services = await composePs(engine, project);
  if (services.length === 0) {
    out(`nothing of project ${project} runs on this engine`);
    return;
  }
  out('SERVICE  CONTAINER  STATE  HEALTH  PORTS');
  for (const s of services)
    for (const c of s.containers) out(`${s.service}  ${c.name}  ${c.state}  ${c.health ?? '-'}  ${c.ports.join(', ') || '-'}`);
}
