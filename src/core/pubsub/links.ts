/**
 * The connections a subscriber session is made of and the commands it sends on them: how a
 * subscriber connection is made for each topology, which master owns a shard channel, and the
 * subscribe-family commands with exact (Buffer) names.
 */
import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis, RedisOptions } from 'ioredis';
import { clusterMasters, clusterNode, nodeAddress } from '../lua/nodes';
import type { RedisClient } from '../values/client';
import { isCluster } from '../values/topology';

/**
 * A new, not yet connected connection for subscribing, next to `client`: a duplicate of a
 * standalone or sentinel client (same server or sentinels, credentials, TLS), or on a cluster a
 * connection to the master at `address` (default: the first master by address) with the cluster's
 * node options. ioredis's own resubscribing is off: the session does it, with exact bytes.
 */
export function subscriberConnection(client: RedisClient, address: string | undefined, options: Pick<RedisOptions, 'connectionName' | 'retryStrategy' | 'sentinelRetryStrategy'>): Redis {
  const overrides: RedisOptions = {
    ...options,
    lazyConnect: true,
    autoResubscribe: false,
    enableOfflineQueue: true,
    enableReadyCheck: false,
    readOnly: false,
  };
  if (!isCluster(client)) return client.duplicate(overrides);
  const target = address ?? firstMaster(client);
  const at = target.lastIndexOf(':');
  const host = target.slice(0, at);
  const port = Number(target.slice(at + 1));
  if (at <= 0 || !Number.isInteger(port)) throw new Error(`Not a node address: '${target}' (expected host:port).`);
  // Any node's connection carries the cluster's redisOptions (user, password, TLS).
  const model = clusterNode(client, target) ?? client.nodes('all')[0];
  if (!model) throw new Error(`Cannot reach ${target}: the cluster client knows no nodes.`);
  return model.duplicate({ ...overrides, host, port });
}

export type SubscriberCommand = 'subscribe' | 'psubscribe' | 'ssubscribe' | 'unsubscribe' | 'punsubscribe' | 'sunsubscribe';

/**
 * Runs a subscribe-family command with Buffer names. ioredis sends Buffers byte-exact, but its
 * typings of some of these methods accept only strings, hence the cast.
 */
export function sendSubscriberCommand(redis: Redis, command: SubscriberCommand, names: Buffer[]): Promise<unknown> {
  const method = redis[command] as unknown as (...names: Buffer[]) => Promise<unknown>;
  return method.apply(redis, names);
}

/** SSUBSCRIBE takes channels of one slot per call (CROSSSLOT otherwise): one call per slot. */
export async function ssubscribeOn(redis: Redis, channels: Buffer[]): Promise<void> {
  for (const group of bySlot(channels)) await sendSubscriberCommand(redis, 'ssubscribe', group);
}

/** SUNSUBSCRIBE, one call per slot like `ssubscribeOn`. */
export async function sunsubscribeOn(redis: Redis, channels: Buffer[]): Promise<void> {
  for (const group of bySlot(channels)) await sendSubscriberCommand(redis, 'sunsubscribe', group);
}

function bySlot(channels: Buffer[]): Buffer[][] {
  const groups = new Map<number, Buffer[]>();
  for (const c of channels) {
    const slot = calculateSlot(c);
    groups.set(slot, [...(groups.get(slot) ?? []), c]);
  }
  return [...groups.values()];
}

function firstMaster(cluster: Cluster): string {
  const first = clusterMasters(cluster)[0];
  if (!first) throw new Error('The cluster has no known masters yet (its slot map is not loaded).');
  return nodeAddress(first);
}

/** Reloads a cluster client's slot map (CLUSTER SLOTS); resolves when done, whatever the outcome. */
export function refreshSlots(cluster: Cluster): Promise<void> {
  return new Promise((resolve) => cluster.refreshSlotsCache(() => resolve()));
}

/** "host:port" of the master serving `channel`'s slot, refreshing the slot map once if it has none. */
export async function ownerOf(cluster: Cluster, channel: Buffer): Promise<string> {
  const slot = calculateSlot(channel);
  let owner = cluster.slots[slot]?.[0];
  if (owner === undefined) {
    await refreshSlots(cluster);
    owner = cluster.slots[slot]?.[0];
  }
  if (owner === undefined) throw new Error(`No known master serves slot ${slot} (the cluster's slot map is not loaded).`);
  return owner;
}

/** Disconnects and waits (briefly) for the socket to be gone, so the server has dropped the client. */
export function endConnection(redis: Redis): Promise<void> {
  if (redis.status === 'end') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 1000);
    redis.once('end', () => {
      clearTimeout(timer);
      resolve();
    });
    redis.disconnect();
  });
}

/** One subscriber connection and what it should be subscribed to. */
export interface Link {
  readonly key: string;
  /** "host:port" (for a sentinel client: the master it reached, once connected). */
  node: string;
  readonly redis: Redis;
  /** Connected and usable now. */
  ready: boolean;
  /** Was ready, then lost: the next `ready` is a reconnect that must resubscribe. */
  lost: boolean;
  lastError?: string;
}

/** Map key for exact bytes (latin1 maps each byte to one char and back). */
export const bytesKey = (b: Buffer): string => b.toString('latin1');
/** A channel or pattern name as bytes (strings are UTF-8). */
export const toBuffer = (name: string | Buffer): Buffer => (Buffer.isBuffer(name) ? name : Buffer.from(name, 'utf8'));

/**
 * Shard channels whose slot's owner is no longer the link they are on: by the link key they must
 * move to (`shard host:port`). `channels` and `linkOf` are keyed by `bytesKey`.
 */
export async function shardMoves(cluster: Cluster, channels: ReadonlyMap<string, Buffer>, linkOf: ReadonlyMap<string, string>): Promise<Map<string, Buffer[]>> {
  const moves = new Map<string, Buffer[]>();
  for (const [k, channel] of channels) {
    const to = `shard ${await ownerOf(cluster, channel)}`;
    if (to === (linkOf.get(k) ?? '')) continue;
    moves.set(to, [...(moves.get(to) ?? []), channel]);
  }
  return moves;
}
