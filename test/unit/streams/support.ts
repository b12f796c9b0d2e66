/** Shared by the stream tests: polling, server version, and a server-side stream builder. */
import type { Cluster, Redis } from 'ioredis';
import type { RedisClient } from '../../../src/core/values/client';

export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The id the builder gives entry `i`: four entries per millisecond from 1000 ms, so pages cross ms boundaries mid-millisecond. */
export function builtId(i: number): string {
  return `${1000 + Math.floor(i / 4)}-${i % 4}`;
}

/**
 * Fills `key` with `n` entries (ids as `builtId`, one field `n` = the index) by a Lua loop on the
 * server, in chunks so no single script runs long.
 */
export async function buildStream(client: RedisClient, key: Buffer, n: number): Promise<void> {
  const script = "for i = tonumber(ARGV[1]), tonumber(ARGV[2]) - 1 do redis.call('XADD', KEYS[1], (1000 + math.floor(i / 4)) .. '-' .. (i % 4), 'n', i) end";
  for (let from = 0; from < n; from += 200_000) {
    await (client as Redis).eval(script, 1, key, from, Math.min(n, from + 200_000));
  }
}

/** Redis's major.minor as a number (7.0 -> 7.0), from INFO server. */
export async function redisVersion(client: RedisClient): Promise<number> {
  const info = String(await (client as Redis).info('server'));
  const m = /redis_version:(\d+)\.(\d+)/.exec(info);
  return m ? Number(`${m[1]}.${m[2]}`) : 0;
}

/** A dedicated connection like the viewer makes for its tail. */
export function duplicateOf(client: RedisClient): RedisClient {
  return (client as Cluster).isCluster ? (client as Cluster).duplicate() : (client as Redis).duplicate();
}

/**
 * Runs `work` and returns the commands (lower-cased name and arguments, as MONITOR shows them)
 * that reached the standalone server with `key` as their first argument while it ran.
 */
export async function commandsOn(client: RedisClient, key: Buffer, work: () => Promise<unknown>): Promise<string[][]> {
  const monitor = await (client as Redis).monitor();
  const seen: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => seen.push(args));
  const marker = `monitor-marker-${Math.random()}`;
  try {
    await work();
    await (client as Redis).echo(marker);
    await waitUntil('MONITOR to show the marker', () => seen.some((a) => a[1] === marker));
  } finally {
    monitor.disconnect();
  }
  return seen.filter((a) => a[1] === key.toString('latin1') || a[1] === key.toString()).map((a) => [a[0].toLowerCase(), ...a.slice(1)]);
}
