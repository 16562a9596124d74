import * as vscode from 'vscode';
import { connectEngine, resolveEndpoint, type ConnectOptions, type Engine } from './engine';

/**
 * The engine this workspace talks to, chosen per workspace (`stevedore.engine.host` / `stevedore.engine.context`,
 * restricted settings: an untrusted workspace cannot point Stevedore at an engine) and never by switching the
 * docker CLI's global context. Connected lazily, once, and again after a failure or a change of setting.
 */
export class EngineHolder implements vscode.Disposable {
  private connecting: Promise<Engine> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly watcher: vscode.Disposable;

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.watcher = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('stevedore.engine')) void this.reset();
    });
  }

  /** What the settings ask for; empty means "as the docker CLI would choose". */
  options(): ConnectOptions {
    const config = vscode.workspace.getConfiguration('stevedore.engine');
    const host = config.get<string>('host')?.trim();
    const context = config.get<string>('context')?.trim();
    const certs = config.get<string>('tlsCertPath')?.trim();
    // A tcp address with a certificate folder speaks verified TLS, as DOCKER_TLS_VERIFY + DOCKER_CERT_PATH do.
    const env = host && certs ? { env: { ...process.env, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs } } : {};
    return { ...(host ? { host } : context ? { context } : {}), ...env };
  }

  /** The endpoint that would be used, without connecting: for the status bar and confirmations. */
  describe(): { url: string; source: string; local: boolean } {
    try {
      const endpoint = resolveEndpoint(this.options());
      return { url: endpoint.url, source: endpoint.source, local: /^(unix|npipe):/.test(endpoint.url) };
    } catch (error) {
      return { url: 'unknown', source: error instanceof Error ? error.message : String(error), local: false };
    }
  }

  get(): Promise<Engine> {
    if (!vscode.workspace.isTrusted)
      return Promise.reject(
        new Error(
          'this workspace is not trusted: Stevedore does not reach a Docker engine from it (Manage Workspace Trust to allow it)',
        ),
      );
    this.connecting ??= connectEngine(this.options()).then(
      (engine) => {
        this.output.info(
          `engine: Docker ${engine.serverVersion} (API ${engine.apiVersion}) at ${engine.endpoint.url} (${engine.endpoint.source})`,
        );
        return engine;
      },
      (error: unknown) => {
        this.connecting = undefined;
        throw new Error(`${error instanceof Error ? error.message : String(error)}. ${this.whatToDo()}`);
      },
    );
    return this.connecting;
  }

  /** The way out of "no engine", for messages and the explorer. */
  whatToDo(): string {
    const { host, context } = this.options();
    const setting = host ? 'stevedore.engine.host' : context ? 'stevedore.engine.context' : undefined;
    return `${setting ? `The engine comes from the setting ${setting} of this workspace. ` : ''}Start Docker there, or run "Stevedore: Select Docker Engine" to choose another.`;
  }

  async reset(): Promise<void> {
    const previous = this.connecting;
    this.connecting = undefined;
    this.changed.fire();
    await previous?.then((engine) => engine.dispose()).catch(() => undefined);
  }

  dispose(): void {
    void this.reset();
    this.watcher.dispose();
    this.changed.dispose();
  }
}
