import * as vscode from 'vscode';
import { createFsHost } from '../../server/src/fsHost';
import type { LoadResult } from '@stevedore/model';
import {
  COMMANDS,
  createSourceFile,
  getCodeLenses,
  loadProject,
  readCodeLensMode,
  type CodeLensMode,
} from '../../server/src/service';
import {
  composeLiveState,
  describeProfiles,
  eventScope,
  describeServiceState,
  stackLiveState,
  type Engine,
  type EventWatch,
  type ServiceState,
  VIEW_EVENTS,
  watchEngineEvents,
  watchedServices,
} from './engine';
import type { Watches } from './watches';
import type { EngineHolder } from './engineHolder';
import { documentSelector } from './languageClient';
import { rememberedDeployKind, rememberedProfiles } from './commands/deploy';

/**
 * Live state beside the language server's code lenses: "web: 3/3 running", "web: not deployed", "web: differs from
 * file". The server only proposes commands and never reaches an engine; this client-side provider adds one lens
 * per service, at the line of the server's lenses (it runs the same pure lens function to find the services), with
 * the state the deploy planner gives for the file on disk. Refreshed on engine events (debounced) and on saves;
 * nothing is shown without a trusted workspace and a reachable engine. When the engine stops answering, the
 * first service's line says "disconnected from the engine" instead of a stale state until the event
 * stream is back (`watchEngineEvents` retries by itself), and the states are read again.
 */

const EVENT_DEBOUNCE_MS = 500;
/** What a service that is not deployed shows instead of its Scale, Shell and Logs lenses. */
export const NOT_DEPLOYED_YET = 'Scale, Shell, Logs: once deployed';

interface FileStates {
  readonly states: Map<string, ServiceState>;
  /** The compose project to offer Watch for: deployed, with develop.watch rules. */
  readonly watchable?: string;
}

