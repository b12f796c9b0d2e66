/**
 * A live connection: the ioredis client plus its state as the UI shows it. Opening one either
 * yields a usable, verified session or throws a ConnectionError naming the cause, within the
 * connect timeout; once open, the session reconnects by itself and reports each change.
 */
import { EventEmitter } from 'node:events';
import { Cluster, Redis } from 'ioredis';
import { Logger } from '../log';
import { ConnectionConfig, ConnectionSecrets, describeTarget, validateConfig } from './config';
import { RetryPolicy, clusterOptions, sentinelOptions, standaloneOptions } from './clientOptions';
import { ConnectionError, classifyError, formatSeconds } from './errors';
import { findSentinelMaster } from './sentinel';
import { ServerInfo, readServerInfo } from './serverInfo';
import { guardReadOnly } from './writeGuard';

export type SessionState = 'connected' | 'reconnecting' | 'disconnected';

export interface OpenOptions {
  /** Give up (and say why) when not connected after this long. */
  timeoutMs: number;
  logger: Logger;
}

export interface SessionEvents {
  state: [state: SessionState, detail?: string];
}

export class RedisSession extends EventEmitter<SessionEvents> {
  private current: SessionState = 'connected';
  private lastError?: string;
  /** Extra clients for other databases of a standalone/sentinel server, made on first use. */
  private readonly dbClients = new Map<number, Promise<Redis>>();

  constructor(
    readonly config: ConnectionConfig,
    readonly client: Redis | Cluster,
    private readonly retry: RetryPolicy,
    private readonly logger: Logger,
    readonly sentinelMaster?: ServerInfo['sentinelMaster'],
  ) {
    super();
    client.on('error', (err: Error) => {
      this.lastError = err.message;
      logger.warn(`[${config.name}] ${err.message}`);
    });
    client.on('reconnecting', () => this.setState('reconnecting', this.lastError));
    client.on('ready', () => {
      if (this.current === 'reconnecting') logger.info(`[${config.name}] reconnected`);
      this.setState('connected');
    });
    client.on('end', () => this.setState('disconnected'));
  }

  get state(): SessionState {
    return this.current;
  }

  /** Server facts for the tooltip; degrades (never throws) for users who may not run INFO. */
  serverInfo(): Promise<ServerInfo> {
    return readServerInfo(this.client, this.config, this.sentinelMaster);
  }

  /**
   * A client on database `db`: the session's own client for its configured db, else a duplicate
   * (same server, credentials, TLS and read-only guard) kept for the session's lifetime.
   */
  forDb(db: number): Promise<Redis | Cluster> {
    if (db === (this.config.db ?? 0)) return Promise.resolve(this.client);
    if (this.config.topology === 'cluster') return Promise.reject(new Error(`${this.config.name} is a cluster: it has only db 0`));
    let pending = this.dbClients.get(db);
    if (!pending) {
      pending = (async () => {
        const duplicate = (this.client as Redis).duplicate({ db, lazyConnect: true });
        duplicate.on('error', (err: Error) => this.logger.warn(`[${this.config.name} db${db}] ${err.message}`));
        if (this.config.readOnly) guardReadOnly(duplicate, this.config.name);
        await duplicate.connect();
        return duplicate;
      })();
      pending.catch(() => this.dbClients.delete(db));
      this.dbClients.set(db, pending);
    }
    return pending;
  }

  /** Closes the connection for good; no reconnect follows. */
  async close(): Promise<void> {
    this.retry.closing = true;
    const extra = [...this.dbClients.values()];
    this.dbClients.clear();
    await Promise.all(extra.map(async (p) => (await p.catch(() => undefined))?.disconnect()));
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
    this.setState('disconnected');
  }

  private setState(state: SessionState, detail?: string): void {
    if (state === this.current) return;
    this.current = state;
    this.logger.info(`[${this.config.name}] ${state}${detail ? `: ${detail}` : ''}`);
    this.emit('state', state, detail);
  }
}

/**
 * Connects and verifies the connection (PING, which also surfaces NOAUTH and NOPERM). Throws a
 * ConnectionError naming the cause; never takes much longer than `timeoutMs`.
 */
export async function openSession(config: ConnectionConfig, secrets: ConnectionSecrets, options: OpenOptions): Promise<RedisSession> {
  const problems = validateConfig(config);
  if (problems.length) throw new ConnectionError('config', `${config.name}: ${problems.join('; ')}.`);
  const { timeoutMs, logger } = options;
  logger.info(`[${config.name}] connecting to ${describeTarget(config)}${config.username ? ` as ${config.username}` : ''}`);

  let sentinelMaster: ServerInfo['sentinelMaster'];
  if (config.topology === 'sentinel') {
    const found = await findSentinelMaster(config, secrets, timeoutMs, logger);
    sentinelMaster = { name: config.sentinelMasterName ?? '', ...found };
  }

  const retry = new RetryPolicy();
  const client =
    config.topology === 'cluster'
      ? new Cluster(config.nodes ?? [], clusterOptions(config, secrets, timeoutMs, retry))
      : new Redis(config.topology === 'sentinel' ? sentinelOptions(config, secrets, timeoutMs, retry) : standaloneOptions(config, secrets, timeoutMs, retry));

  // ioredis reports the real cause through 'error' and then rejects connect() with a generic
  // "Connection is closed"; keep the first cause seen during setup.
  const setupErrors: Error[] = [];
  const onSetupError = (err: Error) => setupErrors.push(err);
  client.on('error', onSetupError);
  client.on('node error', onSetupError);

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ConnectionError('timeout', `${config.name} (${describeTarget(config)}) did not answer within ${formatSeconds(timeoutMs)}${timeoutHint(config)}.`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([verify(client), timeout]);
    if (setupErrors.length) throw setupErrors[0];
  } catch (err) {
    client.disconnect();
    const cause = setupErrors.find((e) => !/Connection is closed|Failed to refresh slots cache|None of startup nodes/.test(e.message)) ?? setupErrors[0] ?? err;
    const classified = err instanceof ConnectionError ? err : classifyError(pickRicher(cause, err), config, timeoutMs);
    logger.error(`[${config.name}] ${classified.message}${classified.detail ? ` (${classified.detail})` : ''}`);
    throw classified;
  } finally {
    clearTimeout(timer);
    client.off('error', onSetupError);
    client.off('node error', onSetupError);
  }

  retry.established = true;
  if (config.readOnly) guardReadOnly(client, config.name);
  logger.info(`[${config.name}] connected${config.readOnly ? ' (read-only)' : ''}`);
  return new RedisSession(config, client, retry, logger, sentinelMaster);
}

/** The likeliest reason a reachable port stays silent: one side speaks TLS and the other doesn't. */
function timeoutHint(config: ConnectionConfig): string {
  return config.tls ? ' over TLS (is TLS enabled on that port?)' : ' (unreachable, or a TLS port that needs rediss://?)';
}

async function verify(client: Redis | Cluster): Promise<void> {
  await client.connect();
  await client.ping();
}

/** Cluster errors wrap the node's own error as `lastNodeError`; prefer whichever says more. */
function pickRicher(a: unknown, b: unknown): unknown {
  const hasNodeError = (e: unknown) => !!(e as { lastNodeError?: unknown } | undefined)?.lastNodeError;
  return hasNodeError(b) && !hasNodeError(a) ? b : a;
}
