/**
 * The keyspace health report: plain data (no classes, no I/O), so features can render it, export it
 * as Markdown or hand it to a webview after swapping the key Buffers for tokens.
 */

/** How much of the keyspace the report looked at. */
export type HealthMode = 'sample' | 'full';

export interface AnalyzeOptions {
  /** `full` reads every key; `sample` reads the first `sampleSize` keys SCAN returns on each node. */
  mode: HealthMode;
  /** Keys per node in sample mode (default 10,000). Ignored in full mode. */
  sampleSize?: number;
  /** Namespace delimiters, as the key tree uses them (e.g. `[":"]`). */
  delimiters: string[];
  /** Stops the analysis between round trips; the promise rejects with `ScanCancelled`. */
  signal?: AbortSignal;
  /** Called after each batch: keys analysed so far, and how many will be (when known). */
  onProgress?(scanned: number, total?: number): void;
  /** Rows in each "biggest keys" list (default 20). */
  topN?: number;
  /** SCAN COUNT hint, also the metadata batch size (default 1,000). */
  scanCount?: number;
  /**
   * MEMORY USAGE SAMPLES (default 0: exact, which walks every element of an aggregate; pass e.g. 5
   * on servers with huge collections where an exact count would block the server).
   */
  memorySamples?: number;
  /** Distinct namespace prefixes tracked; keys in prefixes past the cap count as `untracked` (default 20,000). */
  maxNamespaces?: number;
  /** Entries of `SLOWLOG GET` read per node (default 10). */
  slowlogEntries?: number;
}

/** One key as the report shows it. */
export interface KeyStat {
  /** Exact key bytes. */
  key: Buffer;
  /** Safe text for the key (`displayKey`). */
  display: string;
  type: string;
  /** MEMORY USAGE in bytes; undefined when the server would not say. */
  memory?: number;
  /** Elements (STRLEN for strings: bytes); undefined for types without a length command. */
  length?: number;
  /** Milliseconds to expiry; undefined when the key has no TTL. */
  ttlMs?: number;
  /** `host:port` of the node holding the key. */
  node: string;
}

/** A namespace: every key starting with `prefix` (a level-1 or level-2 folder of the key tree). */
export interface NamespaceStat {
  /**
   * The prefix as a latin1 string, including its trailing delimiter (`"user:"`, `"user:1001:"`):
   * the same form as `FolderListing.prefix` of the key tree's NamespaceIndex, so the tree can match
   * folders directly; `Buffer.from(prefix, 'latin1')` gives the exact bytes.
   */
  prefix: string;
  /** Safe text for the prefix. */
  display: string;
  /** 1 for a top-level prefix, 2 for a second-level one. */
  depth: 1 | 2;
  /** Keys analysed under the prefix. */
  keys: number;
  /** Of those, keys without a TTL. */
  noTtl: number;
  /** `noTtl / keys` as a percentage (0-100). */
  noTtlPct: number;
  /** Sum of MEMORY USAGE over the analysed keys. */
  memory: number;
  /** Sample mode: estimated keys in the whole keyspace. Equal to `keys` in full mode. */
  estimatedKeys: number;
}

export interface TypeStat {
  type: string;
  /** Keys analysed of this type. */
  keys: number;
  /** Sample mode: estimated keys of this type in the whole keyspace. Equal to `keys` in full mode. */
  estimatedKeys: number;
  memory: number;
  /** Share of analysed keys, 0-100. */
  pct: number;
}

export interface ExpiryStats {
  /** Keys with a TTL. */
  withTtl: number;
  /** Keys without a TTL (persistent). */
  noTtl: number;
  /** Keys expiring within the next hour. */
  within1h: number;
  /** Keys expiring within the next 24 hours (includes `within1h`). */
  within24h: number;
  /** The same four counts estimated for the whole keyspace (sample mode); equal to them in full mode. */
  estimated: { withTtl: number; noTtl: number; within1h: number; within24h: number };
  /** The keys closest to expiry (at most topN). */
  soonest: KeyStat[];
}

export interface SlowlogEntry {
  id: number;
  /** Unix time in seconds. */
  timestamp: number;
  durationUs: number;
  /** Command and arguments as safe text (Redis truncates long ones itself). */
  args: string[];
  client?: string;
  clientName?: string;
  node: string;
}

/** One master (or the single server). */
export interface NodeStat {
  node: string;
  /** From INFO keyspace for the analysed db. */
  keys: number;
  /** Keys with an expiry, from INFO keyspace. */
  expires: number;
  /** Keys this report analysed on the node. */
  analyzed: number;
  /** `used_memory` in bytes, when INFO memory was readable. */
  usedMemory?: number;
  /** `number_of_cached_scripts`. */
  cachedScripts?: number;
  /** MEMORY DOCTOR's text. */
  memoryDoctor?: string;
}

export interface ServerSignals {
  version?: string;
  /** Sum of `number_of_cached_scripts` over the nodes. */
  cachedScripts?: number;
  /** MEMORY DOCTOR per node (a cluster's text is prefixed by node). */
  memoryDoctor?: string;
  /** The slowest SLOWLOG entries over all nodes, slowest first. */
  slowlog: SlowlogEntry[];
  /** Signals the server refused, with the reason (e.g. an ACL without SLOWLOG). */
  unavailable: { signal: string; reason: string }[];
}

export interface HealthReport {
  mode: HealthMode;
  db: number;
  cluster: boolean;
  delimiters: string[];
  /** ISO time the analysis started. */
  startedAt: string;
  durationMs: number;
  /** Total keys in the db from INFO keyspace (summed over masters). */
  totalKeys: number;
  /** Keys analysed (full mode: every key SCAN returned). */
  analyzed: number;
  /** Keys SCAN returned that were gone before their metadata was read. */
  vanished: number;
  /** Keys SCAN returned that the ACL user may not read (its key patterns exclude them); left out of every figure. */
  denied: number;
  /** Every key was read (full mode, or a sample that covered the whole keyspace): counts are exact. */
  exact: boolean;
  nodes: NodeStat[];
  types: TypeStat[];
  /** Namespaces, most keys without TTL first (at most 500). */
  namespaces: NamespaceStat[];
  /** Keys without a delimiter (no namespace). */
  rootKeys: { keys: number; noTtl: number; noTtlPct: number };
  /** Keys whose prefix was past `maxNamespaces` (counted, not listed). */
  untrackedKeys: number;
  expiry: ExpiryStats;
  biggestByMemory: KeyStat[];
  biggestByLength: KeyStat[];
  /** Sum of MEMORY USAGE over the analysed keys. */
  analyzedMemory: number;
  server: ServerSignals;
}
