/**
 * A throw-away PKI made with the openssl CLI at start time: a test CA, a server certificate for
 * localhost / 127.0.0.1, a client certificate, and a second unrelated CA so tests can provoke a
 * verification failure. EC P-256 keys keep generation to a few tens of milliseconds.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TestPki {
  caFile: string;
  certFile: string;
  keyFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  otherCaFile: string;
  /** The name the server certificate is valid for. */
  servername: string;
}

// Our own config, so the result does not depend on the machine's /etc/ssl/openssl.cnf.
const OPENSSL_CNF = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = placeholder
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_server]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = DNS:localhost,IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_client]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

const KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function openssl(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { timeout: 20_000 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const what = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'openssl is not installed (run scripts/ensure-system-deps.mjs)' : `openssl ${args.join(' ')} failed`;
      reject(new Error(`${what}\n${stderr}`.trim()));
    });
  });
}

async function makeCa(cnf: string, dir: string, name: string, cn: string): Promise<string> {
  const crt = path.join(dir, `${name}.crt`);
  await openssl(['req', '-x509', '-config', cnf, '-extensions', 'v3_ca', ...KEY_ARGS, '-keyout', path.join(dir, `${name}.key`), '-out', crt, '-days', '3', '-subj', `/CN=${cn}`]);
  return crt;
}

async function makeLeaf(cnf: string, dir: string, name: string, cn: string, extensions: string): Promise<void> {
  const csr = path.join(dir, `${name}.csr`);
  await openssl(['req', '-new', '-config', cnf, ...KEY_ARGS, '-keyout', path.join(dir, `${name}.key`), '-out', csr, '-subj', `/CN=${cn}`]);
  // -set_serial instead of -CAcreateserial: the server and client certs are signed in parallel.
  await openssl([
    'x509', '-req', '-in', csr, '-CA', path.join(dir, 'ca.crt'), '-CAkey', path.join(dir, 'ca.key'),
    '-set_serial', '0x' + randomBytes(8).toString('hex'), '-days', '3',
    '-extfile', cnf, '-extensions', extensions, '-out', path.join(dir, `${name}.crt`),
  ]);
}

/** Creates the PKI in `dir` (created if needed). */
export async function makeTestPki(dir: string): Promise<TestPki> {
  fs.mkdirSync(dir, { recursive: true });
  const cnf = path.join(dir, 'openssl.cnf');
  fs.writeFileSync(cnf, OPENSSL_CNF);
  const [caFile, otherCaFile] = await Promise.all([
    makeCa(cnf, dir, 'ca', 'Redis DevKit Test CA'),
    makeCa(cnf, dir, 'other-ca', 'Unrelated Test CA'),
  ]);
  await Promise.all([
    makeLeaf(cnf, dir, 'server', 'localhost', 'v3_server'),
    makeLeaf(cnf, dir, 'client', 'redis-devkit-test-client', 'v3_client'),
  ]);
  return {
    caFile,
    otherCaFile,
    certFile: path.join(dir, 'server.crt'),
    keyFile: path.join(dir, 'server.key'),
    clientCertFile: path.join(dir, 'client.crt'),
    clientKeyFile: path.join(dir, 'client.key'),
    servername: 'localhost',
  };
}
