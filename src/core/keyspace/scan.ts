/**
 * SCAN, never KEYS: pages of keys with a resumable cursor, and a whole-keyspace walk that can be
 * cancelled between round trips. On a cluster every master is scanned with its own cursor, in
 * parallel, and the results merged. Keys come back as Buffers (exact bytes).
 */
import type { Cluster, Redis } from 'ioredis';

export interface ScanOptions {
  /** SCAN MATCH pattern (bytes allowed). */
  match?: string | Buffer;
  /** SCAN TYPE (string, list, set, zset, hash, stream, ReJSON-RL, ...). */
  type?: string;
  /** SCAN COUNT hint per round trip. */
  count: number;
  /** Stops the walk between round trips. */
  signal?: AbortSignal;
}

/** Where a scan stands: one cursor per node ("0" once that node is done). */
export interface ScanCursor {
  nodes: { node: string; cursor: string }[];
}

export interface ScanPage {
  keys: Buffer[];
  /** undefined when the whole keyspace has been walked. */
  cursor: ScanCursor | undefined;
  /** SCAN calls made for this page (over all nodes). */
  roundTrips: number;
}

/** A node to scan: a standalone/sentinel client, or one master of a cluster. */
interface ScanNode {
  name: string;
  client: Redis;
}

export class ScanCancelled extends Error {
  constructor() {
    super('Scan cancelled');
    this.name = 'ScanCancelled';
  }
}

/** The nodes a scan must visit: every master of a cluster, or the one server. */
export function scanNodes(client: Redis | Cluster): ScanNode[] {
  if (isCluster(client)) {
    return client.nodes('master').map((n) => ({ name: `${n.options.host}:${n.options.port}`, client: n }));
  }
  return [{ name: `${client.options.host}:${client.options.port}`, client }];
}

export function isCluster(client: Redis | Cluster): client is Cluster {
  return (client as Cluster).isCluster === true;
}

/**
 * Reads keys until at least `limit` have been found or the keyspace is exhausted, resuming from
 * `cursor` (undefined: start). A page may hold a little more than `limit`, never fewer unless done.
 */
export async function scanPage(client: Redis | Cluster, cursor: ScanCursor | undefined, options: ScanOptions, limit: number): Promise<ScanPage> {
  const byName = new Map(scanNodes(client).map((n) => [n.name, n]));
  // Nodes still to walk, each with its cursor; a node leaves the list when its cursor returns to 0.
  let pending = cursor ? cursor.nodes.map((n) => ({ ...n })) : [...byName.keys()].map((node) => ({ node, cursor: '0' }));
  const keys: Buffer[] = [];
  let roundTrips = 0;
  while (pending.length > 0 && keys.length < limit) {
    throwIfAborted(options.signal);
    const replies = await Promise.all(
      pending.map(async (p) => {
        const node = byName.get(p.node);
        if (!node) throw new Error(`cluster node ${p.node} is gone; refresh to scan again`);
        const [next, found] = await scanOnce(node.client, p.cursor, options);
        return { node: p.node, cursor: next, found };
      }),
    );
    roundTrips += replies.length;
    for (const r of replies) for (const k of r.found) keys.push(k);
    pending = replies.filter((r) => r.cursor !== '0').map(({ node, cursor: c }) => ({ node, cursor: c }));
  }
  return { keys, cursor: pending.length ? { nodes: pending } : undefined, roundTrips };
}

/**
 * Walks the whole keyspace, yielding each round trip's keys as they arrive. The next SCAN is sent
 * before the caller processes the current batch, so indexing overlaps the server's work.
 */
export async function* scanAll(client: Redis | Cluster, options: ScanOptions): AsyncGenerator<Buffer[]> {
  const nodes = scanNodes(client);
  // Each node is its own sequential cursor chain; chains run side by side.
  const chains = nodes.map((node) => ({ node, cursor: '0', done: false, pending: undefined as Promise<[string, Buffer[]]> | undefined }));
  for (const c of chains) c.pending = scanOnce(c.node.client, '0', options);
  while (chains.some((c) => !c.done)) {
    throwIfAborted(options.signal);
    const live = chains.filter((c) => !c.done && c.pending);
    const { chain, reply } = await Promise.race(live.map((c) => (c.pending as Promise<[string, Buffer[]]>).then((reply) => ({ chain: c, reply }))));
    const [next, keys] = reply;
    chain.cursor = next;
    if (next === '0') {
      chain.done = true;
      chain.pending = undefined;
    } else if (!options.signal?.aborted) {
      chain.pending = scanOnce(chain.node.client, next, options);
    }
    if (keys.length) yield keys;
  }
}

async function scanOnce(client: Redis, cursor: string, options: ScanOptions): Promise<[string, Buffer[]]> {
  const args: (string | Buffer | number)[] = [cursor];
  if (options.match !== undefined) args.push('MATCH', options.match);
  args.push('COUNT', options.count);
  if (options.type) args.push('TYPE', options.type);
  const [next, keys] = (await client.callBuffer('SCAN', ...args)) as [Buffer, Buffer[]];
  return [next.toString(), keys];
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ScanCancelled();
}
