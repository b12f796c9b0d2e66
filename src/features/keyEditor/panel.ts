/**
 * One key editor: a webview panel for one key on one connection's database. Reads go through
 * KeyContent; every write is validated, stated in a modal confirmation (what exactly it will send)
 * and then applied; read-only connections get no write controls and their guard refuses writes.
 */
import * as vscode from 'vscode';
import { displayKey } from '../../core/keyspace/keyName';
import { KeyRef } from '../../core/keyspace/keyRef';
import { RedisClient } from '../../core/values/client';
import { describeWrite } from '../../core/values/describe';
import { readHashField } from '../../core/values/hash';
import { readListItem } from '../../core/values/list';
import { KeyMeta, readKeyMeta } from '../../core/values/meta';
import { WriteOp, applyWrite } from '../../core/values/writes';
import { readZsetScore } from '../../core/values/zset';
import { errorMessage, reportError } from '../../host/errors';
import { webviewHtml, webviewPanelOptions } from '../../host/webview';
import { HostMessage, KeyHeader, Row, WebviewMessage } from '../../webview/protocol/keyEditor';
import { ConnectionManager } from '../connections/manager';
import { KeyContent } from './content';
import { Poster } from '../../host/poster';
import { parseWebviewMessage, wireBytes, wireValue, writeOpFrom } from './wire';

export const KEY_EDITOR_VIEW_TYPE = 'redisDevkit.keyEditor';

export interface KeyEditorServices {
  connections: ConnectionManager;
  log: vscode.LogOutputChannel;
  extensionUri: vscode.Uri;
}

const CONFIRM_LABEL: Record<WriteOp['kind'], string> = {
  'string.set': 'Save', 'hash.set': 'Save', 'hash.add': 'Add', 'hash.delete': 'Delete', 'list.set': 'Save',
  'list.push': 'Push', 'list.remove': 'Remove', 'set.add': 'Add', 'set.remove': 'Remove', 'zset.add': 'Save', 'zset.remove': 'Remove',
};

