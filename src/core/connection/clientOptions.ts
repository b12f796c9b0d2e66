/** ioredis options built from a ConnectionConfig: TLS material, retry policy, topology. */
import { readFileSync } from 'node:fs';
import type { ClusterOptions, RedisOptions } from 'ioredis';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import { ConnectionConfig, ConnectionSecrets } from './config';
import { ConnectionError } from './errors';

/**
 * Decides whether ioredis may reconnect. Before the first successful connection it may not: a
 * failure must surface at once with its cause. Afterwards (server restart, network blip) it
 * retries with a capped backoff for as long as the session lives.
 */
export class RetryPolicy {
  established = false;
  closing = false;

  delay(times: number): number | null {
    if (!this.established || this.closing) return null;
    return Math.min(100 * 2 ** Math.min(times, 5), 3000);
  }
}

/** Reads the TLS files named in the config; errors name the file. */
export function tlsOptions(config: ConnectionConfig, secrets: ConnectionSecrets): TlsOptions | undefined {
  const tls = config.tls;
  if (!tls) return undefined;
  const read = (file: string | undefined, what: string) => {
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch (e) {
      throw new ConnectionError('config', `Cannot read the TLS ${what} '${file}' for ${config.name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
    }
  };
  const options: TlsOptions = { rejectUnauthorized: tls.verify !== false };
  const ca = read(tls.caFile, 'CA file');
  const cert = read(tls.certFile, 'client certificate');
  const key = read(tls.keyFile, 'client key');
  if (ca) options.ca = ca;
  if (cert) options.cert = cert;
  if (key) options.key = key;
  if (secrets.tlsKeyPassphrase) options.passphrase = secrets.tlsKeyPassphrase;
  const servername = tls.servername ?? (config.topology === 'standalone' ? config.host : undefined);
  // SNI must be a DNS name; Node warns (and some servers refuse) when given an IP literal.
  if (servername && !/^[\d.]+$|:/.test(servername)) options.servername = servername;
  return options;
}

/** Options every ioredis connection we make shares (standalone, sentinel, and each cluster node). */
export function baseOptions(config: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number): RedisOptions {
  return {
    username: config.username,
    password: secrets.password,
    connectTimeout: timeoutMs,
    // RESP2 keeps reply shapes the same on every server version; features that want RESP3 types
    // would have to ask for them explicitly (none does yet).
    protocol: 2,
    lazyConnect: true,
    // Our own probe after connecting checks the server; ioredis's INFO-based ready check would
    // only warn for ACL users without INFO.
    enableReadyCheck: false,
    maxRetriesPerRequest: 2,
    connectionName: 'redis-devkit',
    disableClientInfo: true,
    // autoResendUnfulfilledCommands stays on (the default): with it off, ioredis 6 drops the
    // in-flight commands on reconnect without ever settling their promises. The Lua runner guards
    // itself instead: a run whose connection closed mid-flight ends with an error, not a re-run.
    // After a Sentinel failover the old master turns replica: reconnect and resend.
    reconnectOnError: (err) => (err.message.startsWith('READONLY') ? 2 : false),
  };
}

export function standaloneOptions(config: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number, retry: RetryPolicy): RedisOptions {
  return {
    ...baseOptions(config, secrets, timeoutMs),
    host: config.host,
    port: config.port,
    db: config.db ?? 0,
    tls: tlsOptions(config, secrets),
    retryStrategy: (times) => retry.delay(times),
  };
}

export function sentinelOptions(config: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number, retry: RetryPolicy): RedisOptions {
  const tls = tlsOptions(config, secrets);
  return {
    ...baseOptions(config, secrets, timeoutMs),
    sentinels: config.nodes,
    name: config.sentinelMasterName,
    role: 'master',
    db: config.db ?? 0,
    sentinelUsername: config.sentinelUsername,
    sentinelPassword: secrets.sentinelPassword,
    tls,
    enableTLSForSentinelMode: !!tls,
    sentinelTLS: tls,
    retryStrategy: (times) => retry.delay(times),
    sentinelRetryStrategy: (times) => retry.delay(times),
  };
}

export function clusterOptions(config: ConnectionConfig, secrets: ConnectionSecrets, timeoutMs: number, retry: RetryPolicy): ClusterOptions {
  const { reconnectOnError: _unused, ...redisOptions } = baseOptions(config, secrets, timeoutMs);
  return {
    redisOptions: { ...redisOptions, tls: tlsOptions(config, secrets) },
    lazyConnect: true,
    enableReadyCheck: true,
    slotsRefreshTimeout: timeoutMs,
    clusterRetryStrategy: (times) => retry.delay(times),
  };
}
