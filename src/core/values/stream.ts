/** Streams, read-only for now: XRANGE / XREVRANGE pages with COUNT, and XLEN. */
import { RedisClient, send, text } from './client';
import { DEFAULT_PAGE_SIZE, checkCount } from './paging';

export interface StreamEntry {
  /** Entry id, e.g. "1700000000000-0". */
  id: string;
  fields: { field: Buffer; value: Buffer }[];
}

export interface StreamPage {
  items: StreamEntry[];
  /** The last id read: pass it as `after` for the next page; undefined when this page reached the end. */
  next: string | undefined;
}

/**
 * `count` entries oldest first from just after `after` (or from the start), or newest first from
 * just before `after` with `reverse`. Exclusive bounds ("(id") need Redis 6.2.
 */
export async function readStreamPage(client: RedisClient, key: Buffer, after?: string, count = DEFAULT_PAGE_SIZE, reverse = false): Promise<StreamPage> {
  const raw = reverse
    ? await send<[Buffer, Buffer[]][]>(client, 'XREVRANGE', key, after ? `(${after}` : '+', '-', 'COUNT', checkCount(count))
    : await send<[Buffer, Buffer[]][]>(client, 'XRANGE', key, after ? `(${after}` : '-', '+', 'COUNT', checkCount(count));
  const items = raw.map(([id, flat]) => {
    const fields: StreamEntry['fields'] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) fields.push({ field: flat[i], value: flat[i + 1] });
    return { id: text(id), fields };
  });
  return { items, next: items.length < count ? undefined : items[items.length - 1].id };
}

/** XLEN. */
export function streamLength(client: RedisClient, key: Buffer): Promise<number> {
  return send<number>(client, 'XLEN', key);
}
