/**
 * The lua suite: ScriptRunner (src/core/lua/runner.ts) against a throwaway redis-server, with a
 * realistic ~2 KB script (a sliding-window rate limiter, commented as people comment them).
 *
 *   (a) per-run time of 1,000 sequential re-runs through the runner vs a bare ioredis EVALSHA loop
 *       (`callBuffer('evalsha', ...)`: the same call the runner makes, minus the runner), on one
 *       connection, interleaved in blocks of 50; the ratio is the median of 15 rounds' ratios
 *   (b) bytes the server received per re-run (INFO stats total_net_input_bytes), and what the
 *       runner itself counted (`bytesSent`)
 *   (c) first run on a flushed script cache (EVALSHA -> NOSCRIPT -> SCRIPT LOAD -> EVALSHA)
 *
 * Prints a table and writes bench/results/lua.json.
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { startRedisServer, redisServerVersion } from '../lib/redis-server.mjs';
import { formatTable, median, round, writeResults } from '../lib/report.mjs';

export const description = 'ScriptRunner: EVALSHA re-runs vs a bare ioredis evalsha loop, bytes per re-run, first run (load + run)';

/** What scripts/bench.mjs bundles (esbuild, ioredis external) before running the suite. */
export const coreEntry = { entry: 'src/core/lua/runner.ts', outfile: 'out/bench/lua-core.cjs' };

const RUNS = 1_000;
const ROUNDS = 15;
/** Runs per block inside a round; the two sides alternate block by block. */
const BLOCK = 50;
const FIRST_RUNS = 15;
const KEY = 'rate:{user:42}';

/** A sliding-window rate limiter as it might sit in a repository: ~2 KB with its comments. */
export function rateLimitScript() {
  const body = `--[[
  Sliding-window rate limiter.

  KEYS[1]  sorted set holding one member per accepted request, scored by its time (ms)
  ARGV[1]  now, in milliseconds (the caller's clock; pass the same clock every time)
  ARGV[2]  window length in milliseconds
  ARGV[3]  how many requests the window allows
  ARGV[4]  a unique id for this request (so two requests in the same ms are both counted)

  Returns { allowed (1 or 0), remaining, retry_after_ms }.

  Why a sorted set and not INCR + EXPIRE: a fixed window lets a client send twice the limit
  around a window boundary; the sorted set counts exactly the requests of the last window.
]]

local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local id = ARGV[4]

if not now or not window or not limit or not id then
  return redis.error_reply('ERR rate limiter: now, window, limit and id are required')
end
if window <= 0 or limit <= 0 then
  return redis.error_reply('ERR rate limiter: window and limit must be positive')
end

-- Forget requests that fell out of the window.
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)

local used = redis.call('ZCARD', key)
if used < limit then
  -- Accept: record this request and keep the key no longer than one window.
  redis.call('ZADD', key, now, now .. '-' .. id)
  redis.call('PEXPIRE', key, window)
  return { 1, limit - used - 1, 0 }
end

-- Refuse: the caller may retry once the oldest request in the window expires.
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
local retry = 0
if oldest[2] then
  retry = math.max(0, tonumber(oldest[2]) + window - now)
end
return { 0, 0, retry }
`;
  const pad = '-- (padding: the rest of the file is notes that a real script would keep here)\n';
  let source = body;
  while (Buffer.byteLength(source) < 2048) source += pad;
  return source;
}

async function netInputBytes(client) {
  const info = String(await client.info('stats'));
  return Number(/total_net_input_bytes:(\d+)/.exec(info)?.[1]);
}

/** RESP size of `INFO stats`, which the server also counts between two readings. */
const INFO_STATS_BYTES = '*2\r\n$4\r\nINFO\r\n$5\r\nstats\r\n'.length;

