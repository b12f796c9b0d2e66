/**
 * What the editor header shows about a key: its type (HyperLogLog and ReJSON told apart), TTL,
 * length, encoding and memory. Only O(1) commands: never anything that walks the value.
 */
import { RedisClient, send, text } from './client';

export type ValueType = 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream' | 'hyperloglog' | 'json' | 'none' | 'other';

export interface KeyMeta {
  type: ValueType;
  /** The name TYPE returned (e.g. `ReJSON-RL`, or a module type for `other`). */
  rawType: string;
  /** Milliseconds to live; -1 without expiry, -2 when the key does not exist. */
  ttlMs: number;
  /** STRLEN, HLEN, LLEN, SCARD, ZCARD, XLEN; PFCOUNT for a HyperLogLog. */
  length?: number;
  /** OBJECT ENCODING (listpack, hashtable, int, embstr, raw, ...), when the server tells. */
  encoding?: string;
  /** MEMORY USAGE in bytes, when the server (or the ACL user) allows it. */
  memoryBytes?: number;
}

const LENGTH_COMMAND: Partial<Record<ValueType, string>> = {
  string: 'STRLEN',
  hash: 'HLEN',
  list: 'LLEN',
  set: 'SCARD',
  zset: 'ZCARD',
  stream: 'XLEN',
  hyperloglog: 'PFCOUNT',
};

/** The four bytes every HyperLogLog string starts with. */
const HLL_MAGIC = 'HYLL';

/** Maps TYPE's answer (plus, for strings, the HLL magic check) to a ValueType. */
export async function readType(client: RedisClient, key: Buffer): Promise<{ type: ValueType; rawType: string }> {
  const rawType = text(await send(client, 'TYPE', key));
  switch (rawType) {
    case 'string':
      return { type: (await isHyperLogLog(client, key)) ? 'hyperloglog' : 'string', rawType };
    case 'hash':
    case 'list':
    case 'set':
    case 'zset':
    case 'stream':
    case 'none':
      return { type: rawType, rawType };
    case 'ReJSON-RL':
      return { type: 'json', rawType };
    default:
      return { type: 'other', rawType };
  }
}

/** A HyperLogLog is a string starting with "HYLL" (GETRANGE 0 3: four bytes, whatever the size). */
export async function isHyperLogLog(client: RedisClient, key: Buffer): Promise<boolean> {
  const head = await send<Buffer>(client, 'GETRANGE', key, 0, 3);
  return head.toString('latin1') === HLL_MAGIC;
}

/** Reads the header facts of a key; optional facts the server refuses are left out. */
export async function readKeyMeta(client: RedisClient, key: Buffer): Promise<KeyMeta> {
  const { type, rawType } = await readType(client, key);
  if (type === 'none') return { type, rawType, ttlMs: -2 };
  const lengthCommand = LENGTH_COMMAND[type];
  const [ttl, length, encoding, memory] = await Promise.all([
    send<number>(client, 'PTTL', key),
    lengthCommand ? send<number>(client, lengthCommand, key) : Promise.resolve(undefined),
    send<Buffer | null>(client, 'OBJECT', 'ENCODING', key).catch(() => null),
    send<number | null>(client, 'MEMORY', 'USAGE', key).catch(() => null),
  ]);
  const meta: KeyMeta = { type, rawType, ttlMs: Number(ttl) };
  if (length !== undefined) meta.length = Number(length);
  if (encoding) meta.encoding = text(encoding);
  if (typeof memory === 'number') meta.memoryBytes = memory;
  return meta;
}
