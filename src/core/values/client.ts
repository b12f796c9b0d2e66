/**
 * The one way value readers and writers talk to Redis: `callBuffer`, so every reply keeps its exact
 * bytes and every command passes through the connection's read-only guard.
 */
import type { Cluster, Redis } from 'ioredis';

/** A standalone, sentinel or cluster client (as `RedisSession.forDb` hands out). */
export type RedisClient = Redis | Cluster;

/** An argument as Redis receives it. */
export type Arg = string | Buffer | number;

/**
 * Sends one command and returns the raw RESP2 reply: bulk strings as Buffers, integers as numbers,
 * arrays as arrays. `T` is what the caller knows the reply to be.
 */
export function send<T>(client: RedisClient, command: string, ...args: Arg[]): Promise<T> {
  return client.callBuffer(command, ...args) as Promise<T>;
}

/** A reply that may be a Buffer (bulk/status string) as text; numbers and null pass through as text. */
export function text(reply: unknown): string {
  if (Buffer.isBuffer(reply)) return reply.toString('utf8');
  return String(reply);
}

/** A SCAN-family reply: the next cursor, undefined once the walk is done. */
export function nextCursor(reply: Buffer | string): string | undefined {
  const cursor = text(reply);
  return cursor === '0' ? undefined : cursor;
}
