/**
 * Lists: LRANGE pages by index (never LRANGE 0 -1 on a list of unknown size), LLEN, and writes by
 * index. A list shifts under concurrent pushes and pops, so writes by index can check the item is
 * still the one the user saw (WATCH, compare, MULTI) and refuse with StaleValueError otherwise.
 */
import { randomUUID } from 'node:crypto';
import type { ChainableCommander } from 'ioredis';
import { RedisClient, send } from './client';
import { StaleValueError } from './errors';
import { valueDigest } from './format';
import { DEFAULT_PAGE_SIZE, RangePage, checkCount } from './paging';
import { isCluster } from './topology';

/** Reads `count` items from index `start` (LRANGE start start+count-1). */
export async function readListPage(client: RedisClient, key: Buffer, start = 0, count = DEFAULT_PAGE_SIZE): Promise<RangePage<Buffer>> {
  const items = await send<Buffer[]>(client, 'LRANGE', key, start, start + checkCount(count) - 1);
  return { items, start, next: items.length < count ? undefined : start + items.length };
}

/** LLEN. */
export function listLength(client: RedisClient, key: Buffer): Promise<number> {
  return send<number>(client, 'LLEN', key);
}

/** LINDEX: one item's whole value; undefined past the end. */
export async function readListItem(client: RedisClient, key: Buffer, index: number): Promise<Buffer | undefined> {
  return (await send<Buffer | null>(client, 'LINDEX', key, index)) ?? undefined;
}

/** RPUSH (tail) or LPUSH (head); returns the new length. */
export function pushListItem(client: RedisClient, key: Buffer, end: 'head' | 'tail', value: Buffer): Promise<number> {
  return send<number>(client, end === 'head' ? 'LPUSH' : 'RPUSH', key, value);
}

/**
 * LSET at `index`. With `expectedDigest` (see `valueDigest`) the write happens only if the item is
 * still the one the caller read, else StaleValueError.
 */
export async function setListItem(client: RedisClient, key: Buffer, index: number, value: Buffer, expectedDigest?: string): Promise<void> {
  await checkedTransaction(client, key, index, expectedDigest, (multi) => multi.lset(key, index, value));
}

/**
 * Removes the item at `index`. Redis has no "remove by index", and LREM by value would hit the
 * first equal item anywhere: so, in one MULTI, LSET the item to a unique tombstone and LREM that
 * tombstone once. With `expectedDigest` the item must still be the one the caller read.
 */
export async function removeListItem(client: RedisClient, key: Buffer, index: number, expectedDigest?: string): Promise<void> {
  const tombstone = Buffer.from(`__redis-devkit:deleted:${randomUUID()}`);
  const results = await checkedTransaction(client, key, index, expectedDigest, (multi) => multi.lset(key, index, tombstone).lrem(key, 1, tombstone));
  if (results[1] !== 1) throw new StaleValueError(`List item [${index}] was not removed: the list changed during the write.`);
}

/** WATCH key, compare the item at `index`, then run `build`'s MULTI; EXEC's replies in order. */
async function checkedTransaction(
  client: RedisClient,
  key: Buffer,
  index: number,
  expectedDigest: string | undefined,
  build: (multi: ChainableCommander) => ChainableCommander,
): Promise<unknown[]> {
  let watching = false;
  try {
    if (expectedDigest !== undefined) {
      await send(client, 'WATCH', key);
      watching = true;
      const current = await readListItem(client, key, index);
      if (current === undefined) throw new StaleValueError(`List item [${index}] no longer exists: the list got shorter since it was read. Reload and try again.`);
      if (valueDigest(current) !== expectedDigest) throw new StaleValueError(`List item [${index}] changed since it was read (items moved or were edited). Reload and try again.`);
    }
    const replies = await build(client.multi()).exec();
    watching = false;
    if (replies === null) throw new StaleValueError(`The list changed while item [${index}] was being written; nothing was written. Reload and try again.`);
    const failed = replies.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
    return replies.map(([, reply]) => reply);
  } finally {
    if (watching) await unwatch(client);
  }
}

/** Drops a WATCH that no EXEC consumed; on a cluster the watched node is not known here, so all masters. */
async function unwatch(client: RedisClient): Promise<void> {
  const nodes = isCluster(client) ? client.nodes('master') : [client];
  await Promise.all(nodes.map((n) => n.unwatch().catch(() => undefined)));
}
