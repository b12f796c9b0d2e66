/**
 * Which Redis node a script, function or kill goes to, and how to reach it. Standalone and
 * sentinel clients have one node. On a cluster the runner talks to the owning master's own
 * connection (not the Cluster client) so that EVALSHA, the SCRIPT LOAD after a NOSCRIPT and the
 * retry all reach the same server and the runner knows which one ran the script.
 */
import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import { ReadOnlyError } from '../connection/errors';
import type { RedisClient } from '../values/client';
import { isCluster } from '../values/topology';

/** Where to send: the node's "host:port" and the connection that reaches it. */
export interface NodeTarget {
  node: string;
  /** The client itself (standalone/sentinel) or one master's connection inside a Cluster. */
  redis: RedisClient;
  /**
   * True when `redis` is a cluster node's own connection: the read-only guard of the session
   * does not sit on it, so callers must refuse writes themselves.
   */
  direct: boolean;
}

/** What the read-only checks of the Lua core need to know about the connection. */
export interface WritePolicy {
  readOnly?: boolean;
  /** Named in the ReadOnlyError ("'Prod' is a read-only connection: ..."). */
  connectionName?: string;
}

/**
 * Throws the ReadOnlyError the write guard would, for commands this module sends to cluster nodes
 * directly (which the guard cannot see). `command` is shown upper-case: 'FUNCTION LOAD', 'FCALL'.
 */
export function refuseOnReadOnly(policy: WritePolicy | undefined, command: string): void {
  if (policy?.readOnly) throw new ReadOnlyError(policy.connectionName ?? 'this connection', command);
}

/**
 * "host:port" of one connection. A sentinel client reports the master it is connected to (its
 * options name only the sentinels); anything else its configured address, which for a cluster
 * node is the address ioredis keys the node by (as in `cluster.slots`).
 */
export function nodeAddress(redis: Redis): string {
  const { host, port, sentinels } = redis.options;
  if (sentinels?.length) {
    const stream = redis.stream as { remoteAddress?: string; remotePort?: number } | undefined;
    if (stream?.remoteAddress && stream.remotePort) return `${stream.remoteAddress.replace(/^::ffff:/, '')}:${stream.remotePort}`;
  }
  return `${host ?? '127.0.0.1'}:${port ?? 6379}`;
}

/** The cluster's masters in a stable order (by host, then port), so "the first master" is deterministic. */
export function clusterMasters(cluster: Cluster): Redis[] {
  const split = (r: Redis) => {
    const addr = nodeAddress(r);
    const at = addr.lastIndexOf(':');
    return { host: addr.slice(0, at), port: Number(addr.slice(at + 1)) };
  };
  return [...cluster.nodes('master')].sort((a, b) => {
    const x = split(a);
    const y = split(b);
    return x.host < y.host ? -1 : x.host > y.host ? 1 : x.port - y.port;
  });
}

/** Every node a FUNCTION command must reach: each master of a cluster, else the client's one node. */
export function everyMaster(client: RedisClient): NodeTarget[] {
  if (!isCluster(client)) return [{ node: nodeAddress(client), redis: client, direct: false }];
  const masters = clusterMasters(client);
  if (!masters.length) throw new Error('The cluster has no known masters yet (its slot map is not loaded).');
  return masters.map((m) => ({ node: nodeAddress(m), redis: m, direct: true }));
}

/** The connection ioredis keeps to the cluster node at `address`, if it knows that node. */
export function clusterNode(cluster: Cluster, address: string): Redis | undefined {
  return cluster.nodes('all').find((n) => nodeAddress(n) === address);
}

/**
 * Where a run with these keys goes, from what the client knows now: the owner of the first key's
 * slot, or for no keys the first master by address. Throws when a cluster's slot map lacks the
 * slot (not loaded yet); `routeKeys` refreshes the map first in that case.
 */
