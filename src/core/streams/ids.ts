/**
 * Stream entry ids: `<ms>-<seq>`, two unsigned 64-bit numbers. Ids are compared and stepped as
 * BigInts (a sequence number may exceed 2^53); the millisecond part doubles as a time, which is
 * how the viewer jumps to a date.
 */
import { StreamError } from './errors';

const MAX_U64 = (1n << 64n) - 1n;
const ID = /^(\d{1,20})(?:-(\d{1,20}))?$/;

/** The smallest and largest ids Redis accepts. */
export const MIN_ID = '0-0';
export const MAX_ID = `${MAX_U64}-${MAX_U64}`;

/** An id's two parts. */
export interface IdParts {
  ms: bigint;
  seq: bigint;
}

/** The parts of a complete id (`5-1`) or a bare millisecond time (`5`, read as `5-0`); undefined when malformed. */
export function parseId(id: string): IdParts | undefined {
  const m = ID.exec(id);
  if (!m) return undefined;
  const ms = BigInt(m[1]);
  const seq = BigInt(m[2] ?? '0');
  return ms <= MAX_U64 && seq <= MAX_U64 ? { ms, seq } : undefined;
}

/** True for a complete id or a bare millisecond time within Redis's range. */
export function isStreamId(id: string): boolean {
  return parseId(id) !== undefined;
}

function partsOf(id: string): IdParts {
  const parts = parseId(id);
  if (!parts) throw new StreamError('bad-id', `'${id}' is not a stream entry id (expected <ms>-<seq>, e.g. 1700000000000-0)`);
  return parts;
}

/** A complete id: `5` becomes `5-0`. Throws a StreamError ('bad-id') when malformed. */
export function normalizeId(id: string): string {
  const { ms, seq } = partsOf(id);
  return `${ms}-${seq}`;
}

/** Orders two ids as Redis does: negative when `a` comes first. Throws a StreamError ('bad-id') when either is malformed. */
export function compareIds(a: string, b: string): number {
  const x = partsOf(a);
  const y = partsOf(b);
  if (x.ms !== y.ms) return x.ms < y.ms ? -1 : 1;
  if (x.seq !== y.seq) return x.seq < y.seq ? -1 : 1;
  return 0;
}

/** The id right after `id`; undefined after the largest id. Exclusive lower bounds are built from it. */
export function nextId(id: string): string | undefined {
  const { ms, seq } = partsOf(id);
  if (seq < MAX_U64) return `${ms}-${seq + 1n}`;
  return ms < MAX_U64 ? `${ms + 1n}-0` : undefined;
}

/** The id right before `id`; undefined before 0-0. Exclusive upper bounds are built from it. */
export function prevId(id: string): string | undefined {
  const { ms, seq } = partsOf(id);
  if (seq > 0n) return `${ms}-${seq - 1n}`;
  return ms > 0n ? `${ms - 1n}-${MAX_U64}` : undefined;
}

/** The first id of millisecond `ms`: `${ms}-0`. Throws a RangeError for a negative or non-finite time. */
export function idForTime(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`${ms} is not a time a stream id can hold`);
  return `${Math.floor(ms)}-0`;
}

/** The millisecond (Unix epoch) part of an id. Throws a StreamError ('bad-id') when malformed. */
export function timeOfId(id: string): number {
  return Number(partsOf(id).ms);
}

// YYYY-MM-DD, optionally with [T ]hh:mm[:ss[.fff]] and a zone (Z, +hh:mm, +hhmm, +hh).
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * What a user typed to jump to, as an id: an id (`1700000000000-3`), a bare millisecond time
 * (`1700000000000`, as `1700000000000-0`), or a date/time in ISO form (`2026-11-22T10:00:00Z`,
 * `2026-11-22 10:00`, `2026-11-22`). A date/time without a zone is local time; a date alone is
 * local midnight. Undefined when it is none of these, or a time before 1970.
 */
export function parseIdOrTime(input: string): string | undefined {
  const text = input.trim();
  if (ID.test(text)) return parseId(text) ? normalizeId(text) : undefined;
  const ms = parseDateTime(text);
  return ms === undefined || ms < 0 ? undefined : idForTime(ms);
}

function parseDateTime(text: string): number | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((s) => Number(s ?? 0));
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const zone = m[8];
  if (zone === undefined) return new Date(year, month - 1, day, hour, minute, second, millis).getTime();
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  if (zone.toUpperCase() === 'Z') return utc;
  const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!z) return undefined;
  const offsetMinutes = Number(z[2]) * 60 + Number(z[3] ?? 0);
  if (Number(z[2]) > 23 || Number(z[3] ?? 0) > 59) return undefined;
  return utc - (z[1] === '+' ? 1 : -1) * offsetMinutes * 60_000;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
