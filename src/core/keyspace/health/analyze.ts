/**
 * The keyspace health analysis: walks the keyspace with SCAN on every node (every master of a
 * cluster, side by side), reads each batch's metadata in pipelines on the node that holds the keys,
 * and folds it into a plain report. Cancellable between round trips; progress after every batch.
 */
import type { Cluster, Redis } from 'ioredis';
import { ScanCancelled, ScanCursor, isCluster, scanAll, scanNodes, scanPage } from '../scan';
import { HealthAccumulator } from './accumulate';
import { MetadataOptions, readMetadata } from './metadata';
import { NodeInfo, NodeRef, readDbSize, readNodeInfo, readServerSignals } from './serverSignals';
import { AnalyzeOptions, HealthReport, NamespaceStat, NodeStat } from './types';

/** Keys per node a sample reads unless told otherwise. */
export const DEFAULT_SAMPLE_SIZE = 10_000;
/** Namespaces listed in a report (the most keys without TTL first). */
export const REPORT_NAMESPACE_LIMIT = 500;

/**
 * Analyses the keyspace of the db `client` is on and returns a health report.
 *
 * `full` reads every key, so its counts are exact. `sample` reads the first `sampleSize` keys
 * SCAN returns on each node: SCAN visits hash-table buckets in reverse-binary order, and a key's
 * bucket comes from a hash of its name, so those keys are spread over the whole keyspace with no
 * bias towards any name or namespace (it does not read "the first keys" in any order a user sees).
 * Sample estimates scale each node's counts by its INFO keyspace total.
 *
 * Rejects with `ScanCancelled` as soon as `signal` aborts (no further round trip is sent).
 */
