/**
 * The protocol between the language server's code lenses and the extension's commands: command ids and the shape
 * of their one argument. Both sides import this file, so a lens can never name a command the extension lacks or
 * pass an argument it cannot read. Arguments are plain JSON (they cross the LSP connection).
 */

export const COMMANDS = {
  deploy: 'stevedore.deploy',
  scale: 'stevedore.scale',
  attachShell: 'stevedore.attachShell',
  logs: 'stevedore.logs',
  down: 'stevedore.down',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Deploy a file (all services, or these and their dependencies). */
export interface DeployArgs {
  readonly uri: string;
  readonly services?: readonly string[];
  /** A compose file a swarm could also run: deploy it as this, without asking (remembered for the file). */
  readonly as?: 'compose' | 'stack';
}

/** A service of a deployed compose project or swarm stack (scale, shell, logs). */
export interface ServiceArgs {
  readonly project?: string;
  readonly stack?: string;
  readonly service: string;
  /** scale: the count, without asking. */
  readonly replicas?: number;
  /** scale: the file the service is written in (a `file:` URI), where the new count can be written back. */
  readonly file?: string;
  /** scale: write the count back to `file` without asking (true), or do not offer (false). */
  readonly writeBack?: boolean;
}

/** A project or stack (down). */
export interface DeploymentArgs {
  readonly project?: string;
  readonly stack?: string;
  /** down: skip the confirmation (tests, scripts). */
  readonly confirmed?: boolean;
}
