/**
 * What the server knows about pub/sub: active channels with their subscriber counts (PUBSUB
 * CHANNELS + NUMSUB, and SHARDCHANNELS + SHARDNUMSUB for shard channels on a cluster), the
 * pattern count (NUMPAT), and publishing (PUBLISH / SPUBLISH). On a cluster every node answers
 * only for the clients connected to it, so the counts are read from every node and summed.
 */
import type { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../values/client';
import { isCluster } from '../values/topology';

export interface ActiveChannel {
  channel: Buffer;
  /** Subscribers to exactly this channel (pattern subscribers not included, as NUMSUB counts). */
  subscribers: number;
  /** A shard channel (SSUBSCRIBE), listed by PUBSUB SHARDCHANNELS. */
  shard: boolean;
}

export interface ActiveChannelsOptions {
  /** Also list shard channels (default: on a cluster only). */
  shard?: boolean;
  /** At most this many channels, the most subscribed first (default 1000). */
  limit?: number;
}

/** NUMSUB arguments per call, so a server with very many channels is asked in slices. */
const NUMSUB_BATCH = 500;
export const DEFAULT_CHANNEL_LIMIT = 1000;

/** Every node whose PUBSUB answers count: each node of a cluster, else the one server. */
function nodesOf(client: RedisClient): Redis[] {
  return isCluster(client) ? (client as Cluster).nodes('all') : [client as Redis];
}

type Reply = Buffer | number | null | Reply[];

/**
 * Channels with at least one subscriber, optionally matching the glob `pattern`, with their
 * subscriber counts: the most subscribed first (then by name), at most `limit` of them.
 */
export async function activeChannels(client: RedisClient, pattern?: string | Buffer, options: ActiveChannelsOptions = {}): Promise<ActiveChannel[]> {
  const withShard = options.shard ?? isCluster(client);
  const limit = options.limit ?? DEFAULT_CHANNEL_LIMIT;
  const found = new Map<string, ActiveChannel>();
  await Promise.all(
    nodesOf(client).map(async (node) => {
      const kinds: { shard: boolean; list: string; count: string }[] = [{ shard: false, list: 'CHANNELS', count: 'NUMSUB' }];
      if (withShard) kinds.push({ shard: true, list: 'SHARDCHANNELS', count: 'SHARDNUMSUB' });
      for (const kind of kinds) {
        const args: (string | Buffer)[] = [kind.list];
        if (pattern !== undefined && pattern.length > 0) args.push(pattern);
        const names = (await node.callBuffer('PUBSUB', ...args)) as Buffer[];
        for (let i = 0; i < names.length; i += NUMSUB_BATCH) {
          const reply = (await node.callBuffer('PUBSUB', kind.count, ...names.slice(i, i + NUMSUB_BATCH))) as Reply[];
          for (let j = 0; j + 1 < reply.length; j += 2) {
            const channel = reply[j] as Buffer;
            const key = `${kind.shard ? 's' : 'c'}${channel.toString('latin1')}`;
            const entry = found.get(key) ?? { channel, subscribers: 0, shard: kind.shard };
            entry.subscribers += Number(reply[j + 1]);
            found.set(key, entry);
          }
        }
      }
    }),
  );
  return [...found.values()]
    .filter((c) => c.subscribers > 0)
    .sort((a, b) => b.subscribers - a.subscribers || Buffer.compare(a.channel, b.channel))
    .slice(0, limit);
}

/** Subscribers per channel (PUBSUB NUMSUB, or SHARDNUMSUB), summed over a cluster's nodes. */
export async function subscriberCounts(client: RedisClient, channels: readonly (string | Buffer)[], shard = false): Promise<number[]> {
  const totals = channels.map(() => 0);
  if (!channels.length) return totals;
  await Promise.all(
    nodesOf(client).map(async (node) => {
      const reply = (await node.callBuffer('PUBSUB', shard ? 'SHARDNUMSUB' : 'NUMSUB', ...channels)) as Reply[];
      for (let j = 0; j * 2 + 1 < reply.length; j++) totals[j] += Number(reply[j * 2 + 1]);
    }),
  );
  return totals;
}

/** Active pattern subscriptions (PUBSUB NUMPAT), summed over a cluster's nodes. */
export async function patternCount(client: RedisClient): Promise<number> {
  const counts = await Promise.all(nodesOf(client).map(async (node) => Number(await node.callBuffer('PUBSUB', 'NUMPAT'))));
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * PUBLISH (or SPUBLISH when `sharded`) `payload` to `channel` through `client`, so a read-only
 * connection's guard refuses it with a ReadOnlyError before anything is sent. Returns the number
 * of clients that received it. On a cluster, PUBLISH counts only the subscribers connected to the
 * node that took it (the others get it over the cluster bus); SPUBLISH goes to the slot's owner,
 * which holds all of that channel's subscribers.
 */
export async function publish(client: RedisClient, channel: string | Buffer, payload: string | Buffer, sharded = false): Promise<number> {
  const reply = sharded ? await client.spublish(channel, payload) : await client.publish(channel, payload);
  return Number(reply);
}
