/**
 * States exactly what a write will do, in Redis terms, for the confirmation dialog:
 * `HSET user:1 email = "alice@example.com"`. Bytes are shown the way key names are (escaped,
 * never raw control characters) and long values are cut with their full size.
 */
import { displayKey } from '../keyspace/keyName';
import { isText } from './format';
import { WriteOp } from './writes';

/** Longest value excerpt quoted in a description, in characters. */
const EXCERPT_CHARS = 80;

/** A value quoted for a description: `"text"`, `"start…" (12,345 bytes)` or `<7 bytes: 00 ff …>`. */
export function quoteValue(value: Buffer): string {
  if (!isText(value)) {
    const hex = [...value.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    return `<${value.length.toLocaleString('en-US')} bytes: ${hex}${value.length > 16 ? ' …' : ''}>`;
  }
  const shown = displayKey(value);
  if (shown.length <= EXCERPT_CHARS) return `"${shown}"`;
  return `"${shown.slice(0, EXCERPT_CHARS)}…" (${value.length.toLocaleString('en-US')} bytes)`;
}

/** One line naming the command, key and arguments the write will send. */
export function describeWrite(op: WriteOp): string {
  const key = displayKey(op.key);
  switch (op.kind) {
    case 'string.set':
      return `SET ${key} = ${quoteValue(op.value)} (KEEPTTL: the TTL is kept)`;
    case 'hash.set':
      return `HSET ${key} ${displayKey(op.field)} = ${quoteValue(op.value)}`;
    case 'hash.add':
      return `HSETNX ${key} ${displayKey(op.field)} = ${quoteValue(op.value)} (only if the field does not exist)`;
    case 'hash.delete':
      return `HDEL ${key} ${displayKey(op.field)}`;
    case 'list.set':
      return `LSET ${key} [${op.index}] = ${quoteValue(op.value)}`;
    case 'list.push':
      return `${op.end === 'head' ? 'LPUSH' : 'RPUSH'} ${key} ${quoteValue(op.value)}`;
    case 'list.remove':
      return `Remove item [${op.index}] of ${key} (MULTI: LSET it to a unique placeholder, LREM 1 placeholder)`;
    case 'set.add':
      return `SADD ${key} ${quoteValue(op.member)}`;
    case 'set.remove':
      return `SREM ${key} ${quoteValue(op.member)}`;
    case 'zset.add':
      return `ZADD ${key} ${op.score} ${quoteValue(op.member)}`;
    case 'zset.remove':
      return `ZREM ${key} ${quoteValue(op.member)}`;
  }
}
