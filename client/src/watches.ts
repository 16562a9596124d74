import * as vscode from 'vscode';
import { loadDeployedProject } from './deployedProject';
import { ProjectWatch, watchPaths, type WatchReport } from './engine';
import type { EngineHolder } from './engineHolder';

/**
 * The editor's watches: one engine `ProjectWatch` per compose project the user turned Watch on for, fed by saves in
 * the editor and by a file watcher on the rules' folders (changes made outside it), both debounced by the watch.
 * Each action is one line in the output channel and the status bar ("web: synced 3 files in 120 ms"). A watch stops
 * when the user turns it off, when the engine changes, or when the extension ends.
 */

interface Running {
  readonly watch: ProjectWatch;
  readonly stop: () => void;
}

export class Watches implements vscode.Disposable {
  private readonly running = new Map<string, Running>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fired when a watch starts or stops. */
  readonly onDidChange = this.changed.event;
  private readonly reported = new vscode.EventEmitter<WatchReport & { readonly project: string }>();
  /** Every action a watch took (tests, the status bar). */
  readonly onDidReport = this.reported.event;
  private readonly status = vscode.window.createStatusBarItem('stevedore.watch', vscode.StatusBarAlignment.Left, 9);
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly engines: EngineHolder,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.status.name = 'Stevedore Watch';
    this.subscriptions = [engines.onDidChange(() => this.stopAll())];
  }

  isWatching(project: string): boolean {
    return this.running.has(project);
  }

  get projects(): string[] {
    return [...this.running.keys()];
  }

  /** Starts watching a deployed project: from its files (`files`, else the ones its containers were made from). */
  async start(project: string, files?: readonly string[]): Promise<string> {
    if (this.running.has(project)) return `already watching ${project}`;
    const engine = await this.engines.get();
    const loaded = await loadDeployedProject(engine, project, files);
    const watch = new ProjectWatch(engine, loaded, {
      client: 'VS Code',
      onReport: (report) => this.report(project, report),
    });
    await watch.initialSync();
    const disk = watchPaths(watch.roots, (path) => watch.changed([path]));
    const saves = vscode.workspace.onDidSaveTextDocument((doc) => doc.uri.scheme === 'file' && watch.changed([doc.uri.fsPath]));
    this.running.set(project, {
      watch,
      stop: () => {
        disk.close();
        saves.dispose();
        watch.dispose();
      },
    });
    this.output.info(`watch: watching project ${project}: ${watch.roots.join(', ')}`);
    this.showStatus(`$(eye) ${project}: watching`);
    this.changed.fire();
    return `watching project ${project}`;
  }

  stop(project: string): string {
    const running = this.running.get(project);
    if (!running) return `project ${project} is not watched`;
    running.stop();
    this.running.delete(project);
    this.output.info(`watch: stopped watching project ${project}`);
    if (this.running.size === 0) this.status.hide();
    else this.showStatus(`$(eye) ${[...this.running.keys()].join(', ')}: watching`);
    this.changed.fire();
    return `stopped watching project ${project}`;
  }

  private report(project: string, report: WatchReport): void {
    if (report.ok) this.output.info(`watch: ${report.message}`);
    else this.output.error(`watch: ${report.message}`);
    this.showStatus(`${report.ok ? '$(eye)' : '$(warning)'} ${report.message}`);
    this.reported.fire({ ...report, project });
  }

  private showStatus(text: string): void {
    this.status.text = text;
    this.status.tooltip = `Stevedore watch: ${[...this.running.keys()].join(', ') || 'nothing'}. Click to stop or start a watch.`;
    this.status.command = 'stevedore.watch';
    this.status.show();
  }

  private stopAll(): void {
    for (const project of [...this.running.keys()]) this.stop(project);
  }

  dispose(): void {
    this.stopAll();
    this.status.dispose();
    this.changed.dispose();
    this.reported.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
