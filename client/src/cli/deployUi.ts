import { createInterface } from 'node:readline/promises';
import {
  describeHolder,
  type DeployOutcome,
  type DeployPreview,
  type DeployProgress,
  type DeployUi,
  type LockHolder,
} from '../engine';
import { CommandFailed, failureText, printPlanLines, type Out } from './composeCommands';

/**
 * The command line's answers to the deploy use case. On a terminal it asks (compose or stack, then the plan) unless
 * `--yes` is given; without a terminal (scripts, CI) it goes on as `--yes` would: a compose project, the plan applied.
 */

/** Asks one question on the terminal and returns the answer; undefined when there is no terminal to ask on. */
export type Ask = (question: string) => Promise<string>;

export const terminalAsk = (): Ask | undefined =>
  process.stdin.isTTY && process.stdout.isTTY
    ? async (question) => {
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        try {
          return await rl.question(question);
        } finally {
          rl.close();
        }
      }
    : undefined;

function reporter(kind: DeployPreview['target']['kind'], out: Out): (event: DeployProgress) => void {
  const mark = { started: '…', done: '✓', failed: '✗' } as const;
  return (event) => {
    if (event.step === 'apply') {
      // Compose shows each change as it starts and ends (kept containers stay quiet); a stack shows each as it ends.
      if (kind === 'compose' ? !event.unchanged : event.phase !== 'started') out(`${mark[event.phase]} ${event.message}`);
    } else if (event.step === 'pruned') out(`removed unused ${event.name}`);
    else if (event.step === 'converging') out('waiting for the services to converge…');
    else out(event.services.map((s) => `  ${s}`).join('\n'));
  };
}

export function cliDeployUi(
  options: { readonly files: number; readonly yes: boolean; readonly ask?: Ask | undefined },
  out: Out,
): DeployUi {
  const ask = options.yes ? undefined : options.ask;
  return {
    waitingForLock: lockWaitPrinter(out),
    async chooseTarget({ compose, stack }) {
      if (!ask) return 'compose';
      const answer = await ask(`deploy as compose project ${compose.name} (c) or swarm stack ${stack.name} (s)? [C/s/q] `);
      return /^\s*s/i.test(answer) ? 'stack' : /^\s*q/i.test(answer) ? undefined : 'compose';
    },
    decided(target, reason) {
      if (reason === 'stack-file')
        out(
          `${options.files > 1 ? 'these are stack files' : 'this is a stack file'}: deploying as swarm stack ${target.name} (give --project NAME to run it as a compose project)`,
        );
    },
    showPlan: (preview) =>
      printPlanLines(`${preview.target.kind === 'stack' ? 'stack' : 'project'} ${preview.target.name}`, preview, out),
    async confirmPlan() {
      return !ask || /^\s*y/i.test(await ask('apply this plan? [y/N] '));
    },
    progress: (preview, work) => work(reporter(preview.target.kind, out)),
  };
}

/** `waiting: project shop is locked (deploy by …)`, once per holder, and how long it took when the wait ends. */
export function lockWaitPrinter(out: Out): (target: { kind: string; name: string }, holder: LockHolder | undefined) => void {
  let last: string | undefined;
  let since = 0;
  return (target, holder) => {
    const subject = `${target.kind === 'stack' ? 'stack' : 'project'} ${target.name}`;
    if (!holder) {
      if (last) out(`took the lock of ${subject} after ${((Date.now() - since) / 1000).toFixed(1)} s`);
      last = undefined;
      return;
    }
    const described = describeHolder(holder);
    if (!last) since = Date.now();
    if (described !== last) out(`waiting: ${subject} is locked (${described})`);
    last = described;
  };
}

/** The outcome in the command line's words: lines on stdout, or CommandFailed (exit 1) with what was and was not done. */
export function reportDeploy(outcome: DeployOutcome, out: Out): void {
  switch (outcome.status) {
    case 'declined':
      throw new CommandFailed('not applied: nothing was changed');
    case 'unloadable':
      throw new CommandFailed(
        `the project cannot be loaded:\n${outcome.problems.map((p) => `  ${p.file ? `${p.file}: ` : ''}${p.message}`).join('\n')}`,
      );
    case 'refused':
      throw new CommandFailed(outcome.message);
    case 'locked':
      throw new CommandFailed(`${outcome.message}; nothing was changed (without --no-wait, deploy waits for it)`);
    case 'blocked':
      throw new CommandFailed('the plan cannot be applied (see above); nothing was changed');
    case 'data-loss':
      throw new CommandFailed(
        `the plan recreates volumes, and their data would be lost:\n${outcome.preview.dataLoss.map((line) => `  ${line}`).join('\n')}\nnothing was changed; give --recreate-volumes to accept the loss`,
      );
    case 'up-to-date':
    case 'dry-run':
      return;
    case 'failed':
      throw new CommandFailed(failureText(outcome.applied));
    case 'not-converged':
      throw new CommandFailed(`deployed, but not converged:\n${outcome.message}`);
    case 'deployed':
      out(outcome.converged !== undefined ? `done: ${outcome.converged}` : `done: ${outcome.applied.done.length} change(s)`);
  }
}
