/**
 * Typed errors for connecting and for refused writes. Each message names the cause and the
 * connection, short enough for a notification; `detail` carries what belongs in the log.
 */
import { ConnectionConfig, describeTarget, formatNodes, whoAt } from './config';

export type ConnectionErrorKind =
  | 'config'
  | 'dns'
  | 'refused'
  | 'timeout'
  | 'auth'
  | 'noauth'
  | 'permission'
  | 'tls'
  | 'not-cluster'
  | 'sentinel-master'
  | 'closed'
  | 'other';

export class ConnectionError extends Error {
  constructor(
    readonly kind: ConnectionErrorKind,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'ConnectionError';
  }
}

/** A write refused on a read-only connection before anything was sent. */
export class ReadOnlyError extends Error {
  constructor(
    readonly connectionName: string,
    readonly command: string,
  ) {
    super(`'${connectionName}' is a read-only connection: ${command.toUpperCase()} was not sent`);
    this.name = 'ReadOnlyError';
  }
}

const TLS_VERIFY_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface ErrorLike {
  message?: string;
  code?: string;
  lastNodeError?: ErrorLike;
}

/**
 * Turns whatever ioredis or the socket threw into a `ConnectionError` that names the cause.
 * `timeoutMs` is the connect timeout in force, for the timeout message.
 */
export function classifyError(err: unknown, config: ConnectionConfig, timeoutMs: number): ConnectionError {
  if (err instanceof ConnectionError) return err;
  const e = (err ?? {}) as ErrorLike;
  const inner = e.lastNodeError ?? e;
  const message = String(inner.message ?? err);
  const code = inner.code ?? '';
  const target = describeTarget(config);
  const who = whoAt(config);
  const detail = `${code ? `${code}: ` : ''}${message}`;

  if (/cluster support disabled/i.test(message)) {
    return new ConnectionError('not-cluster', `${config.name}: ${formatNodes(config.nodes ?? [])} is not a cluster node (cluster support is disabled there). Connect to it as a standalone server.`, detail);
  }
  if (/^WRONGPASS/.test(message) || /invalid (username-)?password/i.test(message)) {
    return new ConnectionError('auth', `Authentication failed for ${who}: wrong username or password.`, detail);
  }
  if (/^NOAUTH/.test(message)) {
    return new ConnectionError('noauth', `${config.name} requires a password (NOAUTH); none was given.`, detail);
  }
  if (/^NOPERM/.test(message)) {
    const cmd = /run the '([^']+)' command/.exec(message)?.[1];
    const what = cmd ? `run '${cmd}'` : message.replace(/^NOPERM\s*/, '');
    return new ConnectionError('permission', `ACL user '${config.username ?? 'default'}' on ${config.name} has no permission to ${what}.`, detail);
  }
  if (TLS_VERIFY_CODES.has(code) || /certificate|self.signed/i.test(message)) {
    return new ConnectionError('tls', `TLS verification failed for ${target}: ${message}. Check the CA file and server name, or turn verification off for a trusted test server.`, detail);
  }
  if (/wrong version number|EPROTO|ssl3_get_record|packet length too long/i.test(message) || code === 'EPROTO') {
    return new ConnectionError('tls', `TLS handshake with ${target} failed: the server may not speak TLS on that port (${message}).`, detail);
  }
  if (code === 'ECONNREFUSED' || /ECONNREFUSED/.test(message)) {
    return new ConnectionError('refused', `Connection refused by ${target}: nothing is listening on that port.`, detail);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || /ENOTFOUND|EAI_AGAIN/.test(message)) {
    return new ConnectionError('dns', `Host not found: ${target} does not resolve.`, detail);
  }
  if (code === 'ETIMEDOUT' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || /ETIMEDOUT|EHOSTUNREACH|ENETUNREACH/.test(message)) {
    return new ConnectionError('timeout', `${target} is unreachable: no answer within ${formatSeconds(timeoutMs)}.`, detail);
  }
  if (/Connection is closed|ECONNRESET|socket hang up/i.test(message)) {
    return new ConnectionError('closed', `${target} closed the connection during setup${config.tls ? ' (is TLS expected on that port?)' : ' (does the server expect TLS?)'}.`, detail);
  }
  return new ConnectionError('other', `Could not connect to ${config.name} (${target}): ${message}`, detail);
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
