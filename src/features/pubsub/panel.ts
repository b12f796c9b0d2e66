/**
 * One pub/sub viewer: a webview panel on one connection, with a subscriber session of its own (a
 * dedicated connection, closed with the panel) and a bounded ring buffer of what it received.
 * Messages reach the webview in batches, at most ~10 posts a second whatever the incoming rate,
 * each carrying what arrived since the last one plus the counters. Pause is kept here: while
 * paused only the counters are posted, and resuming sends what is still kept.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { ReadOnlyError } from '../../core/connection/errors';
import { RedisSession } from '../../core/connection/session';
import { Logger } from '../../core/log';
import { activeChannels, patternCount, publish } from '../../core/pubsub/channels';
import { FeedStats, MessageFeed } from '../../core/pubsub/feed';
import { payloadDetail, toNdjson } from '../../core/pubsub/format';
import { PubSubMessage, SubscriptionKind } from '../../core/pubsub/message';
import { PubSubSession, PubSubState } from '../../core/pubsub/subscriber';
import { parseHex } from '../../core/values/format';
import { errorMessage } from '../../host/errors';
import { webviewHtml, webviewPanelOptions } from '../../host/webview';
import { ActiveChannelRow, ConnectionNote, HostMessage, PanelInfo, WebviewMessage, WireSubscription } from '../../webview/protocol/pubsubViewer';
import { ConnectionManager } from '../connections/manager';
import { PubSubPoster } from './poster';
import { connectionNote } from './notes';
import { MAX_MESSAGES_SETTING, maxMessages } from './settings';
import { InitialSubscriptions } from './target';
import { nameBytes, parseWebviewMessage, wireMessage, wireName } from './wire';

export const PUBSUB_VIEW_TYPE = 'redisDevkit.pubsubViewer';

export interface PubSubServices {
  connections: ConnectionManager;
  log: vscode.LogOutputChannel;
  logger: Logger;
  extensionUri: vscode.Uri;
}

/** Rows in one `messages` post at most; a longer backlog (a reload with a big buffer) goes over several. */
/**
 * Rows one post may carry while live (at ~10 posts a second: 10,000 rows a second, a full buffer).
 * A longer backlog skips to its newest rows (counted as "not shown"): nobody reads faster, and
 * serializing every row of a flood starved the subscriber (`npm run bench -- viewers`).
 */
const MAX_ROWS_PER_POST = 1_000;
/** Active channels listed at most. */
const CHANNEL_LIST_LIMIT = 500;
/** How often the counters are re-posted when nothing arrives (the rate decays). */
const STATS_TICK_MS = 1000;

/** What `stats()` reports (tests, diagnostics). */
export interface PubSubPanelStats {
  received: number;
  kept: number;
  dropped: number;
  cleared: number;
  ratePerSecond: number;
  subscriptions: number;
}

