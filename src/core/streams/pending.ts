/**
 * A group's pending entries list (delivered, not yet acknowledged): XPENDING in both forms, paged by
 * id, and what acts on it (XACK, XCLAIM, XAUTOCLAIM). Claims use JUSTID: they move ownership without
 * counting a delivery or sending the payloads.
 */
import { RedisClient, send, text } from '../values/client';
import { checkCount } from '../values/paging';
import { streamCall } from './errors';
import { nextId } from './ids';

export interface PendingEntry {
  id: string;
  consumer: Buffer;
  /** Milliseconds since the entry was last delivered. */
  idleMs: number;
  /** Times it was delivered. */
  deliveries: number;
}

export interface PendingSummary {
  count: number;
  /** Smallest and largest pending ids; undefined when nothing is pending. */
  minId?: string;
  maxId?: string;
  /** Consumers holding pending entries, with how many each. */
  consumers: { name: Buffer; count: number }[];
}

/** XPENDING summary form. Throws a StreamError ('no-key', 'no-group'). */
export async function pendingSummary(client: RedisClient, key: Buffer, group: Buffer): Promise<PendingSummary> {
  const [count, min, max, consumers] = await streamCall(send<[number, Buffer | null, Buffer | null, [Buffer, Buffer][] | null]>(client, 'XPENDING', key, group), key, group);
  const out: PendingSummary = { count, consumers: (consumers ?? []).map(([name, n]) => ({ name, count: Number(text(n)) })) };
  if (min) out.minId = text(min);
  if (max) out.maxId = text(max);
  return out;
}

/**
 * Up to `count` pending entries after `after` (exclusive; from the first when undefined), by id;
 * only `consumer`'s when given, only those idle at least `minIdleMs` when given. XPENDING's
 * extended form, asking one more than `count` to know whether `more` follow.
 */
export async function readPending(
  client: RedisClient,
  key: Buffer,
  group: Buffer,
  opts: { after?: string; count: number; consumer?: Buffer; minIdleMs?: number },
): Promise<{ entries: PendingEntry[]; more: boolean }> {
  const count = checkCount(opts.count);
  const start = opts.after === undefined ? '-' : nextId(opts.after);
  if (start === undefined) return { entries: [], more: false };
  const args: (string | number | Buffer)[] = [key, group];
  if (opts.minIdleMs !== undefined) args.push('IDLE', checkIdle(opts.minIdleMs));
  args.push(start, '+', count + 1);
  if (opts.consumer) args.push(opts.consumer);
  const raw = await streamCall(send<[Buffer, Buffer, number, number][]>(client, 'XPENDING', ...args), key, group);
  const entries = raw.map(([id, consumer, idleMs, deliveries]) => ({ id: text(id), consumer, idleMs, deliveries }));
  const more = entries.length > count;
  if (more) entries.length = count;
  return { entries, more };
}

function checkIdle(ms: number): number {
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`min-idle ${ms} is not a whole number of milliseconds >= 0`);
  return ms;
}

/** XACK: acknowledges `ids`; returns how many were pending (and now are not). Sends nothing for no ids. */
export async function ack(client: RedisClient, key: Buffer, group: Buffer, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  return streamCall(send<number>(client, 'XACK', key, group, ...ids), key, group);
}

/**
 * XCLAIM ... JUSTID: gives `ids` idle at least `minIdleMs` to `consumer` (made if new). Returns the
 * ids actually claimed; entries deleted from the stream meanwhile are dropped from the pending list.
 */
export async function claim(client: RedisClient, key: Buffer, group: Buffer, consumer: Buffer, minIdleMs: number, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const raw = await streamCall(send<Buffer[]>(client, 'XCLAIM', key, group, consumer, checkIdle(minIdleMs), ...ids, 'JUSTID'), key, group);
  return raw.map(text);
}

export interface AutoClaimResult {
  /** Where the next XAUTOCLAIM should start; '0-0' once the whole pending list was scanned. */
  next: string;
  claimed: string[];
  /** Pending ids whose entries no longer exist; Redis removed them from the pending list. */
  deleted: string[];
}

/**
 * XAUTOCLAIM ... JUSTID: claims for `consumer` up to `count` (Redis's default 100) pending entries
 * idle at least `minIdleMs`, scanning from `start` (default '0-0').
 */
export async function autoClaim(
  client: RedisClient,
  key: Buffer,
  group: Buffer,
  consumer: Buffer,
  minIdleMs: number,
  opts: { start?: string; count?: number } = {},
): Promise<AutoClaimResult> {
  const args: (string | number | Buffer)[] = [key, group, consumer, checkIdle(minIdleMs), opts.start ?? '0-0'];
  if (opts.count !== undefined) args.push('COUNT', checkCount(opts.count));
  args.push('JUSTID');
  const [next, claimed, deleted] = await streamCall(send<[Buffer, Buffer[], Buffer[] | undefined]>(client, 'XAUTOCLAIM', ...args), key, group);
  return { next: text(next), claimed: claimed.map(text), deleted: (deleted ?? []).map(text) };
}