export async function analyzeKeyspace(client: Redis | Cluster, options: AnalyzeOptions): Promise<HealthReport> {
  const startedAt = new Date();
  const { signal } = options;
  throwIfAborted(signal);
  const sampleSize = Math.max(1, options.sampleSize ?? DEFAULT_SAMPLE_SIZE);
  const scanCount = Math.max(10, options.scanCount ?? 1000);
  const topN = options.topN ?? 20;
  const cluster = isCluster(client);
  const db = cluster ? 0 : ((client as Redis).options.db ?? 0);
  const nodes: NodeRef[] = scanNodes(client);

  const unavailable: HealthReport['server']['unavailable'] = [];
  const infos = await Promise.all(
    nodes.map((n) =>
      readNodeInfo(n, db).catch((err: Error) => {
        if (!unavailable.some((u) => u.signal === 'INFO')) unavailable.push({ signal: 'INFO', reason: err.message });
        return undefined;
      }),
    ),
  );
  const nodeKeys = await Promise.all(nodes.map(async (n, i) => infos[i]?.keys ?? readDbSize(n).catch(() => 0)));
  throwIfAborted(signal);

  // How many keys each node will analyse, and how many keyspace keys each of them stands for.
  const planned = nodeKeys.map((keys) => (options.mode === 'full' ? keys : Math.min(keys, sampleSize)));
  const weights = nodeKeys.map((keys, i) => (options.mode === 'full' || planned[i] === 0 ? 1 : keys / planned[i]));
  const total = planned.reduce((a, b) => a + b, 0);

  const acc = new HealthAccumulator(options.delimiters, options.maxNamespaces ?? 20_000, topN);
  const meta: MetadataOptions = { memorySamples: options.memorySamples ?? 0 };
  const analyzedPerNode = nodes.map(() => 0);
  let seen = 0;
  /** Some node had keys left unread when its sample was full. */
  let sampled = false;
  options.onProgress?.(0, total);

  // One failing node stops the others too; the caller's signal stops all of them.
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  const walk = async (node: NodeRef, i: number) => {
    const analyzeBatch = async (keys: Buffer[]) => {
      const metas = await abortable(readMetadata(node.client, keys, meta), stop.signal);
      throwIfAborted(stop.signal);
      acc.add(metas, node.name, weights[i]);
      analyzedPerNode[i] += keys.length;
      seen += keys.length;
      options.onProgress?.(seen, Math.max(total, seen));
    };
    if (options.mode === 'full') {
      // next() raced against the signal too, so a cancel does not wait for a SCAN reply.
      const batches = scanAll(node.client, { count: scanCount, signal: stop.signal });
      for (;;) {
        const next = await abortable(batches.next(), stop.signal);
        if (next.done) break;
        await analyzeBatch(next.value);
      }
    } else {
      // Page by page, so a finished sample leaves no SCAN in flight.
      let cursor: ScanCursor | undefined;
      do {
        const limit = Math.min(scanCount, sampleSize - analyzedPerNode[i]);
        const page = await abortable(scanPage(node.client, cursor, { count: scanCount, signal: stop.signal }, limit), stop.signal);
        cursor = page.cursor;
        const keys = page.keys.slice(0, sampleSize - analyzedPerNode[i]);
        if (keys.length < page.keys.length) sampled = true;
        if (keys.length) await analyzeBatch(keys);
      } while (cursor && analyzedPerNode[i] < sampleSize);
      if (cursor) sampled = true;
    }
  };
  let signals: HealthReport['server'];
  const nodeStats: NodeStat[] = nodes.map((n, i) => nodeStat(n.name, nodeKeys[i], infos[i]));
  try {
    [signals] = await Promise.all([
      readServerSignals(nodes, infos, nodeStats, options.slowlogEntries ?? 10),
      ...nodes.map((n, i) =>
        walk(n, i).catch((err: unknown) => {
          stop.abort();
          throw err;
        }),
      ),
    ]);
  } catch (err) {
    if (signal?.aborted) throw new ScanCancelled();
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  throwIfAborted(signal);

  nodeStats.forEach((s, i) => (s.analyzed = analyzedPerNode[i]));
  if (meta.memoryRefused) unavailable.push({ signal: 'MEMORY USAGE', reason: meta.memoryRefused });
  const { namespaces, rootKeys, untracked } = acc.namespaceStats(REPORT_NAMESPACE_LIMIT);
  return {
    mode: options.mode,
    db,
    cluster,
    delimiters: [...options.delimiters],
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    totalKeys: nodeKeys.reduce((a, b) => a + b, 0),
    analyzed: acc.analyzed,
    vanished: acc.vanished,
    denied: acc.denied,
    exact: !sampled,
    nodes: nodeStats,
    types: acc.typeStats(),
    namespaces,
    rootKeys,
    untrackedKeys: untracked,
    expiry: acc.expiryStats(),
    biggestByMemory: acc.biggestByMemory(),
    biggestByLength: acc.biggestByLength(),
    analyzedMemory: acc.memory,
    server: { ...signals, unavailable: [...unavailable, ...signals.unavailable] },
  };
}

/** A namespace of the report whose keys lack a TTL. */
export interface MissingTtlNamespace {
  /** latin1 prefix with its trailing delimiter: equal to the key tree's `FolderListing.prefix`. */
  prefix: string;
  display: string;
  depth: 1 | 2;
  keys: number;
  noTtl: number;
  noTtlPct: number;
}

/**
 * The namespace prefixes of `report` where keys lack a TTL, most such keys first, for the key tree
 * to decorate its folders (build a `Map` by `prefix` for lookups). `minPct` (default 0: any key
 * without TTL) keeps only namespaces where at least that share of keys has no TTL. In a sample
 * report the counts are the sample's; the percentages estimate the whole namespace.
 */
export function namespacesMissingTtl(report: Pick<HealthReport, 'namespaces'>, minPct = 0): MissingTtlNamespace[] {
  return report.namespaces
    .filter((n: NamespaceStat) => n.noTtl > 0 && n.noTtlPct >= minPct)
    .map(({ prefix, display, depth, keys, noTtl, noTtlPct }) => ({ prefix, display, depth, keys, noTtl, noTtlPct }))
    .sort((a, b) => b.noTtl - a.noTtl || b.noTtlPct - a.noTtlPct);
}

function nodeStat(node: string, keys: number, info: NodeInfo | undefined): NodeStat {
  const stat: NodeStat = { node, keys, expires: info?.expires ?? 0, analyzed: 0 };
  if (info?.usedMemory !== undefined) stat.usedMemory = info.usedMemory;
  if (info?.cachedScripts !== undefined) stat.cachedScripts = info.cachedScripts;
  return stat;
}

/** Rejects with ScanCancelled the moment `signal` aborts, without waiting for `work`. */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(new ScanCancelled());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new ScanCancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ScanCancelled();
}
