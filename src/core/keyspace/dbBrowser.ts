/**
 * The key browser's state for one database: the root KeyspaceView (filled page by page or by Scan
 * All), extra views for folders the root index could not hold (re-listed with SCAN MATCH
 * <prefix>*), how many keys each folder shows, and TYPE/PTTL metadata fetched for shown keys only.
 */
import type { Cluster, Redis } from 'ioredis';
import { escapeGlob, keyToken } from './keyName';
import { KeyspaceView, KeyspaceViewOptions } from './keyspaceView';
import { FolderListing } from './namespaceIndex';
import { isCluster } from './scan';

export interface KeyMeta {
  type: string;
  /** PTTL reply: ms left, -1 no expiry, -2 gone. */
  pttl: number;
}

export interface Listing {
  folders: FolderListing['folders'];
  /** The keys to show now (the first `showLimit`, raised by Show more). */
  keys: Buffer[];
  /** Keys already scanned in this folder but not shown yet. */
  hiddenKeys: number;
  /** Counts may still grow: the scan that serves this folder is not finished. */
  partial: boolean;
}

export interface DbBrowserOptions extends KeyspaceViewOptions {
  /** Keys listed per folder before a "Show more" node. */
  showLimit: number;
}

export class DbBrowser {
  private root: KeyspaceView;
  private readonly folderViews = new Map<string, KeyspaceView>();
  private readonly shown = new Map<string, number>();
  private readonly meta = new Map<string, KeyMeta>();

  constructor(
    readonly client: Redis | Cluster,
    readonly options: DbBrowserOptions,
  ) {
    this.root = new KeyspaceView(client, options);
  }

  /** What a folder ('' = the database level) holds, loading the first page when nothing is known. */
  async list(prefix: string): Promise<Listing> {
    const view = await this.viewFor(prefix);
    const listing = view.index.list(prefix);
    const limit = this.shown.get(prefix) ?? this.options.showLimit;
    // Byte order reads naturally and keeps rows in place between refreshes; huge folders stay in scan order.
    const keys = (listing?.keys ?? []).length <= 50_000 ? [...(listing?.keys ?? [])].sort(Buffer.compare) : (listing?.keys ?? []);
    return {
      folders: listing?.folders ?? [],
      keys: keys.slice(0, limit),
      hiddenKeys: Math.max(0, keys.length - limit),
      partial: !view.complete,
    };
  }

  /** Key count of a folder as known now (from the nearest view that holds it), and whether it may still grow. */
  count(prefix: string): { count: number; partial: boolean } {
    for (const view of this.viewsFor(prefix).reverse()) {
      const listing = view.index.list(prefix);
      if (listing && (listing.complete || view === this.root || this.folderViews.get(prefix) === view)) return { count: listing.count, partial: !view.complete };
    }
    return { count: 0, partial: true };
  }

  /** True when a "Load more" for this folder would find more keys. */
  async canScanMore(prefix: string): Promise<boolean> {
    return !(await this.viewFor(prefix)).complete;
  }

  /** Continues the scan that serves this folder by one page. */
  async loadMore(prefix: string, signal?: AbortSignal): Promise<number> {
    return (await this.viewFor(prefix)).loadMore(signal);
  }

  showMore(prefix: string): void {
    this.shown.set(prefix, (this.shown.get(prefix) ?? this.options.showLimit) + this.options.showLimit);
  }

  /** Walks the whole database into a fresh index; folder views and shown limits start over. */
  async scanAll(onProgress: (keys: number) => void, signal?: AbortSignal): Promise<number> {
    await this.root.scanAll(onProgress, signal);
    this.folderViews.clear();
    return this.root.index.total;
  }

  /** Records keys this extension deleted, so counts stay right without a rescan. */
  noteDeleted(keys: Buffer[]): void {
    for (const view of [this.root, ...this.folderViews.values()]) view.index.remove(keys);
    this.forgetMeta(keys);
  }

  /** Records that everything under a folder was deleted. */
  noteFolderDeleted(prefix: string): void {
    for (const view of [this.root, ...this.folderViews.values()]) view.index.removeFolder(prefix);
    this.folderViews.delete(prefix);
  }

