/**
 * One database's keys as the tree sees them: a namespace index filled page by page (Load more) or
 * by a full walk (Scan All), under an optional MATCH pattern and TYPE filter. A pattern without
 * glob characters is an exact lookup (EXISTS + TYPE), not a scan.
 */
import type { Cluster, Redis } from 'ioredis';
import { hasGlob } from './keyName';
import { DEFAULT_INDEX_OPTIONS, IndexOptions, NamespaceIndex } from './namespaceIndex';
import { ScanCursor, scanAll, scanPage } from './scan';

export interface KeyFilter {
  /** Glob for SCAN MATCH, or an exact key name when it has no glob characters. */
  pattern?: string;
  /** Raw MATCH bytes (a folder's escaped prefix + `*`); used as is, never as an exact lookup. */
  match?: Buffer;
  /** Redis type name for SCAN TYPE. */
  type?: string;
}

export interface KeyspaceViewOptions {
  filter: KeyFilter;
  /** Keys per "Load more" page. */
  pageSize: number;
  /** SCAN COUNT hint. */
  scanCount: number;
  index: IndexOptions;
}

export const DEFAULT_VIEW_OPTIONS: KeyspaceViewOptions = { filter: {}, pageSize: 1000, scanCount: 1000, index: DEFAULT_INDEX_OPTIONS };

export class KeyspaceView {
  index: NamespaceIndex;
  private cursor: ScanCursor | undefined;
  private hasStarted = false;
  private finished = false;

  constructor(
    private readonly client: Redis | Cluster,
    readonly options: KeyspaceViewOptions = DEFAULT_VIEW_OPTIONS,
  ) {
    this.index = new NamespaceIndex(options.index);
  }

  /** True once a page was loaded (or a full scan ran). */
  get started(): boolean {
    return this.hasStarted;
  }

  /** True once every key (under the filter) has been seen: counts are exact. */
  get complete(): boolean {
    return this.finished;
  }

  /** Loads the next page; resolves with the number of keys it added. */
  async loadMore(signal?: AbortSignal): Promise<number> {
    if (this.finished) return 0;
    const { pattern, type } = this.options.filter;
    if (this.isExactLookup()) return this.lookupExact(pattern as string, type);
    const page = await scanPage(this.client, this.hasStarted ? this.cursor : undefined, this.scanOptions(signal), this.options.pageSize);
    this.hasStarted = true;
    this.cursor = page.cursor;
    this.finished = page.cursor === undefined;
    this.index.add(page.keys);
    return page.keys.length;
  }

  /**
   * Walks the whole keyspace into a fresh index (exact counts), reporting keys seen so far.
   * On cancel the previous index stays in place and the scan error propagates.
   */
  async scanAll(onProgress: (keys: number) => void, signal?: AbortSignal): Promise<void> {
    if (this.isExactLookup()) {
      await this.loadMore(signal);
      return;
    }
    const fresh = new NamespaceIndex(this.options.index);
    for await (const batch of scanAll(this.client, { ...this.scanOptions(signal), count: Math.max(this.options.scanCount, 10_000) })) {
      fresh.add(batch);
      onProgress(fresh.total);
    }
    this.index = fresh;
    this.hasStarted = true;
    this.cursor = undefined;
    this.finished = true;
  }

  private isExactLookup(): boolean {
    const { pattern, match } = this.options.filter;
    return match === undefined && pattern !== undefined && !hasGlob(pattern);
  }

  private scanOptions(signal?: AbortSignal) {
    const { match, pattern, type } = this.options.filter;
    return { match: match ?? pattern, type, count: this.options.scanCount, signal };
  }

  private async lookupExact(name: string, type: string | undefined): Promise<number> {
    this.hasStarted = true;
    this.finished = true;
    const key = Buffer.from(name, 'utf8');
    const actual = await this.client.type(key);
    if (actual === 'none' || (type && actual !== type)) return 0;
    this.index.add([key]);
    return 1;
  }
}