export class KeyEditorPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  /** Panel-lifetime disposables. */
  private readonly disposables: vscode.Disposable[] = [];
  private readonly content: KeyContent;
  private readonly poster: Poster<HostMessage>;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  /** How many `ready` messages arrived (one per webview load). */
  readyCount = 0;
  private isDisposed = false;

  constructor(
    readonly ref: KeyRef,
    private readonly services: KeyEditorServices,
    preserveFocus = false,
  ) {
    const column = { viewColumn: vscode.ViewColumn.Active, preserveFocus };
    this.panel = vscode.window.createWebviewPanel(KEY_EDITOR_VIEW_TYPE, displayKey(ref.key), column, webviewPanelOptions(services.extensionUri));
    this.poster = new Poster<HostMessage>(this.panel.webview, (messages) => ({ type: 'batch', messages }));
    this.content = new KeyContent(() => this.client(), ref.key);
    this.panel.webview.html = webviewHtml({ webview: this.panel.webview, extensionUri: services.extensionUri, view: 'keyEditor', title: displayKey(ref.key) });
    this.disposables.push(
      this.poster,
      this.disposed,
      this.panel.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  /** Recent messages posted to the webview (tests, diagnostics). */
  get posted(): readonly HostMessage[] {
    return this.poster.history;
  }

  get onDidPost(): vscode.Event<HostMessage> {
    return this.poster.onDidPost;
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

  /** The guarded client for this key's db, connecting first when the connection is not open. */
  private async client(): Promise<RedisClient> {
    const { connections } = this.services;
    const session = connections.session(this.ref.connectionId) ?? (await connections.connect(this.ref.connectionId));
    return session.forDb(this.ref.db);
  }

  private header(meta: KeyMeta): KeyHeader {
    const h: KeyHeader = {
      key: wireBytes(this.ref.key), type: meta.type, rawType: meta.rawType, ttlMs: meta.ttlMs,
      connectionName: this.connectionName, db: this.ref.db, readOnly: this.readOnly,
    };
    if (meta.length !== undefined) h.length = meta.length;
    if (meta.encoding !== undefined) h.encoding = meta.encoding;
    if (meta.memoryBytes !== undefined) h.memoryBytes = meta.memoryBytes;
    return h;
  }

  private post(message: HostMessage): void {
    this.poster.post(message);
  }

  /** Handles one raw message from the webview; malformed ones are logged and dropped. */
  async receive(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.services.log.warn(`key editor ${displayKey(this.ref.key)}: ignored a malformed message (${JSON.stringify(raw)?.slice(0, 200)})`);
      return;
    }
    if (message.type === 'write') return this.write(message.requestId, message.op);
    this.post({ type: 'busy', busy: true });
    try {
      await this.handle(message);
    } catch (err) {
      this.post({ type: 'error', message: errorMessage(err) });
      void reportError(err, this.services.log, `key editor ${displayKey(this.ref.key)}`);
    } finally {
      this.post({ type: 'busy', busy: false });
    }
  }

  private async handle(message: Exclude<WebviewMessage, { type: 'write' }>): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.readyCount++;
        return this.sendState();
      case 'refresh':
        return this.sendState();
      case 'loadMore': {
        const page = await this.content.more();
        return this.post({ type: 'rows', ...page });
      }
      case 'loadAll': {
        const body = await this.content.loadAll();
        if (body && this.content.meta) this.post({ type: 'state', header: this.header(this.content.meta), body });
        return;
      }
      case 'scoreRange':
        this.content.setScoreRange(message.range);
        return this.sendState();
      case 'loadValue': {
        const value = await this.content.value(message.target);
        if (value) this.post({ type: 'value', target: message.target, value });
        else this.post({ type: 'error', message: 'That value no longer exists: refresh to see the current contents.' });
      }
    }
  }

  private async sendState(): Promise<void> {
    const { meta, body } = await this.content.load();
    this.post({ type: 'state', header: this.header(meta), body });
  }

  private async write(requestId: number, rawOp: unknown): Promise<void> {
    let op: WriteOp;
    try {
      op = writeOpFrom(rawOp, this.ref.key);
    } catch (err) {
      this.post({ type: 'writeDone', requestId, ok: false, message: errorMessage(err) });
      return;
    }
    const description = describeWrite(op);
    // A read-only connection's guard refuses the write itself; asking first would be pointless.
    if (!this.readOnly) {
      const label = CONFIRM_LABEL[op.kind];
      const detail = `Connection ${this.connectionName}, db ${this.ref.db}. This changes the data on the server immediately.`;
      const answer = await vscode.window.showWarningMessage(description, { modal: true, detail }, label);
      if (answer !== label) {
        this.post({ type: 'writeDone', requestId, ok: false, message: 'Cancelled: nothing was written.' });
        return;
      }
    }
    this.post({ type: 'busy', busy: true });
    try {
      const outcome = await applyWrite(await this.client(), op);
      this.services.log.info(`[${this.connectionName} db${this.ref.db}] ${description}: ${outcome.summary}`);
      // "Nothing changed" (the field already existed, the member was gone) is not a success to report as done.
      this.post({ type: 'writeDone', requestId, ok: outcome.changed, message: outcome.summary });
      await this.afterWrite(op);
    } catch (err) {
      this.post({ type: 'writeDone', requestId, ok: false, message: errorMessage(err) });
      void reportError(err, this.services.log, description);
    } finally {
      this.post({ type: 'busy', busy: false });
    }
  }

  /** Shows a write's effect: the changed row patched in place, or everything re-read when rows shift. */
  private async afterWrite(op: WriteOp): Promise<void> {
    const client = await this.client();
    const meta = await readKeyMeta(client, this.ref.key);
    if (meta.type === 'none' || meta.type !== this.content.meta?.type || op.kind === 'string.set' || op.kind === 'list.push' || op.kind === 'list.remove') {
      return this.sendState();
    }
    let upsert: Row | undefined;
    let remove: string | undefined;
    switch (op.kind) {
      case 'hash.set':
      case 'hash.add': {
        const value = await readHashField(client, op.key, op.field);
        if (value) upsert = { kind: 'hash', field: wireBytes(op.field), value: wireValue(value) };
        break;
      }
      case 'list.set': {
        const value = await readListItem(client, op.key, op.index);
        if (value) upsert = { kind: 'list', index: op.index, value: wireValue(value) };
        break;
      }
      case 'set.add':
        upsert = { kind: 'set', member: wireBytes(op.member) };
        break;
      case 'zset.add': {
        const score = await readZsetScore(client, op.key, op.member);
        if (score !== undefined) upsert = { kind: 'zset', member: wireBytes(op.member), score };
        break;
      }
      case 'hash.delete':
        remove = op.field.toString('base64');
        break;
      case 'set.remove':
      case 'zset.remove':
        remove = op.member.toString('base64');
        break;
    }
    this.post({ type: 'patch', header: this.header(meta), upsert, remove });
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    this.disposed.fire();
    const all = this.disposables.splice(0);
    this.panel.dispose();
    for (const d of all) d.dispose();
  }
}