export function targetFor(client: RedisClient, keys: readonly (string | Buffer)[]): NodeTarget {
  if (!isCluster(client)) return { node: nodeAddress(client), redis: client, direct: false };
  if (keys.length === 0) {
    const first = clusterMasters(client)[0];
    if (!first) throw new Error('The cluster has no known masters yet (its slot map is not loaded).');
    return { node: nodeAddress(first), redis: first, direct: true };
  }
  const slot = calculateSlot(keys[0]);
  const owner = client.slots[slot]?.[0];
  const redis = owner === undefined ? undefined : clusterNode(client, owner);
  if (owner === undefined || !redis) throw new Error(`No known master serves slot ${slot} of key '${String(keys[0])}' (the cluster's slot map is not loaded).`);
  return { node: owner, redis, direct: true };
}

function refreshSlots(cluster: Cluster): Promise<void> {
  return new Promise((resolve) => cluster.refreshSlotsCache(() => resolve()));
}

/** `targetFor`, refreshing a cluster's slot map once if it has no owner for the slot. */
export async function routeKeys(client: RedisClient, keys: readonly (string | Buffer)[]): Promise<NodeTarget> {
  try {
    return targetFor(client, keys);
  } catch (err) {
    if (!isCluster(client)) throw err;
    await refreshSlots(client);
    return targetFor(client, keys);
  }
}

/**
 * After a `MOVED <slot> <host:port>` reply from a node we addressed directly (the slot moved since
 * ioredis last read the slot map): the node now serving the slot. The slot map is refreshed so the
 * next run goes there at once. Undefined for any other error, or a node ioredis cannot reach.
 */
export async function movedTarget(client: RedisClient, err: unknown): Promise<NodeTarget | undefined> {
  if (!isCluster(client) || !(err instanceof Error)) return undefined;
  const address = /^MOVED \d+ (\S+)/.exec(err.message)?.[1];
  if (!address) return undefined;
  await refreshSlots(client);
  const redis = clusterNode(client, address);
  return redis ? { node: address, redis, direct: true } : undefined;
}

/**
 * A new connection to `node` with the client's credentials and TLS, for a command that must not
 * wait behind a busy connection (SCRIPT KILL). It does not reconnect, selects no database and
 * sets no client name: a server busy with a script answers only AUTH/HELLO and the kill commands.
 * Standalone and sentinel clients are duplicated as they are (their one node; `node` is not
 * consulted); on a cluster it goes to `node` with the cluster's node options. The caller connects
 * it and must disconnect it.
 */
export function freshConnection(client: RedisClient, node: string): Redis {
  const overrides = {
    lazyConnect: true,
    enableReadyCheck: false,
    enableOfflineQueue: true,
    connectionName: undefined,
    db: 0,
    readOnly: false,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  };
  if (!isCluster(client)) return client.duplicate(overrides);
  const at = node.lastIndexOf(':');
  const address = { host: node.slice(0, at), port: Number(node.slice(at + 1)) };
  if (at <= 0 || !Number.isInteger(address.port)) throw new Error(`Not a node address: '${node}' (expected host:port).`);
  // Any node's connection carries the cluster's redisOptions (user, password, TLS).
  const model = clusterNode(client, node) ?? client.nodes('all')[0];
  if (!model) throw new Error(`Cannot reach ${node}: the cluster client knows no nodes.`);
  return model.duplicate({ ...overrides, ...address });
}

/** Per connection: how often it closed, to tell whether a reply came after a reconnect. */
const closeCounts = new WeakMap<RedisClient, { count: number }>();

/**
 * A live count of `redis`'s 'close' events (the listener is added once per connection). Compare
 * it before and after a command: ioredis resends commands that were in flight when a connection
 * dropped, so a reply after a close may come from a second execution or a restarted server.
 */
export function closeCounter(redis: RedisClient): { readonly count: number } {
  let counter = closeCounts.get(redis);
  if (!counter) {
    const created = { count: 0 };
    redis.on('close', () => created.count++);
    closeCounts.set(redis, created);
    counter = created;
  }
  return counter;
}
