/**
 * A known keyspace for the health report tests: namespaces with and without TTLs, big keys of
 * every type, root keys, and a binary key name. The expected figures below follow from it.
 */
import type { Cluster, Redis } from 'ioredis';

/** `bin:` + 0xff 0x00 + `:` + 0x01: invalid UTF-8 with a NUL, split into namespaces bin: / bin:\xff\x00:. */
export const BINARY_KEY = Buffer.concat([Buffer.from('bin:'), Buffer.from([0xff, 0x00]), Buffer.from(':'), Buffer.from([0x01])]);
export const MARKUP_KEY = 'html:<img src=x onerror=alert(1)>';

const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * Seeds the fixture (prefixed by `ns`, e.g. '' or 'hc:' for a shared cluster) and returns nothing;
 * the figures it produces are in EXPECTED. Writes key by key so it works on a cluster too.
 */
export async function seedFixture(client: Redis | Cluster, ns = ''): Promise<void> {
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < 40; i++) writes.push(client.hset(`${ns}user:${i}:profile`, { name: `user ${i}`, plan: 'free' }));
  for (let i = 0; i < 10; i++) writes.push(client.set(`${ns}user:${i}:session`, 'token', 'PX', 30 * MIN));
  for (let i = 0; i < 30; i++) writes.push(client.set(`${ns}cache:page:${i}`, '<html>', 'PX', 2 * HOUR));
  for (let i = 0; i < 10; i++) writes.push(client.set(`${ns}cache:tmp:${i}`, 'x', 'PX', 10 * MIN));
  writes.push(client.rpush(`${ns}queue:jobs`, ...Array.from({ length: 5000 }, (_, i) => `job-${i}`)));
  for (let i = 0; i < 100; i++) writes.push(client.xadd(`${ns}queue:events`, '*', 'n', String(i)));
  writes.push(client.set(`${ns}big:blob`, 'b'.repeat(200_000)));
  writes.push(client.zadd(`${ns}big:scores`, ...Array.from({ length: 1000 }, (_, i) => [i, `m${i}`]).flat()));
  writes.push(client.sadd(`${ns}big:tags`, ...Array.from({ length: 300 }, (_, i) => `t${i}`)));
  writes.push(client.set(`${ns}counter`, '42'));
  writes.push(client.hset(`${ns}config`, { a: '1' }));
  writes.push(client.pexpire(`${ns}config`, 48 * HOUR));
  writes.push(client.set(ns ? Buffer.concat([Buffer.from(ns), BINARY_KEY]) : BINARY_KEY, Buffer.alloc(500_000, 7)));
  writes.push(client.set(`${ns}${MARKUP_KEY}`, 'x'));
  await Promise.all(writes);
}

/** What a full analysis of the fixture must report (without prefix; the cluster test adds it). */
export const EXPECTED = {
  keys: 99,
  noTtl: 48,
  withTtl: 51,
  within1h: 20,
  within24h: 50,
  types: { string: 54, hash: 41, list: 1, stream: 1, zset: 1, set: 1 },
  namespaces: {
    'user:': { keys: 50, noTtl: 40, noTtlPct: 80 },
    'cache:': { keys: 40, noTtl: 0, noTtlPct: 0 },
    'cache:page:': { keys: 30, noTtl: 0, noTtlPct: 0 },
    'cache:tmp:': { keys: 10, noTtl: 0, noTtlPct: 0 },
    'queue:': { keys: 2, noTtl: 2, noTtlPct: 100 },
    'big:': { keys: 3, noTtl: 3, noTtlPct: 100 },
    'user:7:': { keys: 2, noTtl: 1, noTtlPct: 50 },
    'user:17:': { keys: 1, noTtl: 1, noTtlPct: 100 },
  } as Record<string, { keys: number; noTtl: number; noTtlPct: number }>,
  root: { keys: 2, noTtl: 1, noTtlPct: 50 },
};
