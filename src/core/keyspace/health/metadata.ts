/**
 * Key metadata for a batch of keys on one node, in two pipelined round trips: TYPE + PTTL + MEMORY
 * USAGE for every key, then the length command that fits each key's type. Per-command errors
 * (an ACL without MEMORY, a key deleted meanwhile) degrade that field, never the batch.
 */
import type { Redis } from 'ioredis';

export interface KeyMeta {
  key: Buffer;
  /** 'none' when the key was gone by the time TYPE ran. */
  type: string;
  /** PTTL reply: -1 no TTL, -2 gone, else milliseconds. */
  pttl: number;
  memory?: number;
  length?: number;
  /** The ACL user may not read this key (a key pattern that excludes it): no metadata. */
  denied?: boolean;
}

/** NOPERM for the key itself (ACL key patterns), as opposed to the command. */
const KEY_DENIED = /^NOPERM.*(access|keys?\b)/i;
/** The command itself is refused, or unknown to the server: stop sending it. */
const COMMAND_REFUSED = /no permissions to run|unknown command|unknown subcommand/i;

/** The command that gives a key's length, by type (STRLEN is bytes for a string). */
const LENGTH_COMMANDS: Record<string, string> = {
  string: 'STRLEN',
  hash: 'HLEN',
  list: 'LLEN',
  set: 'SCARD',
  zset: 'ZCARD',
  stream: 'XLEN',
};

export interface MetadataOptions {
  memorySamples: number;
  /** Set once MEMORY USAGE is refused, so later batches stop asking: the reason. */
  memoryRefused?: string;
}

/** Reads metadata for `keys` on `node`; `options.memoryRefused` is set when the server refuses MEMORY USAGE. */
export async function readMetadata(node: Redis, keys: Buffer[], options: MetadataOptions): Promise<KeyMeta[]> {
  if (keys.length === 0) return [];
  const withMemory = options.memoryRefused === undefined;
  const first = node.pipeline();
  for (const key of keys) {
    first.type(key);
    first.pttl(key);
    if (withMemory) first.call('MEMORY', 'USAGE', key, 'SAMPLES', String(options.memorySamples));
  }
  const replies = (await first.exec()) ?? [];
  const stride = withMemory ? 3 : 2;
  const metas: KeyMeta[] = keys.map((key, i) => {
    const [typeErr, type] = replies[i * stride] ?? [];
    const [ttlErr, pttl] = replies[i * stride + 1] ?? [];
    const meta: KeyMeta = { key, type: typeErr ? 'unknown' : String(type), pttl: ttlErr ? -1 : Number(pttl) };
    if (typeErr && KEY_DENIED.test(typeErr.message)) meta.denied = true;
    if (withMemory) {
      const [memErr, memory] = replies[i * stride + 2] ?? [];
      if (memErr) {
        if (COMMAND_REFUSED.test(memErr.message)) options.memoryRefused = memErr.message;
      } else if (memory !== null && memory !== undefined) {
        meta.memory = Number(memory);
      }
    }
    return meta;
  });

  const measured = metas.filter((m) => !m.denied && LENGTH_COMMANDS[m.type]);
  if (measured.length) {
    const second = node.pipeline();
    for (const m of measured) second.call(LENGTH_COMMANDS[m.type], m.key);
    const lengths = (await second.exec()) ?? [];
    measured.forEach((m, i) => {
      const [err, length] = lengths[i] ?? [];
      if (!err) m.length = Number(length);
    });
  }
  return metas;
}
