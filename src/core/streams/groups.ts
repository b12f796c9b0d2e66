/**
 * Consumer groups and their consumers: XINFO GROUPS / CONSUMERS and the XGROUP subcommands. Group
 * and consumer names are binary (Buffers in, Buffers out). Pending-entry reads and acknowledgements
 * live in `pending.ts` and are re-exported here, so the viewer imports group operations from one place.
 */
import { RedisClient, send } from '../values/client';
import { streamCall } from './errors';
import { num, pairs, str } from './reply';

export type { AutoClaimResult, PendingEntry, PendingSummary } from './pending';
export { ack, autoClaim, claim, pendingSummary, readPending } from './pending';

export interface GroupInfo {
  name: Buffer;
  consumers: number;
  /** Entries delivered to the group and not yet acknowledged. */
  pending: number;
  lastDeliveredId: string;
  /** Redis 7.0+: the logical read counter; null when unknown (or before 7.0). */
  entriesRead: number | null;
  /** Redis 7.0+: entries not yet delivered; null when Redis cannot tell (after deletions) or before 7.0. */
  lag: number | null;
}

export interface ConsumerInfo {
  name: Buffer;
  pending: number;
  /** Milliseconds since the consumer last interacted (7.2 changed this to "last attempted"). */
  idleMs: number;
  /** Redis 7.2+: milliseconds since the last successful read; null before 7.2 or when it never read. */
  inactiveMs: number | null;
}

function bytes(value: unknown): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(String(value ?? ''));
}

/** XINFO GROUPS. Throws a StreamError ('no-key', 'wrong-type'). */
export async function listGroups(client: RedisClient, key: Buffer): Promise<GroupInfo[]> {
  const raw = await streamCall(send<unknown[][]>(client, 'XINFO', 'GROUPS', key), key);
  return raw.map((flat) => {
    const g = pairs(flat);
    return {
      name: bytes(g.get('name')),
      consumers: num(g.get('consumers'), 0),
      pending: num(g.get('pending'), 0),
      lastDeliveredId: str(g.get('last-delivered-id')) ?? '0-0',
      entriesRead: num(g.get('entries-read'), null),
      lag: num(g.get('lag'), null),
    };
  });
}

/** XINFO CONSUMERS. Throws a StreamError ('no-key', 'no-group', 'wrong-type'). */
export async function listConsumers(client: RedisClient, key: Buffer, group: Buffer): Promise<ConsumerInfo[]> {
  const raw = await streamCall(send<unknown[][]>(client, 'XINFO', 'CONSUMERS', key, group), key, group);
  return raw.map((flat) => {
    const c = pairs(flat);
    const inactive = num(c.get('inactive'), null);
    return {
      name: bytes(c.get('name')),
      pending: num(c.get('pending'), 0),
      idleMs: num(c.get('idle'), 0),
      // Redis 7.2 reports -1 for a consumer that never read.
      inactiveMs: inactive === null || inactive < 0 ? null : inactive,
    };
  });
}

/**
 * XGROUP CREATE: a group that starts reading after `start` ('$' for new entries only, '0' for the
 * whole stream, or an id). With `mkstream` a missing stream is created empty. Throws a StreamError
 * ('group-exists', 'no-key' without mkstream, 'bad-id').
 */
export async function createGroup(client: RedisClient, key: Buffer, group: Buffer, start: string, mkstream: boolean): Promise<void> {
  const args = mkstream ? ['MKSTREAM'] : [];
  await streamCall(send(client, 'XGROUP', 'CREATE', key, group, start, ...args), key, group);
}

/** XGROUP SETID: moves the group's last-delivered id to `id` ('$' for the stream's end). Throws a StreamError ('no-group', 'bad-id'). */
export async function setGroupId(client: RedisClient, key: Buffer, group: Buffer, id: string): Promise<void> {
  await streamCall(send(client, 'XGROUP', 'SETID', key, group, id), key, group);
}

/** XGROUP DESTROY, with its pending list. False when there was no such group. */
export async function deleteGroup(client: RedisClient, key: Buffer, group: Buffer): Promise<boolean> {
  return (await streamCall(send<number>(client, 'XGROUP', 'DESTROY', key, group), key, group)) === 1;
}

/**
 * XGROUP DELCONSUMER. Returns how many pending entries the consumer held (they stay unacknowledged
 * and now belong to nobody until claimed). Throws a StreamError ('no-group').
 */
export function deleteConsumer(client: RedisClient, key: Buffer, group: Buffer, consumer: Buffer): Promise<number> {
  return streamCall(send<number>(client, 'XGROUP', 'DELCONSUMER', key, group, consumer), key, group);
}
