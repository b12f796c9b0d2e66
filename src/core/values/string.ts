/**
 * Strings: size checked first (STRLEN) so a 500 MB value is never pulled whole into the editor;
 * big values come as a GETRANGE preview plus the full length, and the rest on request.
 */
import { RedisClient, send } from './client';

/** Values up to this many bytes are read whole; larger ones as a preview of this many bytes. */
export const STRING_PREVIEW_BYTES = 256 * 1024;

export interface StringValue {
  /** The whole value, or its first `limit` bytes. */
  value: Buffer;
  /** Length of the whole value in bytes. */
  length: number;
  /** True when `value` is the whole value. */
  complete: boolean;
}

/** Reads a string (or its preview when longer than `limit`); undefined when the key is gone. */
export async function readString(client: RedisClient, key: Buffer, limit = STRING_PREVIEW_BYTES): Promise<StringValue | undefined> {
  const length = await send<number>(client, 'STRLEN', key);
  if (length <= limit) {
    const value = await send<Buffer | null>(client, 'GET', key);
    return value === null ? undefined : { value, length: value.length, complete: true };
  }
  const value = await send<Buffer>(client, 'GETRANGE', key, 0, limit - 1);
  return { value, length, complete: false };
}

/** Reads the bytes from `offset` to the end ("Load all" after a preview). */
export function readStringFrom(client: RedisClient, key: Buffer, offset: number): Promise<Buffer> {
  return send<Buffer>(client, 'GETRANGE', key, offset, -1);
}

/** Replaces the value, keeping the key's TTL (SET ... KEEPTTL). */
export async function writeString(client: RedisClient, key: Buffer, value: Buffer): Promise<void> {
  await send(client, 'SET', key, value, 'KEEPTTL');
}
