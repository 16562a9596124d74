import { execFile } from 'node:child_process';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where generateTlsCertificates put things. `client` holds ca.pem, cert.pem and key.pem: a DOCKER_CERT_PATH. */
export interface TlsCertificates {
  readonly caFile: string;
  readonly serverCertFile: string;
  readonly serverKeyFile: string;
  readonly clientDir: string;
}

const CURVE = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function openssl(dir: string, ...args: string[]): Promise<void> {
  await run('openssl', args, { cwd: dir });
}

/** A CA and a leaf signed by it, with the extensions given (one `key=value` per line, as an openssl extfile). */
async function signedLeaf(dir: string, name: string, subject: string, extensions: string): Promise<void> {
  await writeFile(join(dir, `${name}.ext`), extensions);
  await openssl(dir, 'req', '-new', ...CURVE, '-keyout', `${name}-key.pem`, '-out', `${name}.csr`, '-subj', subject);
  await openssl(
    dir,
    'x509',
    '-req',
    '-days',
    '2',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca-key.pem',
    '-CAcreateserial',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}-cert.pem`,
  );
}

/**
 * Certificates for a TLS engine on 127.0.0.1 with `openssl` (P-256 keys: fast to make): a CA, a server certificate
 * for IP 127.0.0.1, and a client certificate, as `docker` expects them in DOCKER_CERT_PATH.
 */
export async function generateTlsCertificates(dir: string, caName = 'sdconn-test-ca'): Promise<TlsCertificates> {
  await mkdir(dir, { recursive: true });
  await openssl(dir, 'req', '-x509', ...CURVE, '-days', '2', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-subj', `/CN=${caName}`);
  await signedLeaf(dir, 'server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  await signedLeaf(dir, 'client', '/CN=sdconn-client', 'extendedKeyUsage=clientAuth\n');
  const clientDir = join(dir, 'client');
  await mkdir(clientDir, { recursive: true });
  await copyFile(join(dir, 'ca.pem'), join(clientDir, 'ca.pem'));
  await copyFile(join(dir, 'client-cert.pem'), join(clientDir, 'cert.pem'));
  await copyFile(join(dir, 'client-key.pem'), join(clientDir, 'key.pem'));
  return {
    caFile: join(dir, 'ca.pem'),
    serverCertFile: join(dir, 'server-cert.pem'),
    serverKeyFile: join(dir, 'server-key.pem'),
    clientDir,
  };
}
