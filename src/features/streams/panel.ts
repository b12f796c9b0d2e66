/**
 * One stream viewer: a webview panel for one stream key on one connection's database. Reads go
 * through StreamReads (a page at a time); the live tail runs on the panel's own connection; every
 * write is validated, stated as its exact command in a modal confirmation and then applied.
 * Read-only connections get no write controls, and their guard refuses writes anyway.
 */
import * as vscode from 'vscode';
import { displayKey } from '../../core/keyspace/keyName';
import { KeyRef } from '../../core/keyspace/keyRef';
import { RedisClient } from '../../core/values/client';
import { errorMessage, reportError } from '../../host/errors';
import { webviewHtml, webviewPanelOptions } from '../../host/webview';
import { HostMessage, StreamHeader, WebviewMessage } from '../../webview/protocol/streamViewer';
import { ConnectionManager } from '../connections/manager';
import { wireBytes } from '../keyEditor/wire';
import { applyStreamWrite, writeFacts } from './apply';
import { LiveTail, TailBatch } from './liveTail';
import { Poster } from '../../host/poster';
import { StreamReads } from './reads';
import { StreamSettings } from './settings';
import { CONFIRM_LABEL, StreamWrite, describeStreamWrite, writeFrom } from './writes';
import { parseWebviewMessage, wireEntry } from './wire';

export const STREAM_VIEWER_VIEW_TYPE = 'redisDevkit.streamViewer';
/** At most one header refresh a second while the tail brings entries. */
const HEADER_INTERVAL_MS = 1000;

export interface StreamViewerServices {
  connections: ConnectionManager;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
}

export interface ReceiveOptions {
  /**
   * False skips the modal confirmation of a write. Only extension code can pass it (tests, as
   * the remove-connection command's `{ confirm: false }`); messages from the webview never do.
   */
  confirm?: boolean;
}

