/**
 * The stream half of the viewers bench: two streams of the same entries (a 1,000,000-entry one and
 * a 100-entry one), seeded server-side by a Lua loop in chunks, then the viewer's open (XINFO STREAM
 * through `streamInfo`, then the newest page through `readOlder`, as
 * src/features/streams/panel.ts `sendState` does) timed on each, alternating.
 *
 * Entries look like an order-events stream: ids 10 ms apart (so the 1M stream spans ~2.8 hours),
 * five fields (event, order, user, amount, a small JSON payload), ~130 bytes of field data each.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { median } from '../lib/report.mjs';

export const BIG_KEY = 'bench:viewers:stream:1m';
export const SMALL_KEY = 'bench:viewers:stream:100';
export const BIG_ENTRIES = 1_000_000;
export const SMALL_ENTRIES = 100;
/** The viewer's default page (`redisDevkit.streams.pageSize`), read from the manifest so it cannot drift. */
export const PAGE = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).contributes.configuration.properties['redisDevkit.streams.pageSize'].default;
/** Entries per EVAL: ~0.2 s of server time each, so the server stays responsive between chunks. */
const CHUNK = 50_000;
const BASE_MS = 1_700_000_000_000;
const WARMUP = 30;
const ROUNDS = 300;

/** Adds entries from..to (inclusive) to KEYS[1], each with id BASE + i * 10 ms. */
const SEED_SCRIPT = `
local key = KEYS[1]
local from = tonumber(ARGV[1])
local to = tonumber(ARGV[2])
local base = tonumber(ARGV[3])
local events = { 'order.created', 'order.paid', 'order.shipped', 'order.delivered', 'order.cancelled' }
for i = from, to do
  redis.call('XADD', key, string.format('%d-0', base + i * 10),
    'event', events[i % 5 + 1],
    'order', 'ord-' .. i,
    'user', 'u' .. (i * 7919 % 100003),
    'amount', string.format('%.2f', (i * 37 % 100000) / 100),
    'payload', '{"items":' .. (i % 5 + 1) .. ',"currency":"EUR","channel":"web","note":"gift wrap"}')
end
return to - from + 1
`;

async function seedStream(client, key, entries) {
  await client.del(key);
  for (let from = 1; from <= entries; from += CHUNK) {
    const to = Math.min(entries, from + CHUNK - 1);
    await client.eval(SEED_SCRIPT, 1, key, String(from), String(to), String(BASE_MS));
  }
  const length = await client.xlen(key);
  if (length !== entries) throw new Error(`${key} holds ${length} entries after seeding, expected ${entries}`);
}

/** Seeds both streams; resolves with the seconds it took. */
export async function seedStreams(client) {
  const t0 = performance.now();
  await seedStream(client, SMALL_KEY, SMALL_ENTRIES);
  await seedStream(client, BIG_KEY, BIG_ENTRIES);
  return (performance.now() - t0) / 1000;
}

/**
 * Measures the viewer's open on both streams with the core's own functions, on `client` (a
 * connection from openSession, like the viewer's). Resolves with the medians and the run counts.
 */
export async function measureOpen({ streamInfo, readOlder }, client) {
  const big = Buffer.from(BIG_KEY);
  const small = Buffer.from(SMALL_KEY);

  /** The open, and a check that it showed what the viewer would. */
  const open = async (key, count, expected) => {
    const t0 = performance.now();
    const info = await streamInfo(client, key);
    const page = await readOlder(client, key, { count });
    const ms = performance.now() - t0;
    const shown = Math.min(count, expected);
    if (info.length !== expected || page.entries.length !== shown || page.more !== expected > count || page.entries[0]?.id !== info.lastId) {
      throw new Error(`open of ${key}: length ${info.length}, ${page.entries.length} entries (more ${page.more}), first ${page.entries[0]?.id} vs last ${info.lastId}`);
    }
    return ms;
  };
  const kinds = [
    { name: 'big', run: () => open(big, PAGE, BIG_ENTRIES) },
    { name: 'small', run: () => open(small, PAGE, SMALL_ENTRIES) },
    // Informational: the 1M stream with the small stream's page size (same bytes on the wire).
    { name: 'bigSamePage', run: () => open(big, SMALL_ENTRIES, BIG_ENTRIES) },
  ];
  const times = { big: [], small: [], bigSamePage: [] };
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    // Rotate the order each round so no kind always runs first (or right after a GC-prone one).
    for (let k = 0; k < kinds.length; k++) {
      const kind = kinds[(round + k) % kinds.length];
      const ms = await kind.run();
      if (round >= WARMUP) times[kind.name].push(ms);
    }
  }
  return { bigMs: median(times.big), smallMs: median(times.small), bigSamePageMs: median(times.bigSamePage), runs: ROUNDS };
}