  /**
   * Records keys this extension created. Only views that finished scanning take them (a partial
   * scan may still meet them); with a filter active the browser resets instead (they may not match).
   */
  noteAdded(keys: Buffer[]): void {
    if (this.options.filter.pattern || this.options.filter.type) {
      this.reset();
      return;
    }
    for (const view of [this.root, ...this.folderViews.values()]) {
      if (!view.complete) continue;
      const prefix = [...this.folderViews].find(([, v]) => v === view)?.[0];
      view.index.add(prefix === undefined ? keys : keys.filter((k) => k.toString('latin1').startsWith(prefix)));
    }
  }

  /** Starts over from an empty index (Refresh). */
  reset(prefix = ''): void {
    if (prefix === '') {
      this.root = new KeyspaceView(this.client, this.options);
      this.folderViews.clear();
      this.shown.clear();
      this.meta.clear();
      return;
    }
    // The folder is listed again by its own SCAN MATCH <prefix>*, whatever broader index holds.
    this.folderViews.set(prefix, this.folderView(prefix));
    this.shown.delete(prefix);
  }

  metaOf(key: Buffer): KeyMeta | undefined {
    return this.meta.get(keyToken(key));
  }

  /** Drops all cached metadata (after a write to many keys). */
  forgetAllMeta(): void {
    this.meta.clear();
  }

  /** Drops cached metadata (after a write) so the next listing reads it again. */
  forgetMeta(keys: Buffer[]): void {
    for (const k of keys) this.meta.delete(keyToken(k));
  }

  /** Reads TYPE and PTTL for the keys that have no metadata yet, in one round of pipelined calls. */
  async loadMeta(keys: Buffer[]): Promise<void> {
    const missing = keys.filter((k) => !this.meta.has(keyToken(k)));
    if (missing.length === 0) return;
    const knownType = this.options.filter.type;
    const results = isCluster(this.client) ? await this.metaByCalls(missing, knownType) : await this.metaByPipeline(this.client, missing, knownType);
    missing.forEach((k, i) => this.meta.set(keyToken(k), results[i]));
  }

  private async metaByPipeline(client: Redis, keys: Buffer[], knownType?: string): Promise<KeyMeta[]> {
    const pipeline = client.pipeline();
    for (const k of keys) {
      if (!knownType) pipeline.type(k);
      pipeline.pttl(k);
    }
    const replies = (await pipeline.exec()) ?? [];
    const step = knownType ? 1 : 2;
    return keys.map((_, i) => {
      const type = knownType ?? String(replies[i * step]?.[1] ?? 'none');
      const pttl = Number(replies[i * step + step - 1]?.[1] ?? -2);
      return { type, pttl };
    });
  }

  private metaByCalls(keys: Buffer[], knownType?: string): Promise<KeyMeta[]> {
    // Cluster: each call is routed to its key's node; ioredis writes them without waiting in between.
    return Promise.all(keys.map(async (k) => ({ type: knownType ?? (await this.client.type(k)), pttl: await this.client.pttl(k) })));
  }

  private folderView(prefix: string): KeyspaceView {
    const filter = this.options.filter.pattern
      ? this.options.filter
      : { type: this.options.filter.type, match: Buffer.concat([escapeGlob(Buffer.from(prefix, 'latin1')), Buffer.from('*')]) };
    return new KeyspaceView(this.client, { ...this.options, filter });
  }

  /** The root view and the folder views of this prefix's ancestors, nearest last. */
  private viewsFor(prefix: string): KeyspaceView[] {
    const views = [this.root];
    for (const [p, v] of this.folderViews) if (prefix.startsWith(p)) views.push(v);
    return views.sort((a, b) => this.prefixOf(a).length - this.prefixOf(b).length);
  }

  private prefixOf(view: KeyspaceView): string {
    for (const [p, v] of this.folderViews) if (v === view) return p;
    return '';
  }

  /**
   * The view that lists this folder: the root (or an ancestor's folder view) when it holds the
   * folder complete or is still scanning the whole keyspace; else a new view that scans only
   * MATCH <prefix>* (caps dropped this folder's keys from the broader index).
   */
  private async viewFor(prefix: string): Promise<KeyspaceView> {
    if (prefix === '') {
      if (!this.root.started) await this.root.loadMore();
      return this.root;
    }
    const own = this.folderViews.get(prefix);
    if (own) {
      if (!own.started) await own.loadMore();
      return own;
    }
    for (const view of this.viewsFor(prefix).reverse()) {
      const listing = view.index.list(prefix);
      if (listing?.complete || (view === this.root && !view.complete && listing)) return view;
    }
    const view = this.folderView(prefix);
    this.folderViews.set(prefix, view);
    await view.loadMore();
    return view;
  }
}