export class LiveStateLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  /** Bumped by every engine event and save; a cached state of an older generation is read again. */
  private generation = 0;
  private readonly cache = new Map<string, { generation: number; states: Promise<FileStates> }>();
  private readonly projects = new Map<string, { key: string; generation: number; loaded: LoadResult }>();
  private events: EventWatch | undefined;
  private disconnected = false;
  /** The engine whose events are followed; a new engine (setting changed) gets a new stream. */
  private watched: Engine | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly engines: EngineHolder,
    private readonly workspaceState: vscode.Memento,
    private readonly watches: Watches,
  ) {
    this.subscriptions = [
      watches.onDidChange(() => this.changed.fire()),
      engines.onDidChange(() => {
        this.stopEvents();
        this.invalidate();
      }),
      vscode.workspace.onDidSaveTextDocument(() => this.invalidate()),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.invalidate()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('stevedore.codeLens')) this.changed.fire();
      }),
      vscode.languages.registerCodeLensProvider(documentSelector, this),
    ];
  }

  private invalidate(): void {
    this.generation++;
    this.changed.fire();
  }

  private watch(engine: Engine): void {
    this.events ??= watchEngineEvents(engine.docker, VIEW_EVENTS.lenses, {
      onEvent: (event) => {
        // A healthcheck's or a shell's exec events change no service's state: they would only postpone the redraw.
        if (eventScope(event).kind === 'none') return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.invalidate(), EVENT_DEBOUNCE_MS);
      },
      onState: (state) => {
        const was = this.disconnected;
        this.disconnected = state === 'disconnected';
        if (was !== this.disconnected) this.invalidate();
      },
    });
  }

  private stopEvents(): void {
    this.events?.stop();
    this.events = undefined;
    this.disconnected = false;
  }

  /**
   * The server's lenses as the engine allows them: on a service that is not deployed, Scale, Shell and Logs have
   * nothing to act on, so they give way to one plain line saying what they wait for (Deploy stays).
   */
  async adjust(document: vscode.TextDocument, lenses: vscode.CodeLens[]): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.isTrusted || document.uri.scheme !== 'file') return lenses;
    const waiting = new Set<string>([COMMANDS.scale, COMMANDS.attachShell, COMMANDS.logs]);
    const serviceOf = (lens: vscode.CodeLens): string | undefined =>
      waiting.has(lens.command?.command ?? '')
        ? (lens.command?.arguments?.[0] as { service?: string } | undefined)?.service
        : undefined;
    if (!lenses.some((l) => serviceOf(l) !== undefined)) return lenses;
    const file = await this.engineStates(
      document,
      lenses.some((l) => (l.command?.arguments?.[0] as { stack?: string })?.stack),
    );
    if (!file) return lenses;
    const told = new Set<string>();
    return lenses.flatMap((lens) => {
      const service = serviceOf(lens);
      if (service === undefined || file.states.get(service)?.kind !== 'not-deployed') return [lens];
      if (told.has(service)) return [];
      told.add(service);
      return [
        new vscode.CodeLens(lens.range, {
          title: NOT_DEPLOYED_YET,
          command: '',
          tooltip: `${service} is not deployed: Deploy it first`,
        }),
      ];
    });
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!vscode.workspace.isTrusted || document.uri.scheme !== 'file') return [];
    const mode = codeLensMode();
    if (mode === 'off') return [];
    const lenses = getCodeLenses(createSourceFile(document.uri.toString(), document.version, document.getText()));
    const services = lenses.flatMap((l) => (l.command === COMMANDS.scale ? [{ range: l.range, args: l.args }] : []));
    if (services.length === 0) return [];
    const stackFile = services[0]?.args.stack !== undefined;
    // A compose project's profiles need no engine: they are the file's and the deploy's choice. A stack has none.
    const asStack = stackFile || rememberedDeployKind(this.workspaceState, document.uri) === 'stack';
    const profiles = asStack ? undefined : this.projectOf(document);
    const file = await this.engineStates(document, stackFile);
    const first = services[0]?.range;
    if (this.disconnected && first) return [disconnectedLens(first)];
    const watchLens = mode === 'all' && first && file?.watchable ? [this.watchLens(document, file.watchable, first)] : [];
    return [
      ...watchLens,
      ...services.flatMap(({ range, args }) => {
        const state = file?.states.get(args.service);
        const profile = profileText(profiles, args.service);
        if (!state && !profile) return [];
        const at = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
        const tooltip =
          state?.kind === 'differs'
            ? `A Deploy would: ${state.reasons.join('; ')}`
            : state?.kind === 'restarting'
              ? [`${state.container} keeps restarting; its last lines:`, ...state.crash.lastLines].join('\n')
              : undefined;
        // A title without a command is shown as plain text.
        return [
          new vscode.CodeLens(at, {
            title: [state && describeServiceState(args.service, state), profile].filter(Boolean).join(' · '),
            command: '',
            ...(tooltip ? { tooltip } : {}),
          }),
        ];
      }),
    ];
  }

  /** The file as Deploy would load it (the profiles last chosen for it, else `COMPOSE_PROFILES`), per generation. */
  private projectOf(document: vscode.TextDocument): LoadResult {
    const key = `${document.uri.toString()}@${document.version}`;
    const cached = this.projects.get(document.uri.toString());
    if (cached && cached.key === key && cached.generation === this.generation) return cached.loaded;
    const profiles = rememberedProfiles(this.workspaceState, document.uri);
    const loaded = loadProject(createFsHost(), {
      files: [document.uri.fsPath],
      environment: process.env,
      ...(profiles ? { profiles } : {}),
    });
    this.projects.set(document.uri.toString(), { key, generation: this.generation, loaded });
    return loaded;
  }

  /** The services' live state, or undefined without an engine (nothing beyond the server's lenses). */
  private async engineStates(document: vscode.TextDocument, stackFile: boolean): Promise<FileStates | undefined> {
    let engine: Engine;
    try {
      engine = await this.engines.get();
    } catch {
      return undefined;
    }
    if (engine !== this.watched) {
      this.stopEvents();
      this.watched = engine;
    }
    this.watch(engine);
    if (this.disconnected) return undefined;
    return this.statesOf(engine, document, stackFile).catch(() => undefined);
  }

  /** Watch on or off for the file's project: on the first service's line, for a deployed project with watch rules. */
  private watchLens(document: vscode.TextDocument, project: string, range: { start: { line: number } }): vscode.CodeLens {
    const on = this.watches.isWatching(project);
    return new vscode.CodeLens(new vscode.Range(range.start.line, 0, range.start.line, 0), {
      title: on ? '$(eye) watching · stop' : '$(eye) Watch',
      command: COMMANDS.watch,
      arguments: [{ project, uri: document.uri.toString(), watch: !on }],
      tooltip: on
        ? `Stop syncing saves into project ${project}`
        : `Act on develop.watch rules as files of project ${project} are saved`,
    });
  }

  private statesOf(engine: Engine, document: vscode.TextDocument, stackFile: boolean): Promise<FileStates> {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.generation === this.generation) return cached.states;
    const asStack = stackFile || rememberedDeployKind(this.workspaceState, document.uri) === 'stack';
    const states = (async (): Promise<FileStates> => {
      const file = document.uri.fsPath;
      const compose = this.projectOf(document);
      if (!compose.ok) return { states: new Map<string, ServiceState>() };
      if (!asStack) {
        const states = await composeLiveState(engine, compose.project);
        const deployed = [...states.values()].some((s) => s.kind !== 'not-deployed');
        const watchable = deployed && watchedServices(compose.project).length > 0 ? compose.project.name : undefined;
        return { states, ...(watchable ? { watchable } : {}) };
      }
      const stack = stackFile ? (getStackName(document) ?? compose.project.name) : compose.project.name;
      const loaded = loadProject(createFsHost(), { files: [file], projectName: stack, environment: process.env, stack: true });
      return { states: loaded.ok ? await stackLiveState(engine, loaded.project, stack) : new Map<string, ServiceState>() };
    })();
    this.cache.set(key, { generation: this.generation, states });
    return states;
  }

  dispose(): void {
    this.stopEvents();
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/** `stevedore.codeLens`: `all`, `state` (only the live-state line: no Watch lens, and the server shows none), `off`. */
const codeLensMode = (): CodeLensMode => readCodeLensMode(vscode.workspace.getConfiguration('stevedore').get('codeLens'));

/** Said instead of the services' states while the engine's event stream is down. */
function disconnectedLens(range: { start: { line: number } }): vscode.CodeLens {
  return new vscode.CodeLens(new vscode.Range(range.start.line, 0, range.start.line, 0), {
    title: '$(debug-disconnect) disconnected from the engine · reconnecting…',
    command: '',
    tooltip: 'The engine stopped answering (dockerd restarted or the connection dropped); the states return when it is back',
  });
}

/** The service's profiles and whether Deploy enables them (it is among the loaded project's services). */
function profileText(project: LoadResult | undefined, service: string): string | undefined {
  if (!project?.ok) return undefined;
  const enabled = project.project.services[service];
  const config = enabled ?? project.project.disabledServices[service];
  return config ? describeProfiles(config.profiles, enabled !== undefined) : undefined;
}

/** The stack name the server's lens gives the file (its folder), which is what Deploy uses. */
function getStackName(document: vscode.TextDocument): string | undefined {
  for (const lens of getCodeLenses(createSourceFile(document.uri.toString(), document.version, document.getText())))
    if (lens.command === COMMANDS.scale) return lens.args.stack;
  return undefined;
}
