// The `stevedore` command line: check files, and deploy / scale / take down / list compose projects and swarm stacks.
import { EngineUnavailableError } from '../engine';
import { parseArgs, single, UsageError } from './args';
import { check, type OutputFormat } from './check';
import { CommandFailed } from './composeCommands';
import { deployCommand, downCommand, psCommand, scaleCommand } from './engineCommands';
import { listRules } from './listRules';
import { watchCommand } from './watchCommand';
import { actionCommand, pullCommand } from './actionCommands';
import { statsCommand } from './statsCommand';
import { nodeCommand, nodesCommand } from './nodeCommands';
import { FILE_KINDS, type FileKind } from '../../../server/src/service';

declare const STEVEDORE_VERSION: string | undefined;
const version = typeof STEVEDORE_VERSION === 'string' ? STEVEDORE_VERSION : 'dev';

const usage = `stevedore ${version}: validate and run Docker Compose projects, Swarm stacks and Kubernetes manifests
(and validate Marathon app, pod and group definitions)

Usage:
  stevedore check [--kind compose|stack|kubernetes|kustomization|marathon|yaml]
                  [--format text|json]
                  [--env-file FILE]... [--kubernetes-version 1.N] [--strict] FILE...
                         report problems in FILEs; exit 1 when one has an
                         error, 2 when one cannot be read; --strict adds the
                         best-practice and security findings, as errors
                         (# stevedore-ignore: CODE silences one)
  stevedore check --list-rules [--format text|json]
                         list every rule: code, family, default severity, what
                         it reports (severities change with stevedore.rules)
  stevedore deploy FILE... [--project NAME | --stack NAME] [--dry-run] [--prune]
                  [--remove-orphans] [--build] [--service NAME]... [--profile P]...
                  [--env-file FILE]... [--project-directory DIR] [--yes] [--no-wait]
                  [--recreate-volumes]
                         deploy a compose project (one engine) or a swarm stack:
                         print the plan, then apply it (--dry-run: plan only);
                         on a terminal, ask first (--yes: do not ask);
                         a stack file (docker-stack*.yml, *.stack.yml) deploys as
                         a stack unless --project is given; a volume whose
                         settings changed is recreated, losing its data, only
                         with --recreate-volumes
  stevedore watch FILE... [--project NAME] [--profile P]... [--env-file FILE]...
                         act on the deployed project's develop.watch rules as
                         files change (sync, sync+restart, sync+exec, restart,
                         rebuild), one line per action, until Ctrl-C
  stevedore pull FILE... [--project NAME]
                         pull the images the project's services name (build-only
                         services left out; pull_policy missing keeps a local one)
  stevedore pause|unpause PROJECT SERVICE
                         freeze or thaw a compose service's containers
  stevedore recreate PROJECT SERVICE [--no-wait]
                         new containers for a service from its file (restart
                         keeps them); its dependencies are left alone
  stevedore scale NAME SERVICE=N... [-f FILE]... [--no-wait]
                         set replica counts of a project's or stack's services
  stevedore down NAME [--volumes] [--no-wait]
                         remove a compose project (its named and anonymous
                         volumes only with --volumes) or a swarm stack
  stevedore ps NAME      list a project's or stack's services and containers/tasks
  stevedore stats NAME... [--no-stream] [--samples N] [--node-endpoint NODE=ADDRESS]...
                         live CPU, memory / limit, network and block I/O of
                         containers, or of a project's or stack's containers
                         (a stack's tasks on other nodes through that node's
                         --node-endpoint, else marked unavailable)
  stevedore nodes        list a swarm's nodes (role, availability, state, engine,
                         address, tasks running/wanted, labels)
  stevedore node drain|activate|pause NODE
                         move a node's tasks away / take new tasks / take none
  stevedore node label NODE key=value... | key-...
                         add or remove node labels (placement constraints)
  deploy, scale, down and recreate take the project's or stack's lock on the
  engine: while another holds it they wait, saying whose it is (--no-wait: exit 1
  at once).
  Engine options for deploy, watch, pull, pause, unpause, recreate, scale, down, ps, stats, nodes, node: --host URL (unix://, tcp://, ssh://)
  or --context NAME; otherwise DOCKER_HOST, DOCKER_CONTEXT, the current docker
  context, the default socket, as the docker CLI chooses.
  Exit status: 0 done, 1 failed (what was done is printed), 2 usage.

  stevedore --version    print the version
  stevedore --help       print this help
`;

