import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ContextFixture {
  readonly name: string;
  readonly host: string;
  readonly description?: string;
  readonly skipTLSVerify?: boolean;
  /** PEM text per file; only the files given are written, as `docker context create` does. */
  readonly tls?: { readonly ca?: string; readonly cert?: string; readonly key?: string };
}

/**
 * Writes a context the way the docker CLI stores it (`docker context create`), computed here independently of the
 * code under test: `contexts/meta/<sha256 hex of the name>/meta.json` and `contexts/tls/<same>/docker/*.pem`.
 */
export function writeContext(configDir: string, context: ContextFixture): void {
  const digest = createHash('sha256').update(context.name).digest('hex');
  const metaDir = join(configDir, 'contexts', 'meta', digest);
  mkdirSync(metaDir, { recursive: true });
  const meta = {
    Name: context.name,
    Metadata: context.description === undefined ? {} : { Description: context.description },
    Endpoints: { docker: { Host: context.host, SkipTLSVerify: context.skipTLSVerify ?? false } },
  };
  writeFileSync(join(metaDir, 'meta.json'), JSON.stringify(meta));
  if (!context.tls) return;
  const tlsDir = join(configDir, 'contexts', 'tls', digest, 'docker');
  mkdirSync(tlsDir, { recursive: true });
  for (const [file, pem] of Object.entries(context.tls)) {
    if (pem !== undefined) writeFileSync(join(tlsDir, `${file}.pem`), pem, { mode: 0o600 });
  }
}

/** `<configDir>/config.json` with that currentContext, as `docker context use` would leave it. */
export function writeCurrentContext(configDir: string, name: string): void {
  mkdirSync(configDir, { recursive: true });
  writeFileSync(join(configDir, 'config.json'), JSON.stringify({ auths: {}, currentContext: name }));
}

/** The TLS folder the CLI uses for a context, to compare against what the resolver found. */
export function contextTlsDir(configDir: string, name: string): string {
  return join(configDir, 'contexts', 'tls', createHash('sha256').update(name).digest('hex'), 'docker');
}