export class PubSubPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  /** What the webview is told about the connection (publish offered, shard channels offered). */
  readonly info: PanelInfo;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly poster: PubSubPoster;
  private readonly feed: MessageFeed;
  private readonly disposedEvent = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEvent.event;
  /** How many `ready` messages arrived (one per webview load). */
  readyCount = 0;
  private lastStatsKey = '';
  private note: ConnectionNote;
  private isDisposed = false;
  private closing: Promise<void> | undefined;
  /** The filter of the last active-channels listing, reused when subscriptions change. */
  private channelPattern = '';

  /**
   * Opens the dedicated subscriber connection for `session`'s server, then the panel; makes the
   * `initial` subscriptions. Throws (and opens nothing) when the subscriber cannot connect.
   */
  static async open(services: PubSubServices, connectionId: string, session: RedisSession, initial: InitialSubscriptions = {}): Promise<PubSubPanel> {
    const subscriber = await PubSubSession.open(session.client, { name: session.config.name, logger: services.logger });
    const panel = new PubSubPanel(services, connectionId, session, subscriber);
    try {
      if (initial.channels?.length) await panel.subscribe('channel', initial.channels);
      if (initial.patterns?.length) await panel.subscribe('pattern', initial.patterns);
      if (initial.shardChannels?.length) await panel.subscribe('shard', initial.shardChannels);
    } catch (err) {
      panel.dispose();
      throw err;
    }
    return panel;
  }

  private constructor(
    private readonly services: PubSubServices,
    readonly connectionId: string,
    session: RedisSession,
    readonly subscriber: PubSubSession,
  ) {
    this.info = {
      connectionName: session.config.name,
      topology: session.config.topology,
      readOnly: session.config.readOnly === true,
      canPublish: session.config.readOnly !== true,
      sharded: session.config.topology === 'cluster',
    };
    this.feed = new MessageFeed(maxMessages());
    this.note = { state: 'connected', text: `Listening on a dedicated connection to ${session.config.name}.`, time: Date.now() };
    const title = `Pub/Sub: ${session.config.name}`;
    this.panel = vscode.window.createWebviewPanel(PUBSUB_VIEW_TYPE, title, vscode.ViewColumn.Active, webviewPanelOptions(services.extensionUri));
    this.panel.webview.html = webviewHtml({ webview: this.panel.webview, extensionUri: services.extensionUri, view: 'pubsubViewer', title });
    this.poster = new PubSubPoster(this.panel.webview, () => this.live());
    const ticker = setInterval(() => this.tick(), STATS_TICK_MS);
    const stopMessages = subscriber.onMessage((m) => this.onMessage(m));
    const stopStates = subscriber.onState((s) => this.onState(s));
    this.disposables.push(
      this.poster,
      this.disposedEvent,
      { dispose: () => clearInterval(ticker) },
      { dispose: stopMessages },
      { dispose: stopStates },
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(MAX_MESSAGES_SETTING)) return;
        this.feed.resize(maxMessages());
        this.poster.touch();
      }),
    );
  }

  /** Recent messages posted to the webview, oldest first (tests, diagnostics; see PubSubPoster.history). */
  get posted(): readonly HostMessage[] {
    return this.poster.history;
  }

  /** How many times the panel called `webview.postMessage`. */
  get postCount(): number {
    return this.poster.postCount;
  }

  /** Message rows sent to the webview in total. */
  get rowsPosted(): number {
    return this.poster.rowsPosted;
  }

  get onDidPost(): vscode.Event<HostMessage> {
    return this.poster.onDidPost;
  }

  get isPaused(): boolean {
    return this.feed.paused;
  }

  stats(): PubSubPanelStats {
    const { received, kept, dropped, cleared, ratePerSecond } = this.feed.stats();
    return { received, kept, dropped, cleared, ratePerSecond, subscriptions: this.subscriber.subscriptionCount };
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Subscribes (channels, patterns or shard channels); the webview's list follows. */
  async subscribe(kind: SubscriptionKind, names: readonly (string | Buffer)[]): Promise<void> {
    if (kind === 'shard' && !this.info.sharded) throw new Error(`Shard channels (SSUBSCRIBE) are offered on cluster connections; ${this.info.connectionName} is ${this.info.topology}.`);
    await this.subscriber.add(kind, names);
    this.services.log.info(`[${this.info.connectionName}] pub/sub: subscribed to ${names.length} ${kindLabel(kind)}`);
    this.subscriptionsChanged();
  }

  async unsubscribe(kind: SubscriptionKind, names: readonly (string | Buffer)[]): Promise<void> {
    await this.subscriber.remove(kind, names);
    this.subscriptionsChanged();
  }

  /** Tells the webview, and lists the server's channels again (their counts just changed). */
  private subscriptionsChanged(): void {
    this.poster.post({ type: 'subscriptions', subscriptions: this.wireSubscriptions() });
    if (this.readyCount === 0) return;
    this.refreshChannels(this.channelPattern).catch((err: unknown) => this.services.log.warn(`[${this.info.connectionName}] listing channels: ${errorMessage(err)}`));
  }

  /** Pauses or resumes the list (counting goes on while paused). */
  setPaused(paused: boolean): void {
    this.feed.setPaused(paused);
    this.poster.touch();
  }

  /** Empties the list and the buffer (counted as cleared, not dropped). */
  clear(): void {
    this.feed.clear();
    this.poster.touch();
  }

  /**
   * Writes the kept messages as NDJSON to `target`, or where the user says (save dialog). Returns
   * how many were written; undefined when the user cancelled.
   */
  async exportNdjson(target?: vscode.Uri): Promise<number | undefined> {
    const uri = target ?? (await vscode.window.showSaveDialog({
      defaultUri: this.defaultExportUri(),
      filters: { NDJSON: ['ndjson', 'jsonl'] },
      saveLabel: 'Export',
      title: 'Export pub/sub messages as NDJSON',
    }));
    if (!uri) return undefined;
    const messages = this.feed.snapshot();
    try {
      await vscode.workspace.fs.writeFile(uri, Buffer.from(toNdjson(messages), 'utf8'));
    } catch (err) {
      const message = `Could not write ${uri.fsPath}: ${errorMessage(err)}`;
      this.services.log.error(`[${this.info.connectionName}] pub/sub export: ${message}`);
      this.poster.post({ type: 'exported', ok: false, message });
      throw new Error(message);
    }
    this.services.log.info(`[${this.info.connectionName}] pub/sub: exported ${messages.length} message(s) to ${uri.fsPath}`);
    this.poster.post({ type: 'exported', ok: true, message: `Exported ${messages.length.toLocaleString('en-US')} message${messages.length === 1 ? '' : 's'} to ${uri.fsPath}.` });
    return messages.length;
  }

  private defaultExportUri(): vscode.Uri {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const safeName = this.info.connectionName.replace(/[^\w.-]+/g, '_');
    const file = `pubsub-${safeName}-${stamp}.ndjson`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(os.homedir());
    return vscode.Uri.joinPath(folder, file);
  }

  /** Handles one raw message from the webview; malformed ones are logged and dropped. */
  async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.services.log.warn(`pub/sub viewer ${this.info.connectionName}: ignored a malformed message (${JSON.stringify(raw)?.slice(0, 200)})`);
      return;
    }
    try {
      await this.handle(message);
    } catch (err) {
      this.services.log.error(`pub/sub viewer ${this.info.connectionName}: ${message.type}: ${errorMessage(err)}`);
      this.poster.post({ type: 'error', message: errorMessage(err) });
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.readyCount++;
        this.poster.post({ type: 'state', info: this.info, subscriptions: this.wireSubscriptions(), stats: this.feed.stats(), paused: this.feed.paused, connection: this.note });
        this.feed.requestReset();
        this.poster.touch();
        return this.refreshChannels('');
      case 'subscribe': {
        const name = nameBytes(message.name);
        if (!name) throw new Error('A name is needed to subscribe.');
        return this.subscribe(message.kind, [name]);
      }
      case 'unsubscribe':
        return this.unsubscribe(message.kind, [Buffer.from(message.b64, 'base64')]);
      case 'refreshChannels':
        return this.refreshChannels(message.pattern);
      case 'publish':
        return this.publish(message);
      case 'pause':
        return this.setPaused(message.paused);
      case 'clear':
        return this.clear();
      case 'export':
        await this.exportNdjson();
        return;
      case 'expand': {
        const m = this.feed.get(message.seq);
        if (!m) return this.poster.post({ type: 'detail', seq: message.seq, message: 'That message is no longer kept (more than the maximum arrived since).' });
        const f = payloadDetail(m.payload);
        return this.poster.post({ type: 'detail', seq: message.seq, detail: { kind: f.kind, text: f.text, size: f.size, truncated: f.truncated } });
      }
    }
  }

  /** The main session's client (for PUBSUB queries and publishing), connecting again if it was closed. */
  private async client(): Promise<RedisSession['client']> {
    const { connections } = this.services;
    const session = connections.session(this.connectionId) ?? (await connections.connect(this.connectionId));
    return session.client;
  }

  private async refreshChannels(pattern: string): Promise<void> {
    this.channelPattern = pattern;
    const client = await this.client();
    const [found, patterns] = await Promise.all([activeChannels(client, pattern || undefined, { limit: CHANNEL_LIST_LIMIT + 1 }), patternCount(client)]);
    const channels: ActiveChannelRow[] = found.slice(0, CHANNEL_LIST_LIMIT).map((c) => ({ name: wireName(c.channel), subscribers: c.subscribers, shard: c.shard }));
    this.poster.post({ type: 'channels', pattern, channels, truncated: found.length > CHANNEL_LIST_LIMIT, patternSubscriptions: patterns });
  }

  private async publish(message: Extract<WebviewMessage, { type: 'publish' }>): Promise<void> {
    const { requestId } = message;
    const answer = (ok: boolean, text: string, receivers?: number) => this.poster.post({ type: 'published', requestId, ok, message: text, ...(receivers === undefined ? {} : { receivers }) });
    if (message.sharded && !this.info.sharded) return answer(false, 'SPUBLISH is offered on cluster connections only.');
    let payload: Buffer;
    try {
      payload = message.payloadMode === 'hex' ? parseHex(message.payload) : Buffer.from(message.payload, 'utf8');
    } catch (err) {
      return answer(false, `The payload is not hex: ${errorMessage(err)}`);
    }
    const command = message.sharded ? 'SPUBLISH' : 'PUBLISH';
    try {
      // Through the session's client: a read-only connection's guard refuses it before sending.
      const receivers = await publish(await this.client(), Buffer.from(message.channel, 'utf8'), payload, message.sharded);
      const where = this.info.topology === 'cluster' && !message.sharded ? ' on the node that took it' : '';
      answer(true, `${command}: delivered to ${receivers} subscriber${receivers === 1 ? '' : 's'}${where}.`, receivers);
    } catch (err) {
      if (err instanceof ReadOnlyError) this.services.log.warn(`[${this.info.connectionName}] ${err.message}`);
      else this.services.log.error(`[${this.info.connectionName}] ${command} failed: ${errorMessage(err)}`);
      answer(false, errorMessage(err));
    }
  }

  private onMessage(message: PubSubMessage): void {
    this.feed.push(message);
    this.poster.touch();
  }

  private onState(state: PubSubState): void {
    const note = connectionNote(state);
    if (!note) return;
    this.note = note;
    if (state.state === 'resubscribed') this.services.log.info(`[${this.info.connectionName}] pub/sub: ${note.text}`);
    this.poster.post({ type: 'connection', connection: note });
  }

  /** Re-posts the counters when they changed without a message (the rate decays to 0). */
  private tick(): void {
    if (this.readyCount > 0 && statsKey(this.feed.stats()) !== this.lastStatsKey) this.poster.touch();
  }

  private wireSubscriptions(): WireSubscription[] {
    const s = this.subscriber.subscriptions();
    return [
      ...s.channels.map((b) => ({ kind: 'channel' as const, name: wireName(b) })),
      ...s.patterns.map((b) => ({ kind: 'pattern' as const, name: wireName(b) })),
      ...s.shardChannels.map((b) => ({ kind: 'shard' as const, name: wireName(b) })),
    ];
  }

  /** The live part of the next post: new messages since the last one (none while paused) and the counters. */
  private live(): HostMessage | undefined {
    if (this.readyCount === 0) return undefined;
    const batch = this.feed.take(MAX_ROWS_PER_POST, { skipToNewest: true });
    this.lastStatsKey = statsKey(batch.stats);
    if (batch.more) this.poster.touch();
    const messages = batch.items.map(({ seq, message }) => wireMessage(seq, message));
    return { type: 'messages', messages, firstSeq: batch.firstSeq, reset: batch.reset, stats: batch.stats, paused: batch.paused };
  }

  /** Resolves once the subscriber connection is closed (after dispose). */
  whenClosed(): Promise<void> {
    return this.closing ?? Promise.resolve();
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.closing = this.subscriber.close().catch((err: unknown) => this.services.log.warn(`[${this.info.connectionName}] closing the subscriber: ${errorMessage(err)}`));
    this.disposedEvent.fire();
    const all = this.disposables.splice(0);
    this.panel.dispose();
    for (const d of all) d.dispose();
  }
}

function statsKey(s: FeedStats): string {
  return `${s.received}/${s.kept}/${s.dropped}/${s.cleared}/${s.ratePerSecond}/${s.maxMessages}`;
}

function kindLabel(kind: SubscriptionKind): string {
  return kind === 'channel' ? 'channel(s)' : kind === 'pattern' ? 'pattern(s)' : 'shard channel(s)';
}
