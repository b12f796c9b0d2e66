/**
 * Stream entries paged by id: XRANGE forwards, XREVRANGE backwards, always with COUNT, so a page
 * costs the same on a stream of a hundred entries or of millions. Each read asks for one entry more
 * than the page and drops it: that extra entry is how `more` is known without another round trip.
 */
import { checkCount } from '../values/paging';
import { RedisClient, send, text } from '../values/client';
import type { StreamEntry } from '../values/stream';
import { streamCall } from './errors';
import { compareIds, nextId, normalizeId, prevId } from './ids';

export type { StreamEntry } from '../values/stream';

/** Entries in reading order, and whether more exist beyond the last one in that direction. */
export interface EntriesPage {
  entries: StreamEntry[];
  /** True when more entries exist beyond the last entry of this page, in this direction. */
  more: boolean;
}

/** An entry as Redis sends it; the fields are nil for an entry deleted while pending (XREADGROUP, XCLAIM). */
export type RawEntry = [Buffer, Buffer[] | null];

/** Entries from an XRANGE-shaped reply, field names and values kept as Buffers. */
export function parseEntries(raw: RawEntry[]): StreamEntry[] {
  return raw.map(([id, flat]) => {
    const fields: StreamEntry['fields'] = [];
    if (flat) for (let i = 0; i + 1 < flat.length; i += 2) fields.push({ field: flat[i], value: flat[i + 1] });
    return { id: text(id), fields };
  });
}

function toPage(raw: RawEntry[], count: number): EntriesPage {
  const entries = parseEntries(raw);
  const more = entries.length > count;
  if (more) entries.length = count;
  return { entries, more };
}

/**
 * Up to `count` entries after `after` (exclusive; from the start when undefined), oldest first.
 * Throws a StreamError for a malformed id or a key of another type; a missing key reads as empty.
 */
export async function readNewer(client: RedisClient, key: Buffer, opts: { after?: string; count: number }): Promise<EntriesPage> {
  const count = checkCount(opts.count);
  const start = opts.after === undefined ? '-' : nextId(opts.after);
  if (start === undefined) return { entries: [], more: false };
  const raw = await streamCall(send<RawEntry[]>(client, 'XRANGE', key, start, '+', 'COUNT', count + 1), key);
  return toPage(raw, count);
}

/**
 * XREVRANGE key `end` - COUNT `count`. Redis 7.0 seeks the radix tree for the last node at or
 * below `end`; when there is none (`end` is below the first entry) it starts from the stream's
 * last node instead and walks every entry back to the front, O(N): about 0.1 s per million
 * entries, with the server blocked. That happens to a stale cursor after a trim and to jumps
 * before the start, so an explicit `end` is first checked against the first id (XRANGE - + COUNT 1).
 */
export async function reverseRange(client: RedisClient, key: Buffer, end: string, count: number): Promise<RawEntry[]> {
  if (end !== '+') {
    const first = await streamCall(send<RawEntry[]>(client, 'XRANGE', key, '-', '+', 'COUNT', 1), key);
    if (first.length === 0 || compareIds(end, text(first[0][0])) < 0) return [];
  }
  return streamCall(send<RawEntry[]>(client, 'XREVRANGE', key, end, '-', 'COUNT', count), key);
}

/**
 * Up to `count` entries before `before` (exclusive; from the end when undefined), newest first.
 * Throws a StreamError for a malformed id or a key of another type; a missing key reads as empty.
 */
export async function readOlder(client: RedisClient, key: Buffer, opts: { before?: string; count: number }): Promise<EntriesPage> {
  const count = checkCount(opts.count);
  const end = opts.before === undefined ? '+' : prevId(opts.before);
  if (end === undefined) return { entries: [], more: false };
  return toPage(await reverseRange(client, key, end, count + 1), count);
}

/** The entries on both sides of a jump target. */
export interface AroundPage {
  /** Up to `count` entries with ids <= the target, newest first. */
  older: StreamEntry[];
  /** Up to `count` entries with ids > the target, oldest first. */
  newer: StreamEntry[];
  moreOlder: boolean;
  moreNewer: boolean;
}

/**
 * The entries around `id` (a bare millisecond time counts as `<ms>-0`), `count` on each side: for
 * "jump to an id or a time". Both reads go out together.
 */
export async function readAround(client: RedisClient, key: Buffer, id: string, count: number): Promise<AroundPage> {
  const target = normalizeId(id);
  const [older, newer] = await Promise.all([
    reverseRange(client, key, target, checkCount(count) + 1).then((raw) => toPage(raw, count)),
    readNewer(client, key, { after: target, count }),
  ]);
  return { older: older.entries, newer: newer.entries, moreOlder: older.more, moreNewer: newer.more };
}

/** The one entry with exactly `id` (to show a value whole); undefined when there is none. */
export async function readEntry(client: RedisClient, key: Buffer, id: string): Promise<StreamEntry | undefined> {
  const exact = normalizeId(id);
  const raw = await streamCall(send<RawEntry[]>(client, 'XRANGE', key, exact, exact, 'COUNT', 1), key);
  return parseEntries(raw)[0];
}
