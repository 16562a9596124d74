import * as vscode from 'vscode';
import type { ServiceRef } from '../engine';
import { Cancelled } from '../targets';

/**
 * Which shell, as which user, in which folder: asked by "Attach Shell…", remembered per service in the
 * workspace's state (keyed by engine, project or stack, and service), and used without asking by the plain
 * Attach Shell. Without a remembered choice the settings `stevedore.shell.command` / `.user` apply.
 */

export interface ShellChoice {
  /** Empty: bash when the container has it, else sh. */
  readonly shell: string;
  /** Empty: the container's user. */
  readonly user: string;
  /** Empty: the container's working directory. */
  readonly workingDir: string;
}

const PREFIX = 'stevedore.shellChoice';

/** The memory's key: one per engine and service (a container that belongs to no service is keyed by its name). */
export function choiceKey(engineUrl: string, ref: ServiceRef | undefined, containerName: string): string {
  const owner = ref ? `${ref.kind}:${ref.name}:${ref.service}` : `container:${containerName}`;
  return `${PREFIX}:${engineUrl}:${owner}`;
}

function fromSettings(): ShellChoice {
  const config = vscode.workspace.getConfiguration('stevedore.shell');
  return { shell: config.get<string>('command')?.trim() ?? '', user: config.get<string>('user')?.trim() ?? '', workingDir: '' };
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** What the plain Attach Shell uses: the remembered choice, else the settings. */
export function rememberedChoice(state: vscode.Memento, key: string): ShellChoice {
  const stored = state.get<Partial<ShellChoice>>(key);
  if (!stored) return fromSettings();
  return { shell: text(stored.shell), user: text(stored.user), workingDir: text(stored.workingDir) };
}

export async function rememberChoice(state: vscode.Memento, key: string, choice: ShellChoice): Promise<void> {
  await state.update(key, choice);
}

/** A choice given in a command's argument (`{ shell, user, workingDir }`: scripts, tests), else undefined. */
export function choiceInArgument(arg: unknown, base: ShellChoice): ShellChoice | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  if (!('shell' in a) && !('user' in a) && !('workingDir' in a)) return undefined;
  const choice = {
    shell: 'shell' in a ? text(a['shell']) : base.shell,
    user: 'user' in a ? text(a['user']) : base.user,
    workingDir: 'workingDir' in a ? text(a['workingDir']) : base.workingDir,
  };
  const problem = checkShell(choice.shell) ?? checkUser(choice.user) ?? checkWorkingDir(choice.workingDir);
  if (problem) throw new Error(problem);
  return choice;
}

const checkShell = (v: string): string | undefined =>
  /\s/.test(v) ? 'a shell is one program name or path (`zsh`, `/bin/ash`), without spaces or arguments' : undefined;
const checkUser = (v: string): string | undefined =>
  /\s/.test(v) ? 'a user is a name or uid[:gid] (`root`, `1000:1000`), without spaces' : undefined;
const checkWorkingDir = (v: string): string | undefined =>
  v && !v.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(v) ? 'the working directory must be an absolute path' : undefined;

const SHELLS: readonly { label: string; shell: string; detail?: string }[] = [
  { label: 'bash, else sh', shell: '', detail: 'the default: bash when the container has it' },
  { label: 'bash', shell: 'bash' },
  { label: 'sh', shell: 'sh' },
  { label: 'ash', shell: 'ash' },
  { label: 'zsh', shell: 'zsh' },
];
const CUSTOM = 'Other shell…';

/** "Attach Shell…": shell, user and working directory, each pre-filled with what is remembered. */
export async function askChoice(current: ShellChoice, what: string): Promise<ShellChoice> {
  const items: (vscode.QuickPickItem & { shell?: string })[] = [
    ...SHELLS.map((s) => ({ ...s, ...(s.shell === current.shell ? { description: '(last used)' } : {}) })),
    {
      label: CUSTOM,
      ...(current.shell && !SHELLS.some((s) => s.shell === current.shell)
        ? { description: `(last used: ${current.shell})` }
        : {}),
    },
  ];
  const picked = await new Promise<(typeof items)[number] | undefined>((resolve) => {
    const pick = vscode.window.createQuickPick<(typeof items)[number]>();
    pick.title = `Shell in ${what}`;
    pick.items = items;
    pick.activeItems = items.filter((i) => i.description?.startsWith('(last used'));
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]);
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
  if (!picked) throw new Cancelled();
  const shell =
    picked.label === CUSTOM
      ? await ask({
          title: `Shell in ${what}`,
          prompt: 'A program name or absolute path; it is started directly, without a host shell',
          value: current.shell,
          validateInput: (v) => checkShell(v.trim()) ?? (v.trim() ? undefined : 'name a shell'),
        })
      : (picked.shell ?? '');
  const user = await ask({
    title: `User in ${what}`,
    prompt: 'A name or uid[:gid]; empty for the container’s user',
    value: current.user,
    placeHolder: 'the container’s user',
    validateInput: (v) => checkUser(v.trim()),
  });
  const workingDir = await ask({
    title: `Working directory in ${what}`,
    prompt: 'An absolute path; empty for the container’s working directory',
    value: current.workingDir,
    placeHolder: 'the container’s working directory',
    validateInput: (v) => checkWorkingDir(v.trim()),
  });
  return { shell, user, workingDir };
}

async function ask(options: vscode.InputBoxOptions): Promise<string> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  if (value === undefined) throw new Cancelled();
  return value.trim();
}
