import { existsSync } from 'node:fs';
import type { ComposeProject, ServiceConfig, WatchRule } from '@stevedore/model';
import type { Engine } from '../connection';
import { LABELS } from '../compose/labels';
import { restartContainer } from '../restart';
import { rebuildService } from './rebuild';
import { containerPathOf, ruleMatchers, type RuleMatcher } from './rules';
import { syncContainer, type SyncBatch } from './sync';
import { execAfterSync } from './execHook';

/**
 * `docker compose watch` over the engine API: changed paths come in (the editor's saves, a file watcher), are
 * collected for `debounceMs`, routed to each service's `develop.watch` rules, and each service's actions run one
 * batch at a time: `sync` copies into every running replica, `sync+restart` then restarts them, `sync+exec` runs the
 * rule's command in them, `restart` restarts, `rebuild` builds the image and recreates only that service. Every
 * action is reported once, with what it did and how long it took ("web: synced 3 files in 120 ms").
 */

export interface WatchReport {
  readonly service: string;
  readonly action: WatchRule['action'];
  readonly ok: boolean;
  /** Files written (sync), containers restarted, 0 for a rebuild. */
  readonly count: number;
  readonly ms: number;
  /** One line, as the output channel and the status bar show it. */
  readonly message: string;
}

export interface WatchOptions {
  /** Quiet time before a burst of changes is acted on (default 100 ms). */
  readonly debounceMs?: number;
  readonly onReport: (report: WatchReport) => void;
  /** Who watches (`VS Code`, `stevedore CLI`): a rebuild takes the project's deploy lock in its name. */
  readonly client: string;
}

/** The services with watch rules, and why a project cannot be watched. */
export function watchedServices(project: ComposeProject): ServiceConfig[] {
  return Object.values(project.services).filter((s) => (s.develop?.watch.length ?? 0) > 0);
}

