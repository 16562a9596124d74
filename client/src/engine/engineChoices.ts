import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONTEXT, DEFAULT_SOCKET, listContexts } from './contextStore';

/**
 * What an engine picker offers (the extension's Select Engine): the local socket, DOCKER_HOST when it is set,
 * every context of the docker CLI's store, then the entries that need more input (tcp with TLS, ssh). A choice is
 * an address or a context name that is stored per workspace; nothing here changes the CLI's current context.
 */
export type EngineChoice =
  | { readonly kind: 'cli-default'; readonly label: string; readonly detail: string }
  | { readonly kind: 'host'; readonly label: string; readonly host: string; readonly detail: string }
  | { readonly kind: 'context'; readonly label: string; readonly context: string; readonly host: string; readonly detail: string }
  | { readonly kind: 'tls' | 'ssh' | 'address'; readonly label: string; readonly detail: string };

export function engineChoices(configDir: string, env: NodeJS.ProcessEnv = process.env): EngineChoice[] {
  const choices: EngineChoice[] = [
    {
      kind: 'cli-default',
      label: 'As the docker CLI chooses',
      detail: 'DOCKER_HOST, DOCKER_CONTEXT, the current context, or the local socket',
    },
    { kind: 'host', label: 'Local socket', host: DEFAULT_SOCKET, detail: DEFAULT_SOCKET },
  ];
  const fromEnv = env['DOCKER_HOST'];
  if (fromEnv && fromEnv !== DEFAULT_SOCKET) choices.push({ kind: 'host', label: 'DOCKER_HOST', host: fromEnv, detail: fromEnv });
  for (const c of listContexts(configDir, env))
    if (c.name !== DEFAULT_CONTEXT)
      choices.push({
        kind: 'context',
        label: `Context ${c.name}`,
        context: c.name,
        host: c.host,
        detail: [c.host, c.tls ? 'TLS' : '', c.description].filter(Boolean).join(' · '),
      });
  choices.push(
    { kind: 'tls', label: 'tcp with TLS…', detail: 'an address and a folder holding ca.pem, cert.pem and key.pem' },
    { kind: 'ssh', label: 'ssh://…', detail: 'user@host through your OpenSSH (~/.ssh/config and agents apply)' },
    { kind: 'address', label: 'Enter an address…', detail: 'unix://, tcp://, ssh:// or npipe://' },
  );
  return choices;
}

/** The TLS files a certificate folder lacks (the docker CLI's names), empty when it has them all. */
export function missingTlsFiles(dir: string): string[] {
  return ['ca.pem', 'cert.pem', 'key.pem'].filter((name) => !existsSync(join(dir, name)));
}

/** Checks an address typed for a kind of engine; returns what is wrong, or undefined. */
export function checkEngineAddress(kind: 'tls' | 'ssh' | 'address', text: string): string | undefined {
  const value = text.trim();
  if (kind === 'tls') return /^tcp:\/\/[^\s/:]+(:\d{1,5})?\/?$/.test(value) ? undefined : 'an address like tcp://host:2376';
  if (kind === 'ssh')
    return /^ssh:\/\/([^\s@/]+@)?[^\s@/:]+(:\d{1,5})?(\/\S*)?$/.test(value) ? undefined : 'an address like ssh://user@host';
  return /^(unix|tcp|ssh|npipe):\/\/\S+$/.test(value) ? undefined : 'an address starts with unix://, tcp://, ssh:// or npipe://';
}
