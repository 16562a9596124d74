// The `stevedore` command line. Commands are added here as the engine grows (deploy, scale, down, ps: issue 5).
import { check } from './check';
import type { FileKind } from '../../../server/src/service';

declare const STEVEDORE_VERSION: string | undefined;
const version = typeof STEVEDORE_VERSION === 'string' ? STEVEDORE_VERSION : 'dev';

const usage = `stevedore ${version}: validate and run Docker Compose projects, Swarm stacks and Kubernetes manifests

Usage:
  stevedore check [--kind compose|stack|kubernetes|yaml] FILE...
                         report problems in FILEs; exit 1 when one has an
                         error, 2 when one cannot be read
  stevedore --version    print the version
  stevedore --help       print this help
`;

const kinds: readonly FileKind[] = ['compose', 'stack', 'kubernetes', 'yaml'];

class UsageError extends Error {}

function parseCheckArgs(args: readonly string[]): { files: string[]; kind?: FileKind } {
  const files: string[] = [];
  let kind: FileKind | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const kindValue = arg === '--kind' ? args[++i] : arg.startsWith('--kind=') ? arg.slice('--kind='.length) : undefined;
    if (arg === '--kind' || arg.startsWith('--kind=')) {
      if (!kindValue || !kinds.includes(kindValue as FileKind)) {
        throw new UsageError(`--kind needs one of ${kinds.join(', ')}`);
      }
      kind = kindValue as FileKind;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) throw new UsageError('check needs at least one FILE');
  return kind ? { files, kind } : { files };
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
      const summary = await check({ ...parseCheckArgs(rest), out });
      return summary.unreadable > 0 ? 2 : summary.errors > 0 ? 1 : 0;
    }
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`stevedore: ${error.message}\n\n${usage}`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`stevedore: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 70;
    }
  },
);
