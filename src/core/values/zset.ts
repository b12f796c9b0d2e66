/**
 * Sorted sets: pages by rank (ZRANGE start stop WITHSCORES) or by score range (ZRANGEBYSCORE ...
 * LIMIT), ZCARD, ZADD and ZREM. Scores stay the strings Redis sent ("1.5", "inf"), so nothing is
 * lost to float formatting on the way to the screen.
 */
import { RedisClient, send, text } from './client';
import { ValueInputError } from './errors';
import { DEFAULT_PAGE_SIZE, RangePage, checkCount } from './paging';

export interface ZsetEntry {
  member: Buffer;
  score: string;
}

function pairs(flat: Buffer[]): ZsetEntry[] {
  const out: ZsetEntry[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ member: flat[i], score: text(flat[i + 1]) });
  return out;
}

/** `count` members from rank `start`, lowest score first (or highest first with `reverse`). */
export async function readZsetPage(client: RedisClient, key: Buffer, start = 0, count = DEFAULT_PAGE_SIZE, reverse = false): Promise<RangePage<ZsetEntry>> {
  const stop = start + checkCount(count) - 1;
  const flat = await send<Buffer[]>(client, 'ZRANGE', key, start, stop, ...(reverse ? ['REV'] : []), 'WITHSCORES');
  const items = pairs(flat);
  return { items, start, next: items.length < count ? undefined : start + items.length };
}

/**
 * Members with `min` <= score <= `max` (Redis range syntax: "-inf", "+inf", "(5" for exclusive),
 * `count` of them from `offset` within that range.
 */
export async function readZsetByScore(client: RedisClient, key: Buffer, min: string, max: string, offset = 0, count = DEFAULT_PAGE_SIZE): Promise<RangePage<ZsetEntry>> {
  const flat = await send<Buffer[]>(client, 'ZRANGEBYSCORE', key, checkScoreBound(min), checkScoreBound(max), 'WITHSCORES', 'LIMIT', offset, checkCount(count));
  const items = pairs(flat);
  return { items, start: offset, next: items.length < count ? undefined : offset + items.length };
}

/** ZCARD. */
export function zsetSize(client: RedisClient, key: Buffer): Promise<number> {
  return send<number>(client, 'ZCARD', key);
}

/** ZADD one member (adds it, or updates its score); true when it was new. */
export async function addZsetMember(client: RedisClient, key: Buffer, member: Buffer, score: string): Promise<boolean> {
  return (await send<number>(client, 'ZADD', key, checkScore(score), member)) === 1;
}

/** ZREM one member; true when it was there. */
export async function removeZsetMember(client: RedisClient, key: Buffer, member: Buffer): Promise<boolean> {
  return (await send<number>(client, 'ZREM', key, member)) === 1;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?inf(inity)?$/i;

/** A score as ZADD takes it (a finite number or ±inf); throws ValueInputError otherwise. */
export function checkScore(score: string): string {
  const s = score.trim();
  if (NUMBER.test(s) || INFINITY.test(s)) return s;
  throw new ValueInputError(`'${score}' is not a score: use a number such as 12 or -3.5, or inf / -inf`);
}

/** A ZRANGEBYSCORE bound: a score, optionally prefixed with "(" for an exclusive bound. */
export function checkScoreBound(bound: string): string {
  const b = bound.trim();
  const inner = b.startsWith('(') ? b.slice(1) : b;
  if (NUMBER.test(inner) || INFINITY.test(inner)) return b;
  throw new ValueInputError(`'${bound}' is not a score bound: use a number, "(" before it for exclusive, or -inf / +inf`);
}

/** ZSCORE: a member's score as Redis wrote it; undefined when it is not in the set. */
export async function readZsetScore(client: RedisClient, key: Buffer, member: Buffer): Promise<string | undefined> {
  const score = await send<Buffer | null>(client, 'ZSCORE', key, member);
  return score === null ? undefined : text(score);
}
