import type { DeploymentKind } from '@stevedore/model';
import type { ComposeProject, DeclaredProfile, LoadOptions, LoadProblem, ProjectHost } from '@stevedore/model';
import type { DeployLock, LockHolder, LockOptions } from '../lock';

/**
 * The deploy use case's vocabulary: what a caller asks (DeployRequest), what it answers on the way (DeployUi), what the
 * engine is asked through (DeployPort), and how it ended (DeployOutcome). The editor and the CLI are adapters: each
 * supplies a DeployUi and turns the outcome into its own words.
 */

export type { DeploymentKind };

export interface DeployRequest {
  /** Reads the files (the disk for the editor and the CLI, a map in tests). */
  readonly host: ProjectHost;
  /** Absolute paths; the first one's folder names a stack and is the default project directory. */
  readonly files: readonly string[];
  /** What the files are: stack files go to a stack unless the caller chose otherwise. */
  readonly fileKind: DeploymentKind;
  /** The caller's choice: `--project` / `--stack`, the command's `as`, an answer remembered from before. */
  readonly as?: DeploymentKind;
  /** A name the user gave (`-p`, `--stack`); otherwise the loader's (compose) or the model's deploymentName (stack). */
  readonly name?: string;
  readonly load?: Pick<LoadOptions, 'environment' | 'projectDirectory' | 'envFiles' | 'profiles'>;
  /** Compose only: these services and their dependencies. A stack is deployed whole. */
  readonly services?: readonly string[];
  readonly removeOrphans?: boolean;
  readonly build?: boolean;
  /** Stack only: remove the stack's services that the file no longer has. */
  readonly prune?: boolean;
  /** Plan and show, change nothing. */
  readonly dryRun?: boolean;
  /** Recreate the volumes whose configuration changed, losing their data, without asking (`--recreate-volumes`). */
  readonly recreateVolumes?: boolean;
  /** False: when another deploy, scale or down holds the lock, refuse at once instead of waiting (`--no-wait`). */
  readonly wait?: boolean;
}

export interface DeployTarget {
  readonly kind: DeploymentKind;
  readonly name: string;
}

/** Why the target is what it is: the caller said, the file is a stack file, only compose fits, or the user chose. */
export type TargetReason = 'given' | 'stack-file' | 'compose-only' | 'chosen';

/** The plan as the user sees it before anything changes: one line per operation, "verb subject: reason". */
export interface DeployPreview {
  readonly target: DeployTarget;
  /** The engine's address, for titles ("Deploy project shop to unix:///var/run/docker.sock"). */
  readonly endpoint: string;
  readonly operations: readonly string[];
  readonly warnings: readonly string[];
  readonly blockers: readonly string[];
  /** Volumes the plan recreates, each with the data it loses: applying needs an explicit yes. */
  readonly dataLoss: readonly string[];
  /** Applying would change nothing. */
  readonly empty: boolean;
  /** Compose, with services named: those asked for and what the plan runs, dependencies first. */
  readonly scope?: { readonly services: readonly string[]; readonly order: readonly string[] };
}

export type DeployProgress =
  /** One operation of the plan starting, done or failed; `unchanged` for a container kept as it is. */
  | {
      readonly step: 'apply';
      readonly phase: 'started' | 'done' | 'failed';
      readonly message: string;
      readonly unchanged: boolean;
    }
  /** An old secret or config version removed after a stack deploy. */
  | { readonly step: 'pruned'; readonly name: string }
  /** The stack is applied; its services' convergence is followed from now. */
  | { readonly step: 'converging' }
  /** The stack's services now: one line each (counts, rolling update state, task errors). */
  | { readonly step: 'converge'; readonly services: readonly string[] };