export class StreamViewerPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  /** Panel-lifetime disposables. */
  private readonly disposables: vscode.Disposable[] = [];
  private readonly poster: Poster<HostMessage>;
  private readonly reads: StreamReads;
  private readonly tail: LiveTail;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  /** How many `ready` messages arrived (one per webview load). */
  readyCount = 0;
  private isDisposed = false;
  private headerTimer: NodeJS.Timeout | undefined;
  private lastHeader = 0;

  constructor(
    readonly ref: KeyRef,
    private readonly services: StreamViewerServices,
    preserveFocus = false,
  ) {
    const title = displayKey(ref.key);
    this.panel = vscode.window.createWebviewPanel(STREAM_VIEWER_VIEW_TYPE, title, { viewColumn: vscode.ViewColumn.Active, preserveFocus }, webviewPanelOptions(services.extensionUri));
    this.poster = new Poster<HostMessage>(this.panel.webview, (messages) => ({ type: 'batch', messages }), 200);
    this.reads = new StreamReads(() => this.client(), ref.key);
    this.tail = new LiveTail(ref.key, (batch) => this.onTail(batch), (err) => this.onTailError(err), (m) => services.log.warn(`[${this.connectionName}] ${title}: ${m}`));
    this.panel.webview.html = webviewHtml({ webview: this.panel.webview, extensionUri: services.extensionUri, view: 'streamViewer', title });
    this.disposables.push(
      this.poster,
      this.disposed,
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
      // The tail belongs to the panel, but follows its connection: a disconnect stops it.
      services.connections.onDidChange((id) => {
        if (id !== ref.connectionId || !this.tail.running) return;
        const state = services.connections.status(id).state;
        if (state === 'disconnected' || state === 'failed') void this.stopTail(`The connection ${this.connectionName} closed: the live tail stopped.`);
      }),
    );
  }

  /** Recent messages posted to the webview (tests, diagnostics). */
  get posted(): readonly HostMessage[] {
    return this.poster.history;
  }

  get onDidPost(): vscode.Event<HostMessage> {
    return this.poster.onDidPost;
  }

  /** How many postMessage calls reached the webview (batches count once). */
  get postCount(): number {
    return this.poster.flushes;
  }

  /** True while the live tail runs. */
  get tailing(): boolean {
    return this.tail.running;
  }

  /** ioredis status of the tail's own connection ('ready', 'end', ...); undefined before a tail ran. */
  get tailConnectionStatus(): string | undefined {
    return this.tail.connectionStatus;
  }

  reveal(preserveFocus = false): void {
    this.panel.reveal(undefined, preserveFocus);
  }

  private get connectionName(): string {
    return this.services.connections.store.get(this.ref.connectionId)?.config.name ?? this.ref.connectionId;
  }

  private get readOnly(): boolean {
    return this.services.connections.store.get(this.ref.connectionId)?.config.readOnly === true;
  }

  private get context(): string {
    return `stream viewer ${displayKey(this.ref.key)}`;
  }

  /** The guarded client for the stream's db, connecting first when the connection is not open. */
  private async client(): Promise<RedisClient> {
    const { connections } = this.services;
    const session = connections.session(this.ref.connectionId) ?? (await connections.connect(this.ref.connectionId));
    return session.forDb(this.ref.db);
  }

  private async header(): Promise<StreamHeader> {
    const h: StreamHeader = { key: wireBytes(this.ref.key), connectionName: this.connectionName, db: this.ref.db, readOnly: this.readOnly, pageSize: StreamSettings.pageSize() };
    const info = await this.reads.info();
    if (info) h.info = info;
    this.lastHeader = Date.now();
    return h;
  }

  private post(message: HostMessage): void {
    if (!this.isDisposed) this.poster.post(message);
  }

  /** Handles one raw message from the webview; malformed ones are logged and dropped. */
  async receive(raw: unknown, options: ReceiveOptions = {}): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.services.log.warn(`${this.context}: ignored a malformed message (${JSON.stringify(raw)?.slice(0, 200)})`);
      return;
    }
    if (message.type === 'write') return this.write(message.requestId, message.op, options.confirm !== false);
    this.post({ type: 'busy', busy: true });
    try {
      await this.handle(message);
    } catch (err) {
      this.post({ type: 'error', message: errorMessage(err) });
      this.services.log.error(`${this.context}: ${errorMessage(err)}`);
    } finally {
      this.post({ type: 'busy', busy: false });
    }
  }

  private async handle(message: Exclude<WebviewMessage, { type: 'write' }>): Promise<void> {
    const count = StreamSettings.pageSize();
    switch (message.type) {
      case 'ready':
        this.readyCount++;
        return this.sendState();
      case 'refresh':
        return this.sendState();
      case 'refreshHeader':
        return this.post({ type: 'header', header: await this.header() });
      case 'loadOlder':
        return this.post(await this.reads.older(message.before, count));
      case 'loadNewer':
        return this.post(await this.reads.newer(message.after, count));
      case 'jump':
        return this.post(await this.reads.around(message.target, count));
      case 'loadEntry':
        return this.post(await this.reads.entry(message.id));
      case 'tail':
        return message.on ? this.startTail(message.after) : this.stopTail();
      case 'loadGroups':
        return this.post(await this.reads.groups());
      case 'selectGroup': {
        const group = Buffer.from(message.group, 'base64');
        const consumer = message.consumer === undefined ? undefined : Buffer.from(message.consumer, 'base64');
        this.post(await this.reads.consumers(group));
        return this.post(await this.reads.pending(group, count, consumer));
      }
      case 'loadPending': {
        const consumer = message.consumer === undefined ? undefined : Buffer.from(message.consumer, 'base64');
        return this.post(await this.reads.pending(Buffer.from(message.group, 'base64'), count, consumer, message.after));
      }
    }
  }

  /** Header and newest page: what opening costs (XINFO STREAM + one XREVRANGE COUNT page). */
  private async sendState(): Promise<void> {
    const header = await this.header();
    this.post({ type: 'state', header, tailing: this.tail.running });
    this.post(header.info ? await this.reads.newest(header.pageSize) : { type: 'entries', mode: 'replace', entries: [], moreOlder: false, moreNewer: false });
  }

  /**
   * Tails after `after` (the newest entry the webview shows). Without it the webview is not at the
   * newest entries: it gets the newest page first, and the tail starts right after that page.
   */
  private async startTail(after: string | undefined): Promise<void> {
    if (after === undefined) {
      const page = await this.reads.newest(StreamSettings.pageSize());
      this.post(page);
      after = page.entries[0]?.id ?? '0-0';
    }
    await this.tail.start(await this.client(), after, { blockMs: StreamSettings.tailBlockMs(), count: StreamSettings.pageSize() });
    this.services.log.info(`[${this.connectionName}] ${displayKey(this.ref.key)}: live tail on after ${after}`);
    this.post({ type: 'tail', on: true });
  }

  private async stopTail(error?: string): Promise<void> {
    await this.tail.stop();
    this.post(error ? { type: 'tail', on: false, error } : { type: 'tail', on: false });
  }

  private onTail(batch: TailBatch): void {
    const entries = batch.entries.map((e) => wireEntry(e));
    // A burst too big for one update: show its newest entries afresh, the rest stay a page away.
    this.post(batch.overflow ? { type: 'entries', mode: 'replace', entries, moreOlder: true, moreNewer: false } : { type: 'entries', mode: 'tail', entries });
    this.scheduleHeader();
  }

  private onTailError(err: Error): void {
    this.services.log.error(`${this.context}: live tail stopped: ${err.message}`);
    this.post({ type: 'tail', on: false, error: `The live tail stopped: ${err.message}` });
  }

  /** A header refresh soon, at most one per HEADER_INTERVAL_MS. */
  private scheduleHeader(): void {
    if (this.headerTimer || this.isDisposed) return;
    const wait = Math.max(0, this.lastHeader + HEADER_INTERVAL_MS - Date.now());
    this.headerTimer = setTimeout(() => {
      this.headerTimer = undefined;
      if (this.isDisposed) return;
      this.header().then(
        (header) => this.post({ type: 'header', header }),
        (err) => this.services.log.warn(`${this.context}: header refresh failed: ${errorMessage(err)}`),
      );
    }, wait);
  }

  private async write(requestId: number, rawOp: unknown, confirm: boolean): Promise<void> {
    let w: StreamWrite;
    try {
      w = writeFrom(rawOp);
    } catch (err) {
      this.post({ type: 'writeDone', requestId, ok: false, message: errorMessage(err) });
      return;
    }
    const description = describeStreamWrite(this.ref.key, w);
    try {
      // A read-only connection's guard refuses the write itself; asking first would be pointless.
      if (confirm && !this.readOnly && !(await this.confirm(w, description))) {
        this.post({ type: 'writeDone', requestId, ok: false, message: 'Cancelled: nothing was written.' });
        return;
      }
      this.post({ type: 'busy', busy: true });
      const outcome = await applyStreamWrite(await this.client(), this.ref.key, w);
      this.services.log.info(`[${this.connectionName} db${this.ref.db}] ${description}: ${outcome.summary}`);
      this.post({ type: 'writeDone', requestId, ok: outcome.changed, message: outcome.summary });
      await this.afterWrite(w);
    } catch (err) {
      this.post({ type: 'writeDone', requestId, ok: false, message: errorMessage(err) });
      void reportError(err, this.services.log, description);
    } finally {
      this.post({ type: 'busy', busy: false });
    }
  }

  /** The modal dialog: the exact command, what it removes or moves, where. True when confirmed. */
  private async confirm(w: StreamWrite, description: string): Promise<boolean> {
    const facts = await writeFacts(await this.client(), this.ref.key, w);
    const detail = `${facts}\n\nConnection ${this.connectionName}, db ${this.ref.db}. This changes the data on the server immediately.`;
    const label = CONFIRM_LABEL[w.kind];
    return (await vscode.window.showWarningMessage(description, { modal: true, detail }, label)) === label;
  }

  /** Shows a write's effect: the header always, then the rows or the group it touched. */
  private async afterWrite(w: StreamWrite): Promise<void> {
    this.post({ type: 'header', header: await this.header() });
    switch (w.kind) {
      case 'add': {
        // Shown on top (the webview keeps it only when it shows the newest entries); the tail may bring it too.
        const added = (await this.reads.newest(1)).entries;
        if (added.length) this.post({ type: 'entries', mode: 'tail', entries: added });
        return;
      }
      case 'delete':
        return this.post({ type: 'removed', ids: w.ids });
      case 'trim':
        return this.post(await this.reads.newest(StreamSettings.pageSize()));
      default: {
        const groups = await this.reads.groups();
        this.post(groups);
        const group = w.group.toString('base64');
        if (w.kind === 'createGroup' || !groups.groups.some((g) => g.name.b64 === group)) return;
        this.post(await this.reads.consumers(w.group));
        this.post(await this.reads.pending(w.group, StreamSettings.pageSize()));
      }
    }
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    clearTimeout(this.headerTimer);
    this.disposed.fire();
    void this.tail.stop().catch((err: unknown) => this.services.log.warn(`${this.context}: stopping the tail: ${errorMessage(err)}`));
    const all = this.disposables.splice(0);
    this.panel.dispose();
    for (const d of all) d.dispose();
  }
}