const elapsed = (start: number): number => Math.round(performance.now() - start);
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export class ProjectWatch {
  private readonly matchers: ReadonlyMap<string, RuleMatcher[]>;
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private disposed = false;
  readonly projectName: string;

  constructor(
    private readonly engine: Engine,
    /** Loaded with the name it is deployed under (the loader's `projectName`). */
    private readonly project: ComposeProject,
    private readonly options: WatchOptions,
  ) {
    const services = watchedServices(project);
    if (services.length === 0) throw new Error(`no service of project ${project.name} has develop.watch rules`);
    this.projectName = project.name;
    this.matchers = new Map(services.map((s) => [s.name, ruleMatchers(s)]));
  }

  /** The folders and files the rules watch (for a file watcher). */
  get roots(): string[] {
    return [...new Set([...this.matchers.values()].flatMap((ms) => ms.map((m) => m.rule.path)))];
  }

  /** Copies every `initial_sync` rule's path whole, before the first change. */
  async initialSync(): Promise<void> {
    const initial = [...this.matchers.values()].flat().filter((m) => m.rule.initial_sync && m.rule.action.startsWith('sync'));
    if (initial.length > 0)
      await this.enqueue(
        initial.map((m) => m.rule.path),
        true,
      );
  }

  /** Paths changed (created, written or deleted); acted on after the debounce. */
  changed(paths: Iterable<string>): void {
    if (this.disposed) return;
    for (const path of paths) this.pending.add(path);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.options.debounceMs ?? 100);
  }

  /** Waits until every change received so far has been acted on (tests, the CLI's exit). */
  async idle(): Promise<void> {
    if (this.timer) await this.flush();
    await this.running;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const paths = [...this.pending];
    this.pending = new Set();
    return paths.length > 0 ? this.enqueue(paths, false) : this.running;
  }

  /** Batches run one after another, so a rebuild never races a sync of the same service. */
  private enqueue(paths: readonly string[], initial: boolean): Promise<void> {
    this.running = this.running.then(() => this.act(paths, initial)).catch(() => undefined);
    return this.running;
  }

  private async act(paths: readonly string[], initial: boolean): Promise<void> {
    await Promise.all(
      [...this.matchers].map(async ([service, matchers]) => {
        // The first rule that takes a path acts on it (compose's order); a rebuild or restart covers the rest.
        const byRule = new Map<RuleMatcher, string[]>();
        for (const path of paths) {
          const matcher = matchers.find((m) => m.matches(path));
          if (matcher) byRule.set(matcher, [...(byRule.get(matcher) ?? []), path]);
        }
        const rules = [...byRule.keys()];
        const heavy = rules.find((m) => m.rule.action === 'rebuild') ?? rules.find((m) => m.rule.action === 'restart');
        if (heavy && !initial) return this.run(service, heavy.rule, () => this.heavy(service, heavy.rule));
        for (const [matcher, changed] of byRule)
          await this.run(service, matcher.rule, () => this.sync(service, matcher, changed));
      }),
    );
  }

  private async run(service: string, rule: WatchRule, work: () => Promise<[number, string]>): Promise<void> {
    const start = performance.now();
    try {
      const [count, done] = await work();
      const ms = elapsed(start);
      this.options.onReport({ service, action: rule.action, ok: true, count, ms, message: `${service}: ${done} in ${ms} ms` });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const ms = elapsed(start);
      this.options.onReport({
        service,
        action: rule.action,
        ok: false,
        count: 0,
        ms,
        message: `${service}: ${rule.action} failed: ${why}`,
      });
    }
  }

  private async containers(service: string): Promise<string[]> {
    const found = await this.engine.docker.listContainers({
      filters: {
        label: [`${LABELS.project}=${this.projectName}`, `${LABELS.service}=${service}`, `${LABELS.oneoff}=False`],
        status: ['running'],
      },
    });
    if (found.length === 0) throw new Error(`no running container of ${service} in project ${this.projectName}`);
    return found.map((c) => c.Id);
  }

  private async sync(service: string, matcher: RuleMatcher, changed: readonly string[]): Promise<[number, string]> {
    const { rule } = matcher;
    if (!rule.target) throw new Error(`the ${rule.action} rule for ${rule.path} has no target`);
    const batch: { copy: SyncBatch['copy'][number][]; remove: string[] } = { copy: [], remove: [] };
    for (const hostPath of changed) {
      const containerPath = containerPathOf(rule, hostPath);
      if (!containerPath) continue;
      if (existsSync(hostPath)) batch.copy.push({ hostPath, containerPath });
      else batch.remove.push(containerPath);
    }
    const ids = await this.containers(service);
    const counts = await Promise.all(ids.map((id) => syncContainer(this.engine.docker, id, batch, (p) => matcher.matches(p))));
    const files = counts[0] ?? 0;
    const removed = batch.remove.length > 0 ? `, removed ${batch.remove.length}` : '';
    let done = `synced ${plural(files, 'file')}${removed}`;
    if (rule.action === 'sync+restart') {
      await Promise.all(ids.map((id) => restartContainer(this.engine, id)));
      done += `, restarted ${plural(ids.length, 'container')}`;
    } else if (rule.action === 'sync+exec') {
      await Promise.all(ids.map((id) => execAfterSync(this.engine.docker, id, rule)));
      done += ', ran its exec';
    }
    return [files, done];
  }

  private async heavy(service: string, rule: WatchRule): Promise<[number, string]> {
    if (rule.action === 'rebuild') {
      const recreated = await rebuildService(this.engine, this.project, service, { client: `${this.options.client}, watch` });
      return [recreated, `rebuilt its image, recreated ${plural(recreated, 'container')}`];
    }
    const ids = await this.containers(service);
    await Promise.all(ids.map((id) => restartContainer(this.engine, id)));
    return [ids.length, `restarted ${plural(ids.length, 'container')}`];
  }
}
