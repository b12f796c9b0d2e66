/**
 * The keyspace suite's measuring process (started by scripts/bench.mjs with --expose-gc against a
 * server it has seeded). It prints the table and writes bench/results/keyspace.json.
 *
 *   node --expose-gc bench/keyspace/measure.mjs --core out/bench/keyspace-core.cjs --port P --keys N
 *        --out bench/results/keyspace.json [--profile bench/results/profiles]
 */
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { profile, topSelfTime } from '../lib/cpuprofile.mjs';
import { formatTable, median, round, writeResults } from '../lib/report.mjs';

const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: { core: { type: 'string' }, port: { type: 'string' }, keys: { type: 'string' }, out: { type: 'string' }, profile: { type: 'string' } },
});
const { KeyspaceView, DEFAULT_VIEW_OPTIONS, openSession, silentLogger } = require(args.core);
const { Redis } = require('ioredis');

if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc (npm run bench does)');
const FIRST_LEVEL_RUNS = 7;
const SCAN_RUNS = 3;
const HOST = '127.0.0.1';
const port = Number(args.port);
const expectedKeys = Number(args.keys);
const MB = 1024 * 1024;

/** "1m", "10m", "250k": the size suffix of size-dependent metric names. */
function sizeLabel(n) {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}m`;
  if (n % 1_000 === 0) return `${n / 1_000}k`;
  return String(n);
}

/** This process's CPU time (user + system, all threads) since `since`, in ms. */
function cpuMs(since) {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

function fullGc() {
  // Twice: the first pass can leave objects that only a second one frees (weak refs, finalizers).
  global.gc();
  global.gc();
}

/** (a) Fresh view -> first page -> root folder names: what the tree shows first. */
async function firstLevel(client) {
  const t0 = performance.now();
  const view = new KeyspaceView(client, DEFAULT_VIEW_OPTIONS);
  await view.loadMore();
  const names = view.index.list('').folders.map((f) => f.name);
  const ms = performance.now() - t0;
  return { ms, folders: names.length, keys: view.index.total };
}

/** (b) The whole keyspace into a namespace index, as "Scan All" does. */
async function viewScanAll(client) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const view = new KeyspaceView(client, DEFAULT_VIEW_OPTIONS);
  await view.scanAll(() => {});
  return { ms: performance.now() - t0, cpuMs: cpuMs(cpu0), keys: view.index.total, view };
}

/** (c) The reference: a bare ioredis SCAN loop, COUNT 10,000, collecting every key. */
async function bareScan(client) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const keys = [];
  let cursor = '0';
  do {
    const [next, batch] = await client.scan(cursor, 'COUNT', 10_000);
    for (const k of batch) keys.push(k);
    cursor = next;
  } while (cursor !== '0');
  return { ms: performance.now() - t0, cpuMs: cpuMs(cpu0), keys: keys.length };
}

/**
 * Redis for VS Code's first page (peers.md): SCAN COUNT 2,000 until 10,000 keys found or 10,000
 * scanned, i.e. at most 5 round trips.
 */
async function peerFirstPage(client) {
  const t0 = performance.now();
  const keys = [];
  let cursor = '0';
  let scanned = 0;
  do {
    const [next, batch] = await client.scan(cursor, 'COUNT', 2_000);
    for (const k of batch) keys.push(k);
    scanned += 2_000;
    cursor = next;
  } while (cursor !== '0' && keys.length < 10_000 && scanned < 10_000);
  return { ms: performance.now() - t0, keys: keys.length };
}

async function main() {
  const config = { id: 'bench', name: 'bench', topology: 'standalone', host: HOST, port };
  const session = await openSession(config, {}, { timeoutMs: 5_000, logger: silentLogger });
  const bare = new Redis({ host: HOST, port, protocol: 2, lazyConnect: true, enableReadyCheck: false });
  await bare.connect();
  try {
    const dbsize = await bare.dbsize();
    if (dbsize !== expectedKeys) throw new Error(`server holds ${dbsize} keys, expected ${expectedKeys}`);
    const redisVersion = /redis_version:(\S+)/.exec(await bare.info('server'))?.[1] ?? 'unknown';
    const client = session.client;
    const label = sizeLabel(dbsize);

    // Warm-up (not measured): JIT for the view, the index and the decoder on both clients.
    for (let i = 0; i < 2; i++) {
      await firstLevel(client);
      await peerFirstPage(bare);
    }

    const first = [];
    const peer = [];
    for (let i = 0; i < FIRST_LEVEL_RUNS; i++) {
      fullGc();
      first.push(await firstLevel(client));
      fullGc();
      peer.push(await peerFirstPage(bare));
    }

    // (d) Heap after Scan All with the index alive. This run also warms scanAll up.
    fullGc();
    const before = process.memoryUsage();
    let held = await viewScanAll(client);
    fullGc();
    const after = process.memoryUsage();
    const heapMb = (after.heapUsed - before.heapUsed) / MB;
    const arrayBuffersMb = (after.arrayBuffers - before.arrayBuffers) / MB;
    const indexed = { keys: held.view.index.total, folders: held.view.index.folderCount, complete: held.view.complete };
    held = undefined;

    // (b) and (c) interleaved, alternating who goes first, so both see the same noise.
    const scanAll = [];
    const bareRuns = [];
    for (let i = 0; i < SCAN_RUNS; i++) {
      const order = i % 2 === 0 ? ['bare', 'view'] : ['view', 'bare'];
      for (const which of order) {
        fullGc();
        if (which === 'bare') bareRuns.push(await bareScan(bare));
        else {
          const r = await viewScanAll(client);
          scanAll.push({ ms: r.ms, cpuMs: r.cpuMs, keys: r.keys });
        }
      }
    }
    for (const r of [...scanAll, ...bareRuns]) if (r.keys < dbsize) throw new Error(`a full scan saw ${r.keys} of ${dbsize} keys`);

    const scanAllMs = median(scanAll.map((r) => r.ms));
    const bareMs = median(bareRuns.map((r) => r.ms));
    const rows = [
      { name: 'first_level_ms', value: median(first.map((r) => r.ms)), unit: 'ms', target: { op: '<', limit: 50 } },
      { name: 'peer_first_page_ms', value: median(peer.map((r) => r.ms)), unit: 'ms', note: 'peer ref' },
      { name: 'scan_all_ms', value: scanAllMs, unit: 'ms' },
      { name: 'bare_scan_ms', value: bareMs, unit: 'ms', note: 'reference' },
      { name: 'scan_all_ratio', value: scanAllMs / bareMs, unit: 'x', target: { op: '<=', limit: 1.25 } },
      // Node-side CPU: steadier than wall time on a shared machine, and it shows who waits for whom
      // (the bare loop mostly waits for the server; Scan All is bound by its own CPU when this
      // exceeds the bare loop's wall time).
      { name: 'scan_all_cpu_ms', value: median(scanAll.map((r) => r.cpuMs)), unit: 'ms', note: 'info' },
      { name: 'bare_scan_cpu_ms', value: median(bareRuns.map((r) => r.cpuMs)), unit: 'ms', note: 'info' },
      { name: `heap_mb_${label}`, value: heapMb, unit: 'MB', ...(label === '1m' ? { target: { op: '<', limit: 80 } } : { note: 'info (80 at 1m)' }) },
      { name: `array_buffers_mb_${label}`, value: arrayBuffersMb, unit: 'MB', note: 'info' },
      { name: 'keys', value: dbsize, unit: 'keys', note: 'info' },
    ];
    console.log(`\nkeyspace suite: ${dbsize.toLocaleString('en-US')} keys, Redis ${redisVersion}, Node ${process.version}`);
    console.log(formatTable(rows));
    console.log(
      [
        `first level: ${first[0].keys} keys in the first page, ${first[0].folders} root folders; peer first page: ${peer[0].keys} keys`,
        `runs, wall/cpu ms: scan all ${scanAll.map((r) => `${round(r.ms)}/${round(r.cpuMs)}`).join(', ')}; bare SCAN ${bareRuns.map((r) => `${round(r.ms)}/${round(r.cpuMs)}`).join(', ')}`,
        `index after scan all: ${indexed.keys} keys, ${indexed.folders} folders, complete=${indexed.complete}; heap +${round(heapMb)} MB, array buffers +${round(arrayBuffersMb)} MB`,
      ].join('\n'),
    );
    const doc = writeResults(args.out, { suite: 'keyspace', redis: redisVersion, rows });
    console.log(`wrote ${args.out} (${Object.keys(doc.metrics).length} metrics)`);

    if (args.profile) {
      fullGc();
      const v = await profile(args.profile, 'keyspace-scan-all', () => viewScanAll(client));
      fullGc();
      const b = await profile(args.profile, 'keyspace-bare-scan', () => bareScan(bare));
      for (const [what, p] of [['KeyspaceView.scanAll', v], ['bare SCAN loop', b]]) {
        console.log(`\nCPU profile, ${what} (${p.file}), self time:`);
        for (const r of topSelfTime(p.profile)) console.log(`  ${String(r.ms).padStart(6)} ms ${String(r.pct).padStart(5)}%  ${r.fn}`);
      }
    }
    const failed = rows.filter((r) => r.target && !(r.target.op === '<' ? r.value < r.target.limit : r.value <= r.target.limit));
    process.exitCode = failed.length ? 3 : 0;
  } finally {
    bare.disconnect();
    await session.close();
  }
}

main().catch((err) => {
  console.error(`keyspace bench: ${err.stack ?? err.message}`);
  process.exitCode = 1;
});
