/** Sets: SSCAN pages (never SMEMBERS on a set of unknown size), SCARD, SADD and SREM. */
import { RedisClient, nextCursor, send } from './client';
import { DEFAULT_PAGE_SIZE, ScanPage, checkCount } from './paging';

/** One SSCAN round trip from `cursor` ('0' to start); a page may repeat members (see `unseen`). */
export async function readSetPage(client: RedisClient, key: Buffer, cursor = '0', count = DEFAULT_PAGE_SIZE, match?: string | Buffer): Promise<ScanPage<Buffer>> {
  const args = match !== undefined ? ['MATCH', match, 'COUNT', checkCount(count)] : ['COUNT', checkCount(count)];
  const [next, items] = await send<[Buffer, Buffer[]]>(client, 'SSCAN', key, cursor, ...args);
  return { items, cursor: nextCursor(next) };
}

/** SCARD. */
export function setSize(client: RedisClient, key: Buffer): Promise<number> {
  return send<number>(client, 'SCARD', key);
}

/** SADD one member; true when it was new. */
export async function addSetMember(client: RedisClient, key: Buffer, member: Buffer): Promise<boolean> {
  return (await send<number>(client, 'SADD', key, member)) === 1;
}

/** SREM one member; true when it was there. */
export async function removeSetMember(client: RedisClient, key: Buffer, member: Buffer): Promise<boolean> {
  return (await send<number>(client, 'SREM', key, member)) === 1;
}
