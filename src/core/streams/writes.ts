/**
 * Stream writes: XADD, XDEL, XTRIM, and the count a trim confirmation shows. Writes are sent as
 * they are: on a read-only connection the client's guard refuses them (ReadOnlyError) before a
 * byte leaves.
 */
import { RedisClient, send, text } from '../values/client';
import { checkCount } from '../values/paging';
import { StreamError, streamCall } from './errors';
import { nextId, normalizeId, prevId } from './ids';

type Bytes = Buffer | string;

function checkLength(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} ${n} is not a whole number >= 0`);
  return n;
}

/**
 * XADD: appends an entry with `fields` (in order) under `opts.id` ('*' by default: Redis picks
 * the time-based id), trimming to `opts.maxLen` when given. Returns the entry's id. Throws a
 * StreamError: 'no-fields' when `fields` is empty, 'id-too-small' when the id is not greater than
 * the stream's last id, 'bad-id', 'wrong-type'.
 */
export async function addEntry(
  client: RedisClient,
  key: Buffer,
  fields: [Bytes, Bytes][],
  opts: { id?: string; maxLen?: { count: number; approximate: boolean } } = {},
): Promise<string> {
  if (fields.length === 0) throw new StreamError('no-fields', 'A stream entry needs at least one field');
  const args: (Bytes | number)[] = [key];
  if (opts.maxLen) args.push('MAXLEN', opts.maxLen.approximate ? '~' : '=', checkLength(opts.maxLen.count, 'MAXLEN'));
  args.push(opts.id ?? '*');
  for (const [field, value] of fields) args.push(field, value);
  return text(await streamCall(send<Buffer>(client, 'XADD', ...args), key));
}

/** XDEL: removes the entries with `ids`; returns how many existed. Sends nothing for no ids. */
export async function deleteEntries(client: RedisClient, key: Buffer, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return streamCall(send<number>(client, 'XDEL', key, ...ids), key);
}

/** What a trim keeps: the newest `maxLen` entries, or the entries with ids >= `minId`. */
export type TrimBy = { maxLen: number } | { minId: string };

/** How many entries an exact trim would remove. */
export interface TrimCount {
  /** The count when `exact`; otherwise a lower bound ("at least"). */
  count: number;
  exact: boolean;
  /** An upper bound; equals `count` when `exact`. */
  atMost: number;
}

/**
 * How many entries an EXACT trim by `by` would remove, read without writing and without reading
 * the whole stream. MAXLEN is XLEN arithmetic. MINID pages ids from both ends (XRANGE below
 * `minId`, XREVRANGE from the top) with COUNT `pageSize`, until one side ends or `maxRead` entries
 * were read; past that the answer is a range (`exact` false, at least `count`, at most `atMost`).
 * An approximate trim (`~`) removes at most this many.
 */
export async function countTrimmed(client: RedisClient, key: Buffer, by: TrimBy, opts: { pageSize?: number; maxRead?: number } = {}): Promise<TrimCount> {
  const length = await streamCall(send<number>(client, 'XLEN', key), key);
  if ('maxLen' in by) {
    const count = Math.max(0, length - checkLength(by.maxLen, 'MAXLEN'));
    return { count, exact: true, atMost: count };
  }
  const minId = normalizeId(by.minId);
  const pageSize = checkCount(opts.pageSize ?? 500);
  const maxRead = opts.maxRead ?? 10_000;
  const lastBelow = prevId(minId);
  if (lastBelow === undefined || length === 0) return { count: 0, exact: true, atMost: 0 };

  let below = 0;
  let above = 0;
  let low = '-';
  let high = '+';
  while (below + above < maxRead) {
    const [lows, highs]: [Buffer][][] = await Promise.all([
      streamCall(send<[Buffer][]>(client, 'XRANGE', key, low, lastBelow, 'COUNT', pageSize), key),
      // No need for reverseRange's guard: `high` is just below an entry read a moment ago, and
      // when that entry is the stream's first the low side found nothing and the loop has ended.
      streamCall(send<[Buffer][]>(client, 'XREVRANGE', key, high, minId, 'COUNT', pageSize), key),
    ]);
    below += lows.length;
    above += highs.length;
    const nextLow = lows.length < pageSize ? undefined : nextId(text(lows[lows.length - 1][0]));
    const nextHigh = highs.length < pageSize ? undefined : prevId(text(highs[highs.length - 1][0]));
    if (nextLow === undefined) return { count: below, exact: true, atMost: below };
    if (nextHigh === undefined) {
      const count = Math.max(below, length - above);
      return { count, exact: true, atMost: count };
    }
    low = nextLow;
    high = nextHigh;
  }
  return { count: below, exact: false, atMost: Math.max(below, length - above) };
}

/**
 * XTRIM by `by`, exact or `approximate` (`~`: Redis removes only whole macro nodes, so possibly
 * fewer, even none). Returns how many entries were removed.
 */
export function trim(client: RedisClient, key: Buffer, by: TrimBy, approximate: boolean): Promise<number> {
  const mode = approximate ? '~' : '=';
  const args = 'maxLen' in by ? ['MAXLEN', mode, checkLength(by.maxLen, 'MAXLEN')] : ['MINID', mode, normalizeId(by.minId)];
  return streamCall(send<number>(client, 'XTRIM', key, ...args), key);
}