const kinds: readonly FileKind[] = FILE_KINDS;

interface CheckArgs {
  files: string[];
  kind?: FileKind;
  format?: OutputFormat;
  envFiles: string[];
  kubernetesVersion?: string;
  listRules?: boolean;
  strict?: boolean;
}

function parseCheckArgs(argv: readonly string[]): CheckArgs {
  const args = parseArgs(argv, {
    values: ['--kind', '--format', '--env-file', '--kubernetes-version'],
    flags: ['--list-rules', '--strict'],
  });
  const parsed: CheckArgs = { files: args.positional, envFiles: args.values.get('--env-file') ?? [] };
  const kind = single(args, '--kind');
  if (kind !== undefined) {
    if (!kinds.includes(kind as FileKind)) throw new UsageError(`--kind needs one of ${kinds.join(', ')}`);
    parsed.kind = kind as FileKind;
  }
  const format = single(args, '--format');
  if (format !== undefined) {
    if (format !== 'text' && format !== 'json') throw new UsageError('--format needs text or json');
    parsed.format = format;
  }
  const kubernetesVersion = single(args, '--kubernetes-version');
  if (kubernetesVersion !== undefined) {
    if (!/^1\.\d+$/.test(kubernetesVersion)) throw new UsageError('--kubernetes-version needs a release such as 1.34');
    parsed.kubernetesVersion = kubernetesVersion;
  }
  if (args.flags.has('--list-rules')) parsed.listRules = true;
  if (args.flags.has('--strict')) parsed.strict = true;
  if (parsed.listRules && parsed.files.length > 0) throw new UsageError('--list-rules takes no FILE');
  if (parsed.files.length === 0 && !parsed.listRules) throw new UsageError('check needs at least one FILE');
  return parsed;
}

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = (line: string): void => void process.stdout.write(`${line}\n`);
  switch (command) {
    case '--version':
    case '-v':
      out(version);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(usage);
      return 0;
    case 'check': {
      const args = parseCheckArgs(rest);
      if (args.listRules) {
        listRules(args.format ?? 'text', out);
        return 0;
      }
      const summary = await check({ ...args, out });
      return summary.unreadable > 0 ? 2 : summary.errors > 0 ? 1 : 0;
    }
    case 'deploy':
      await deployCommand(rest, out);
      return 0;
    case 'watch':
      await watchCommand(rest, out);
      return 0;
    case 'pull':
      await pullCommand(rest, out);
      return 0;
    case 'pause':
    case 'unpause':
    case 'recreate':
      await actionCommand(command, rest, out);
      return 0;
    case 'scale':
      await scaleCommand(rest, out);
      return 0;
    case 'down':
      await downCommand(rest, out);
      return 0;
    case 'ps':
      await psCommand(rest, out);
      return 0;
    case 'stats':
      await statsCommand(rest, out);
      return 0;
    case 'nodes':
      await nodesCommand(rest, out);
      return 0;
    case 'node':
      await nodeCommand(rest, out);
      return 0;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

// A reader that stops early (`stevedore check … | head`) closes the pipe: stop quietly, as other command-line tools do,
// instead of an unhandled EPIPE with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`stevedore: ${error.message}\n\n${usage}`);
      process.exitCode = 2;
    } else if (error instanceof CommandFailed || error instanceof EngineUnavailableError) {
      process.stderr.write(`stevedore: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`stevedore: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    }
  },
);
