/**
 * The key browser under each connected connection: databases -> namespace folders -> keys. Holds a
 * DbBrowser per (connection, db), the global filter, and the node cache; the Connections tree
 * provider delegates every non-connection element here.
 */
import * as vscode from 'vscode';
import { DbBrowser } from '../../core/keyspace/dbBrowser';
import type { MissingTtlNamespace } from '../../core/keyspace/health';
import { KeyFilter } from '../../core/keyspace/keyspaceView';
import { NamespaceIndex } from '../../core/keyspace/namespaceIndex';
import { ConnectionManager } from '../connections/manager';
import { BrowserNode, DatabaseNode, FolderNode, NodeCache } from './nodes';
import { KeyBrowserSettings } from './settings';

export class KeyBrowser implements vscode.Disposable {
  readonly nodes = new NodeCache();
  private readonly browsers = new Map<string, Promise<DbBrowser>>();
  /** The same browsers once resolved, for synchronous TreeItem mapping. */
  private readonly ready = new Map<string, DbBrowser>();
  private readonly changed = new vscode.EventEmitter<BrowserNode | undefined>();
  /** A subtree changed (undefined: everything under every connection). */
  readonly onDidChange = this.changed.event;
  private currentFilter: KeyFilter = {};
  /** Namespaces the last health report found keys without a TTL in, per database. */
  private readonly ttlWarnings = new Map<string, Map<string, MissingTtlNamespace>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(readonly connections: ConnectionManager) {
    this.subscriptions = [
      connections.onDidChange((id) => {
        // A connection that is no longer connected drops its browsing state.
        if (id && connections.status(id).state !== 'connected' && connections.status(id).state !== 'reconnecting') this.forget(id);
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('redisDevkit.keyBrowser')) this.resetAll();
      }),
    ];
  }

  get filter(): KeyFilter {
    return this.currentFilter;
  }

  setFilter(filter: KeyFilter): void {
    this.currentFilter = filter;
    this.resetAll();
  }

  /** Databases that hold keys (the configured one always), from INFO keyspace; a cluster has db 0. */
  databases(connectionId: string): DatabaseNode[] {
    const stored = this.connections.store.get(connectionId);
    const info = this.connections.status(connectionId).info;
    const dbs = new Set<number>(info?.keyspace.map((k) => k.db) ?? []);
    dbs.add(stored?.config.db ?? 0);
    return [...dbs].sort((a, b) => a - b).map((db) => this.nodes.db(connectionId, db));
  }

  /** The DbBrowser for a database, created (with the current settings and filter) on first use. */
  browser(connectionId: string, db: number): Promise<DbBrowser> {
    const key = `${connectionId}/${db}`;
    let pending = this.browsers.get(key);
    if (!pending) {
      pending = (async () => {
        const session = await this.connections.connect(connectionId);
        const client = await session.forDb(db);
        const browser = new DbBrowser(client, { ...KeyBrowserSettings.read(), filter: this.currentFilter });
        if (this.browsers.get(key) === pending) this.ready.set(key, browser);
        return browser;
      })();
      pending.catch(() => this.browsers.delete(key));
      this.browsers.set(key, pending);
    }
    return pending;
  }

  /** The DbBrowser for a database if it exists already (no I/O). */
  loaded(connectionId: string, db: number): DbBrowser | undefined {
    return this.ready.get(`${connectionId}/${db}`);
  }

  async children(node: DatabaseNode | FolderNode): Promise<BrowserNode[]> {
    const prefix = node.kind === 'db' ? '' : node.prefix;
    const browser = await this.browser(node.connectionId, node.db);
    const listing = await browser.list(prefix);
    await browser.loadMeta(listing.keys);
    const out: BrowserNode[] = [
      ...listing.folders.map((f) => this.nodes.folder(node.connectionId, node.db, f.prefix, prefix, f.name)),
      ...listing.keys.map((k) => this.nodes.key(node.connectionId, node.db, k, prefix)),
    ];
    if (listing.hiddenKeys > 0) out.push(this.nodes.more(node.connectionId, node.db, prefix, 'show'));
    else if (listing.partial) out.push(this.nodes.more(node.connectionId, node.db, prefix, 'scan'));
    return out;
  }

  /** The element above `node`: a folder or database, or undefined for a database (its parent is the connection). */
  parent(node: BrowserNode): DatabaseNode | FolderNode | undefined {
    if (node.kind === 'db') return undefined;
    const prefix = node.kind === 'folder' ? node.parentPrefix : node.prefix;
    if (prefix === '') return this.nodes.db(node.connectionId, node.db);
    return this.nodes.find(NodeCache.folderId(node.connectionId, node.db, prefix)) as FolderNode | undefined;
  }

  /** Applies a change this extension made to a database's state (counts, keys) and redraws it. */
  async update(connectionId: string, db: number, change: (browser: DbBrowser) => void | Promise<void>): Promise<void> {
    await change(await this.browser(connectionId, db));
    this.changed.fire(this.nodes.db(connectionId, db));
  }

  /** Marks folders whose keys lack TTLs (from a health report) and redraws that database. */
  setTtlWarnings(connectionId: string, db: number, namespaces: MissingTtlNamespace[]): void {
    this.ttlWarnings.set(`${connectionId}/${db}`, new Map(namespaces.map((n) => [n.prefix, n])));
    this.changed.fire(this.nodes.db(connectionId, db));
  }

  ttlWarning(node: FolderNode): MissingTtlNamespace | undefined {
    return this.ttlWarnings.get(`${node.connectionId}/${node.db}`)?.get(node.prefix);
  }

  /** Redraws a subtree. */
  fire(node?: BrowserNode): void {
    this.changed.fire(node);
  }

  /** Starts a database or folder over (Refresh), or every database of a connection. */
  async refresh(connectionId: string, db?: number, prefix = ''): Promise<void> {
    if (db === undefined) {
      this.forget(connectionId);
      this.changed.fire(undefined);
      return;
    }
    const browser = await this.browser(connectionId, db);
    browser.reset(prefix);
    this.changed.fire(prefix === '' ? this.nodes.db(connectionId, db) : this.folderOrDb(connectionId, db, prefix));
  }

  /** Display name of a folder segment or key leaf (bytes as latin1 -> text). */
  static leaf(key: Buffer, prefix: string): Buffer {
    const leaf = NamespaceIndex.leafName(key, prefix);
    return leaf.length ? leaf : key;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }

  private folderOrDb(connectionId: string, db: number, prefix: string): BrowserNode {
    return this.nodes.find(NodeCache.folderId(connectionId, db, prefix)) ?? this.nodes.db(connectionId, db);
  }

  private forget(connectionId: string): void {
    for (const key of [...this.browsers.keys()]) {
      if (!key.startsWith(`${connectionId}/`)) continue;
      this.browsers.delete(key);
      this.ready.delete(key);
    }
    this.nodes.forget(connectionId);
  }

  /** Drops every database's state and redraws (settings or filter changed, Refresh All). */
  resetAll(): void {
    this.browsers.clear();
    this.ready.clear();
    this.changed.fire(undefined);
  }
}
