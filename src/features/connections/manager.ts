/**
 * Live state of every saved connection: opens and closes sessions, tracks connecting /
 * connected / reconnecting / failed, caches server info for tooltips, and remembers the active
 * connection (the one other features act on). One session per connection; concurrent connect
 * requests share the attempt in flight.
 */
import * as vscode from 'vscode';
import { ConnectionConfig } from '../../core/connection/config';
import { ConnectionError } from '../../core/connection/errors';
import { RedisSession, openSession } from '../../core/connection/session';
import { ServerInfo } from '../../core/connection/serverInfo';
import { Logger } from '../../core/log';
import { Settings } from '../../host/config';
import { ConnectionStore } from './store';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Why it failed, or what the reconnect loop last saw. */
  error?: string;
  info?: ServerInfo;
}

const ACTIVE_KEY = 'redisDevkit.activeConnection';
/** Connections that were open when the window closed; reopened on the next activation. */
const OPEN_KEY = 'redisDevkit.openConnections';

export class ConnectionManager implements vscode.Disposable {
  private readonly statuses = new Map<string, ConnectionStatus>();
  private readonly sessions = new Map<string, RedisSession>();
  private readonly pending = new Map<string, Promise<RedisSession>>();
  /** Connection-lifetime disposables, disposed on disconnect. */
  private readonly scopes = new Map<string, vscode.Disposable[]>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with the connection id whose state changed (undefined: the list itself changed). */
  readonly onDidChange = this.changed.event;

  constructor(
    readonly store: ConnectionStore,
    private readonly logger: Logger,
    private readonly memento: vscode.Memento,
  ) {}

  status(id: string): ConnectionStatus {
    return this.statuses.get(id) ?? { state: 'disconnected' };
  }

  session(id: string): RedisSession | undefined {
    return this.sessions.get(id);
  }

  get activeId(): string | undefined {
    const id = this.memento.get<string>(ACTIVE_KEY);
    return id && this.store.get(id) ? id : undefined;
  }

  async setActive(id: string | undefined): Promise<void> {
    await this.memento.update(ACTIVE_KEY, id);
    this.changed.fire(id);
  }

  /** Connects (or returns the live session); throws a ConnectionError naming the cause. */
  connect(id: string): Promise<RedisSession> {
    const live = this.sessions.get(id);
    if (live) return Promise.resolve(live);
    const inFlight = this.pending.get(id);
    if (inFlight) return inFlight;
    const attempt = this.open(id).finally(() => this.pending.delete(id));
    this.pending.set(id, attempt);
    return attempt;
  }

  /** Reopens the connections that were open last time; failures show on their nodes, no toasts. */
  restore(): void {
    for (const id of this.memento.get<string[]>(OPEN_KEY, [])) {
      if (!this.store.get(id)) continue;
      this.connect(id).catch(() => undefined);
    }
  }

  async disconnect(id: string): Promise<void> {
    await this.remember(id, false);
    const session = this.sessions.get(id);
    this.sessions.delete(id);
    this.scopes.get(id)?.forEach((d) => d.dispose());
    this.scopes.delete(id);
    this.setStatus(id, { state: 'disconnected' });
    await session?.close();
  }

  /** Opens a throwaway session to check a config, returning what the server says about itself. */
  async test(config: ConnectionConfig): Promise<ServerInfo> {
    const secrets = await this.store.secrets.get(config.id);
    const session = await openSession(config, secrets, { timeoutMs: Settings.connectTimeoutMs(), logger: this.logger });
    try {
      return await session.serverInfo();
    } finally {
      await session.close();
    }
  }

  /** Re-reads server info for a connected connection (tooltip refresh). */
  async refreshInfo(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    try {
      this.setStatus(id, { ...this.status(id), info: await session.serverInfo() });
    } catch (err) {
      this.logger.warn(`[${session.config.name}] could not read server info: ${(err as Error).message}`);
    }
  }

  /** Drops state for connections that were removed from the settings. */
  async prune(): Promise<void> {
    const ids = new Set(this.store.list().map((c) => c.config.id));
    for (const id of [...this.statuses.keys()]) {
      if (!ids.has(id)) {
        await this.disconnect(id);
        this.statuses.delete(id);
      }
    }
    this.changed.fire(undefined);
  }

  dispose(): void {
    // Close sessions without forgetting them: they are reopened on the next activation.
    for (const session of this.sessions.values()) void session.close();
    this.sessions.clear();
    this.changed.dispose();
  }

  private async open(id: string): Promise<RedisSession> {
    const stored = this.store.get(id);
    if (!stored) throw new ConnectionError('config', `No saved connection with id '${id}'.`);
    const { config } = stored;
    this.setStatus(id, { state: 'connecting' });
    try {
      const secrets = await this.store.secrets.get(id);
      const session = await openSession(config, secrets, { timeoutMs: Settings.connectTimeoutMs(), logger: this.logger });
      this.sessions.set(id, session);
      this.watch(id, session);
      await this.remember(id, true);
      this.setStatus(id, { state: 'connected', info: await session.serverInfo().catch(() => undefined) });
      return session;
    } catch (err) {
      this.setStatus(id, { state: 'failed', error: (err as Error).message });
      throw err;
    }
  }

  private remember(id: string, open: boolean): Thenable<void> {
    const ids = new Set(this.memento.get<string[]>(OPEN_KEY, []));
    if (open === ids.has(id)) return Promise.resolve();
    if (open) ids.add(id);
    else ids.delete(id);
    return this.memento.update(OPEN_KEY, [...ids]);
  }

  private watch(id: string, session: RedisSession): void {
    const name = session.config.name;
    const onState = (state: string, detail?: string) => {
      if (this.sessions.get(id) !== session) return;
      if (state === 'reconnecting') {
        this.setStatus(id, { ...this.status(id), state: 'reconnecting', error: detail });
        void vscode.window.showWarningMessage(`Lost the connection to ${name}; reconnecting…`);
      } else if (state === 'connected') {
        this.setStatus(id, { ...this.status(id), state: 'connected', error: undefined });
        void vscode.window.showInformationMessage(`Reconnected to ${name}.`);
        void this.refreshInfo(id);
      } else if (state === 'disconnected') {
        this.sessions.delete(id);
        this.setStatus(id, { state: 'failed', error: 'The connection closed.' });
      }
    };
    session.on('state', onState);
    this.scopes.set(id, [{ dispose: () => session.off('state', onState) }]);
  }

  private setStatus(id: string, status: ConnectionStatus): void {
    this.statuses.set(id, status);
    this.changed.fire(id);
  }
}