export async function run({ corePath, outFile, log, own }) {
  const require = createRequire(import.meta.url);
  const { ScriptRunner } = require(corePath);
  const { Redis } = require('ioredis');

  const server = await startRedisServer({ log });
  own(server);
  const client = new Redis({ host: server.host, port: server.port, protocol: 2, lazyConnect: true, enableAutoPipelining: false });
  try {
    await client.connect();
    const source = rateLimitScript();
    const window = '60000';
    const limit = '1000000';
    let seq = 0;
    const args = () => [String(Date.now()), window, limit, String(seq++)];

    // Correctness first: the runner loads once, then hits the cache, and the reply is the script's.
    const runner = new ScriptRunner(client);
    const first = await runner.run({ source, keys: [KEY], args: args() });
    const again = await runner.run({ source, keys: [KEY], args: args() });
    if (first.cacheHit || !again.cacheHit || !Array.isArray(again.reply) || again.reply[0] !== 1) {
      throw new Error(`unexpected runner behaviour: first cacheHit ${first.cacheHit}, second ${again.cacheHit}, reply ${JSON.stringify(again.reply)}`);
    }
    const sha = first.sha;

    const runnerBlock = async (n) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await runner.run({ source, keys: [KEY], args: args() });
      return performance.now() - t0;
    };
    const bareBlock = async (n) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await client.callBuffer('evalsha', [sha, 1, KEY, ...args()]);
      return performance.now() - t0;
    };
    /**
     * One round: RUNS runs of each, interleaved in blocks of BLOCK (runner, bare, bare, runner, ...)
     * so a burst of load from elsewhere on the machine hits both sides alike.
     */
    const measureRound = async () => {
      let r = 0;
      let b = 0;
      for (let block = 0; block < RUNS / BLOCK; block++) {
        if (block % 2 === 0) {
          r += await runnerBlock(BLOCK);
          b += await bareBlock(BLOCK);
        } else {
          b += await bareBlock(BLOCK);
          r += await runnerBlock(BLOCK);
        }
      }
      return { r: r / RUNS, b: b / RUNS };
    };

    log(`script ${Buffer.byteLength(source)} bytes, sha ${sha}; warming up`);
    await measureRound();
    await measureRound();
    const runnerMs = [];
    const bareMs = [];
    const ratios = [];
    for (let i = 0; i < ROUNDS; i++) {
      const { r, b } = await measureRound();
      runnerMs.push(r);
      bareMs.push(b);
      ratios.push(r / b);
    }
    log(`(a) ${ROUNDS} rounds of ${RUNS} runs each way: runner ${runnerMs.map((v) => round(v * 1000)).join(' ')} µs; bare ${bareMs.map((v) => round(v * 1000)).join(' ')} µs`);

    // (b) What the server received per re-run.
    const counted0 = runner.bytesSent;
    const net0 = await netInputBytes(client);
    for (let i = 0; i < RUNS; i++) await runner.run({ source, keys: [KEY], args: args() });
    const net1 = await netInputBytes(client);
    const rerunBytes = (net1 - net0 - INFO_STATS_BYTES) / RUNS;
    const rerunCounted = (runner.bytesSent - counted0) / RUNS;

    // (c) First run on a flushed cache, with a runner that knows nothing yet.
    const firstMs = [];
    const firstLoaded = [];
    for (let i = 0; i < FIRST_RUNS; i++) {
      await client.script('FLUSH');
      const fresh = new ScriptRunner(client);
      const t0 = performance.now();
      const outcome = await fresh.run({ source, keys: [KEY], args: args() });
      firstMs.push(performance.now() - t0);
      firstLoaded.push(!outcome.cacheHit);
    }
    if (!firstLoaded.every(Boolean)) throw new Error('a first run on a flushed cache reported a cache hit');
    const evalMs = [];
    for (let i = 0; i < FIRST_RUNS; i++) {
      await client.script('FLUSH');
      const t0 = performance.now();
      await client.callBuffer('eval', [source, 1, KEY, ...args()]);
      evalMs.push(performance.now() - t0);
    }

    const rows = [
      { name: 'per_run_ratio', value: median(ratios), unit: 'x', target: { op: '<=', limit: 1.1 } },
      { name: 'runner_per_run_ms', value: median(runnerMs), unit: 'ms', note: `median of ${ROUNDS} rounds x ${RUNS}` },
      { name: 'bare_per_run_ms', value: median(bareMs), unit: 'ms', note: 'ioredis callBuffer evalsha' },
      { name: 'rerun_bytes', value: rerunBytes, unit: 'bytes', target: { op: '<', limit: 200 } },
      { name: 'rerun_bytes_counted', value: rerunCounted, unit: 'bytes', note: 'runner.bytesSent' },
      { name: 'script_bytes', value: Buffer.byteLength(source), unit: 'bytes', note: 'what EVAL would send each time' },
      { name: 'first_run_ms', value: median(firstMs), unit: 'ms', note: `load + run, median of ${FIRST_RUNS}` },
      { name: 'first_run_eval_ms', value: median(evalMs), unit: 'ms', note: 'reference: one EVAL, flushed cache' },
    ];
    console.log(`\n${formatTable(rows)}\n`);
    writeResults(outFile, { suite: 'lua', redis: redisServerVersion(), rows });
    log(`wrote ${outFile}`);
    const missed = rows.some((r) => r.target && !(r.target.op === '<' ? r.value < r.target.limit : r.value <= r.target.limit));
    return missed ? 3 : 0;
  } finally {
    client.disconnect();
    await server.stop();
    log('redis-server stopped');
  }
}