/** How the caller answers: a quick pick in the editor, a prompt or `--yes` in the CLI. */
export interface DeployUi {
  /** A compose file a swarm could run too, on a swarm manager: which? `undefined` declines the deploy. */
  chooseTarget(choices: { readonly compose: DeployTarget; readonly stack: DeployTarget }): Promise<DeploymentKind | undefined>;
  /**
   * A compose file that declares profiles, deployed whole with none given: which to enable (`defaults`: those
   * `COMPOSE_PROFILES` enables). `undefined` declines the deploy. A caller without this answer gets the defaults.
   */
  chooseProfiles?(question: {
    readonly target: DeployTarget;
    readonly declared: readonly DeclaredProfile[];
    readonly defaults: readonly string[];
  }): Promise<readonly string[] | undefined>;
  /**
   * Another deploy, scale or down holds the lock: this one waits, told again each time it looks, then once with no
   * holder when the wait is over (the lock taken, or the deploy refused).
   */
  waitingForLock?(target: DeployTarget, holder: LockHolder | undefined): void;
  /** Told once the target is known, before loading and planning for it. */
  decided?(target: DeployTarget, reason: TargetReason): void;
  /** Every plan, as soon as it is made (dry runs and blocked plans too). */
  showPlan(preview: DeployPreview): void;
  /**
   * A plan that loses data (a volume recreated) and no `recreateVolumes`: the user must accept it (the editor's
   * modal). Without this answer the deploy refuses (`data-loss`).
   */
  confirmDataLoss?(preview: DeployPreview): Promise<boolean>;
  /** Only for a plan that changes something and can be applied, and not on a dry run; false applies nothing. */
  confirmPlan(preview: DeployPreview): Promise<boolean>;
  /** Wraps applying and converging (the editor's progress notification); each step is reported through `report`. */
  progress<T>(preview: DeployPreview, work: (report: (event: DeployProgress) => void) => Promise<T>): Promise<T>;
}

/** What an apply did, in words: `done` without the unchanged containers. */
export interface AppliedDeploy {
  readonly ok: boolean;
  readonly failed?: string;
  readonly done: readonly string[];
  readonly notStarted: readonly string[];
  readonly removedVersions: readonly string[];
}

export interface PlannedDeploy {
  readonly preview: DeployPreview;
  apply(report: (event: DeployProgress) => void): Promise<AppliedDeploy>;
}

export interface PlanRequest {
  readonly services?: readonly string[];
  readonly removeOrphans?: boolean;
  readonly build?: boolean;
  readonly prune?: boolean;
}

/** The engine as the use case needs it; enginePort(engine) is the real one, tests pass a fake. */
export interface DeployPort {
  isSwarmManager(): Promise<boolean>;
  /** Takes the target's deploy lock (rejects with DeployLockHeld when `wait` is false and another holds it). */
  lock(target: DeployTarget, options: Pick<LockOptions, 'operation' | 'wait' | 'onWait'>): Promise<DeployLock>;
  plan(target: DeployTarget, project: ComposeProject, options: PlanRequest): Promise<PlannedDeploy>;
  /** Follows a stack's services until they run as asked, fail or roll back. */
  converge(
    stack: string,
    since: number,
    report: (event: DeployProgress) => void,
  ): Promise<{ readonly ok: boolean; readonly message: string }>;
}

export type DeployOutcome =
  /** The user declined: no choice of target, or the plan not confirmed. Nothing was changed. */
  | { readonly status: 'declined'; readonly preview?: DeployPreview }
  | { readonly status: 'unloadable'; readonly target: DeployTarget; readonly problems: readonly LoadProblem[] }
  /** Asked for something the target cannot do (one service of a stack). */
  | { readonly status: 'refused'; readonly target: DeployTarget; readonly message: string }
  /** Another deploy, scale or down holds the lock and the caller asked not to wait. Nothing was changed. */
  | { readonly status: 'locked'; readonly target: DeployTarget; readonly holder: LockHolder; readonly message: string }
  | { readonly status: 'blocked'; readonly preview: DeployPreview }
  /** The plan would recreate volumes (their data lost) and the user did not accept it. Nothing was changed. */
  | { readonly status: 'data-loss'; readonly preview: DeployPreview }
  | { readonly status: 'up-to-date'; readonly preview: DeployPreview }
  | { readonly status: 'dry-run'; readonly preview: DeployPreview }
  | { readonly status: 'failed'; readonly preview: DeployPreview; readonly applied: AppliedDeploy }
  | {
      readonly status: 'not-converged';
      readonly preview: DeployPreview;
      readonly applied: AppliedDeploy;
      readonly message: string;
    }
  | {
      readonly status: 'deployed';
      readonly preview: DeployPreview;
      readonly applied: AppliedDeploy;
      /** A stack's convergence summary. */
      readonly converged?: string;
    };
