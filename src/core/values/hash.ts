/** Hashes: HSCAN pages (never HGETALL on a hash of unknown size), HLEN, and field writes. */
import { RedisClient, nextCursor, send } from './client';
import { DEFAULT_PAGE_SIZE, ScanPage, checkCount } from './paging';

export interface HashEntry {
  field: Buffer;
  value: Buffer;
}

/**
 * One HSCAN round trip from `cursor` ('0' to start). COUNT is a hint: small (listpack) hashes come
 * whole, and a page may repeat a field seen before (see `unseen`).
 */
export async function readHashPage(client: RedisClient, key: Buffer, cursor = '0', count = DEFAULT_PAGE_SIZE, match?: string | Buffer): Promise<ScanPage<HashEntry>> {
  const args = match !== undefined ? ['MATCH', match, 'COUNT', checkCount(count)] : ['COUNT', checkCount(count)];
  const [next, flat] = await send<[Buffer, Buffer[]]>(client, 'HSCAN', key, cursor, ...args);
  const items: HashEntry[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) items.push({ field: flat[i], value: flat[i + 1] });
  return { items, cursor: nextCursor(next) };
}

/** HLEN. */
export function hashLength(client: RedisClient, key: Buffer): Promise<number> {
  return send<number>(client, 'HLEN', key);
}

/** HGET: one field's whole value; undefined when the field (or key) is gone. */
export async function readHashField(client: RedisClient, key: Buffer, field: Buffer): Promise<Buffer | undefined> {
  return (await send<Buffer | null>(client, 'HGET', key, field)) ?? undefined;
}

/** HSET one field; true when the field was new. */
export async function setHashField(client: RedisClient, key: Buffer, field: Buffer, value: Buffer): Promise<boolean> {
  return (await send<number>(client, 'HSET', key, field, value)) === 1;
}

/** HSETNX: adds a field only if it does not exist yet; false (nothing written) when it does. */
export async function addHashField(client: RedisClient, key: Buffer, field: Buffer, value: Buffer): Promise<boolean> {
  return (await send<number>(client, 'HSETNX', key, field, value)) === 1;
}

/** HDEL one field; true when it existed. */
export async function deleteHashField(client: RedisClient, key: Buffer, field: Buffer): Promise<boolean> {
  return (await send<number>(client, 'HDEL', key, field)) === 1;
}
