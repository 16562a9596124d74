import { resolve } from 'node:path';
import { createFsHost } from '../../../server/src/fsHost';
import { loadProject, type ComposeProject, type LoadOptions } from '../../../server/src/service';
import {
  describeCrash,
  applyComposePlan,
  composeDown,
  composePs,
  deployedFrom,
  describeOperation,
  isEmptyPlan,
  observeProject,
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

/** A plan as the CLI prints it: a header, one indented line per operation, its warnings and blockers. */
export function printPlanLines(
  subject: string,
  plan: {
    readonly operations: readonly string[];
    readonly warnings: readonly string[];
    readonly blockers: readonly string[];
    readonly empty: boolean;
  },
  out: Out,
): void {
  out(`plan for ${subject}:`);
  for (const op of plan.operations) out(`  ${op}`);
  for (const warning of plan.warnings) out(`  warning: ${warning}`);
  for (const blocker of plan.blockers) out(`  cannot apply: ${blocker}`);
  if (plan.empty && plan.blockers.length === 0) out('  nothing to do: everything is up to date');
}

export function printPlan(plan: ComposePlan, out: Out): void {
  printPlanLines(
    `project ${plan.project.name}`,
    { ...plan, operations: plan.operations.map(describeOperation), empty: isEmptyPlan(plan) },
    out,
  );
}

/** What failed, what was already done and what was not: the CLI's report of a failed apply. */
export function failureText(applied: {
  readonly failed?: string;
  readonly done: readonly string[];
  readonly notStarted: readonly string[];
}): string {
  return [
    `failed: ${applied.failed ?? 'unknown error'}`,
    applied.done.length > 0 ? `already done:\n${applied.done.map((op) => `  ${op}`).join('\n')}` : 'nothing was changed',
    applied.notStarted.length > 0 ? `not done:\n${applied.notStarted.map((op) => `  ${op}`).join('\n')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function reportApply(result: ComposeApplyResult, out: Out): void {
  const made = result.done.filter((op) => op.kind !== 'keep-container');
  if (result.ok) {
    out(`done: ${made.length} change(s)`);
    return;
  }
  throw new CommandFailed(
    failureText({
      ...(result.failed ? { failed: result.failed.message } : {}),
      done: made.map(describeOperation),
      notStarted: result.notStarted.map(describeOperation),
    }),
  );
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
    for (const c of s.containers) {
      const state = c.crash ? describeCrash(c.crash).replace(/ · /g, ', ') : c.state;
      out(`${s.service}  ${c.name}  ${state}  ${c.health ?? '-'}  ${c.ports.join(', ') || '-'}`);
      for (const line of c.crash?.lastLines ?? []) out(`    | ${line}`);
    }
}
