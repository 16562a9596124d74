import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFsHost } from '../../server/src/fsHost';
import { connectEngine, enginePort, runDeploy, type DeployOutcome, type DeployUi, type Engine } from '../../client/src/engine';
import { BUSYBOX_IMAGE } from './busyboxImage';
import { swarmLab } from './swarmLab';

/**
 * What the fault and lock tests share: a compose file in a folder of its own, deployed through the same use case the
 * editor and the CLI run, and a one-node lab engine (test/setup/swarm-lab.sh) whose dockerd a test may kill and start
 * again — never the machine's own.
 */

/** A DeployUi that confirms every plan; `onApplied` hears each applied step's message, `overrides` replace the rest. */
export function confirmingUi(
  onApplied: (message: string) => void = () => undefined,
  overrides: Partial<DeployUi> = {},
): DeployUi {
  return {
    chooseTarget: () => Promise.resolve('compose'),
    showPlan: () => undefined,
    confirmPlan: () => Promise.resolve(true),
    progress: (_preview, work) =>
      work((event) => {
        if (event.step === 'apply' && event.phase === 'done') onApplied(event.message);
      }),
    ...overrides,
  };
}

export interface ComposeFolder {
  readonly dir: string;
  readonly file: string;
  /** Deploys the file as project `name` on `engine` (waiting for the lock unless `wait` is false). */
  deploy(engine: Engine, ui?: DeployUi, wait?: boolean): Promise<DeployOutcome>;
  remove(): Promise<void>;
}

/** A temporary folder holding `compose.yaml` with `text`, deployed as project `name`. */
export async function composeFolder(name: string, text: string): Promise<ComposeFolder> {
  const dir = await mkdtemp(join(tmpdir(), `${name}-`));
  const file = join(dir, 'compose.yaml');
  await writeFile(file, text);
  return {
    dir,
    file,
    deploy: (engine, ui = confirmingUi(), wait = true) =>
      runDeploy({ host: createFsHost(), files: [file], fileKind: 'compose', name, wait }, enginePort(engine, 'engine test'), ui),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface OneNodeLab {
  readonly engine: Engine;
  /** SIGKILLs the lab's dockerd, containerd and containers. */
  kill(): Promise<void>;
  /** Starts the lab's dockerd again; resolves once it answers. */
  restart(): Promise<void>;
  /** Disposes the connection and removes the lab. */
  down(): Promise<void>;
}

/** A fresh one-node lab named `name` (a leftover of a crashed run removed first), and a connection to it. */
export async function oneNodeLab(name: string): Promise<OneNodeLab> {
  await swarmLab('down', name);
  const socket = (await swarmLab('up', '--name', name, '--nodes', '1')).trim();
  const engine = await connectEngine({ host: `unix://${socket}`, env: {} });
  return {
    engine,
    kill: async () => void (await swarmLab('node-down', name, '1')),
    restart: async () => void (await swarmLab('node-up', name, '1')),
    down: async () => {
      await engine.dispose();
      await swarmLab('down', name);
    },
  };
}

export interface LabWithSleeper {
  readonly lab: OneNodeLab;
  /** The id of the lab's one container: busybox `sleep 3600`, no network, restarted with its dockerd. */
  readonly containerId: string;
}

/**
 * A fresh one-node lab (as `oneNodeLab`) running one long-lived container named `container`, which the engine starts
 * again when the lab's dockerd comes back: what a reconnect test keeps a shell or a stats stream on. If the container
 * cannot be started, the lab is removed before the error is thrown.
 */
export async function oneNodeLabWithSleeper(name: string, container: string): Promise<LabWithSleeper> {
  const lab = await oneNodeLab(name);
  try {
    const created = await lab.engine.docker.createContainer({
      name: container,
      Image: BUSYBOX_IMAGE,
      Cmd: ['sleep', '3600'],
      HostConfig: { RestartPolicy: { Name: 'always' }, NetworkMode: 'none' },
    });
    await created.start();
    return { lab, containerId: created.id };
  } catch (error) {
    await lab.down();
    throw error;
  }
}
