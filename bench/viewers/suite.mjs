/**
 * The viewers suite: the stream viewer's open and the pub/sub viewer's ingest, against a throwaway
 * redis-server.
 *
 *   (a) Stream viewer open (XINFO STREAM via `streamInfo`, then the newest page of 200 via
 *       `readOlder`: one XREVRANGE COUNT) on a 1,000,000-entry stream vs a 100-entry stream of the
 *       same entries (seeded by a server-side Lua loop; bench/viewers/streams.mjs), alternating,
 *       medians of 300 runs each after 30 warm-up runs; the ratio is 1m / 100.
 *   (b) Pub/sub ingest: one raw-socket connection PUBLISHes pipelined batches to one channel as fast
 *       as the server takes them for 10 s (bench/viewers/publisher.mjs, in this process), while two
 *       processes subscribe to that channel:
 *         - bench/viewers/session.mjs (node --expose-gc): the real pub/sub panel, i.e. PubSubSession
 *           on its dedicated connection, RingBuffer at the default maxMessages (10,000), RateCounter,
 *           and the panel's own batching (PubSubPoster, src/features/pubsub/poster.ts: at most one
 *           post per 100 ms) with the wire conversion of every posted row. The panel imports
 *           vscode and no vscode-free batcher exists in src/core, so its code is bundled with
 *           `vscode` aliased to bench/viewers/vscodeStub.ts (a stub webview that JSON-serializes
 *           each post and records it, settings at their defaults) rather than re-implemented;
 *         - bench/viewers/bare.mjs: a bare ioredis subscriber counting `messageBuffer` events.
 *       After the window both drain what the server still holds for them (until they have every
 *       published message, or 2 s without one). Three such rounds, each with fresh processes, then
 *       an informational fourth with the publisher held at 100,000 msg/s (a heavy but steady load).
 *       pubsub_ingest_ratio = session / bare received after the drain, from the full-rate round with
 *       the median ratio (its raw counts are the ones reported); webview_posts_per_s = the panel's
 *       posts during the 10 s window / its length, worst of all rounds; pubsub_heap_mb =
 *       heapUsed + arrayBuffers after a full GC with the panel open and its buffer full, minus the
 *       same before the panel opened, worst of all rounds.
 *
 * With --profile, the session process's publish window is CPU-profiled
 * (bench/results/profiles/viewers-session.cpuprofile) and its top self-time functions printed.
 *
 * The server keeps its default pub/sub output-buffer limits (32 MB hard): a subscriber that falls
 * that far behind is disconnected and loses messages, which is what the ingest ratio would show.
 * Prints a table and writes bench/results/viewers.json.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startRedisServer, redisServerVersion } from '../lib/redis-server.mjs';
import { writeResults } from '../lib/report.mjs';
import { formatTable, verdict } from './report.mjs';
import { startChild } from './ipc.mjs';
import { publishFor, subscriberCount } from './publisher.mjs';
import { BIG_ENTRIES, PAGE, SMALL_ENTRIES, measureOpen, seedStreams } from './streams.mjs';

export const description = 'stream viewer first page (1M vs 100 entries); pub/sub panel ingest vs a bare subscriber, webview posts, heap';

/** What scripts/bench.mjs bundles (esbuild, ioredis external) before running the suite. */
export const coreEntry = { entry: 'bench/viewers/core.ts', outfile: 'out/bench/viewers-core.cjs' };

/** The pub/sub panel with `vscode` aliased to the stub: bundled here, scripts/bench.mjs has no alias option. */
const hostEntry = { entry: 'bench/viewers/host.ts', outfile: 'out/bench/viewers-host.cjs' };

const PUBLISH_MS = 10_000;
/** Publish windows, each with fresh subscriber processes; the ratio is the median round's. */
const ROUNDS = 3;
/** A last round at this fixed publish rate (msg/s): informational, what a heavy but steady load does. */
const FIXED_RATE = 100_000;
const CHANNEL = 'bench:viewers:orders';
const root = fileURLToPath(new URL('../..', import.meta.url));
const here = (file) => fileURLToPath(new URL(file, import.meta.url));

async function buildHost() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [hostEntry.entry],
    outfile: hostEntry.outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['ioredis'],
    alias: { vscode: './bench/viewers/vscodeStub.ts' },
    logLevel: 'warning',
  });
  return join(root, hostEntry.outfile);
}

/** (b): the two subscriber processes, the publisher, and what each counted. */
async function pubsubIngest({ server, admin, hostPath, profileDir, rate, label, log }) {
  const sessionArgs = ['--host-bundle', hostPath, '--port', String(server.port), '--channel', CHANNEL, '--root', root];
  if (profileDir) sessionArgs.push('--profile', profileDir);
  const session = startChild(here('./session.mjs'), sessionArgs, {
    label: 'session process',
    execArgv: ['--expose-gc'],
  });
  const bare = startChild(here('./bare.mjs'), ['--host', server.host, '--port', String(server.port), '--channel', CHANNEL], { label: 'bare subscriber' });
  try {
    await Promise.all([session.box.next('ready'), bare.box.next('ready')]);
    const subscribers = await subscriberCount(admin, CHANNEL);
    if (subscribers !== 2) throw new Error(`PUBSUB NUMSUB ${CHANNEL} = ${subscribers}, expected 2`);
    await Promise.all([session.box.send({ type: 'start' }), bare.box.send({ type: 'start' })]);
    await Promise.all([session.box.next('started'), bare.box.next('started')]);
    log(`${label} publishing to ${CHANNEL} for ${PUBLISH_MS / 1000} s, ${rate ? `${rate.toLocaleString('en-US')} msg/s` : 'as fast as the server takes it'} (pipelined, 1 connection); subscribers: the panel's session, a bare ioredis`);
    const pub = await publishFor({ host: server.host, port: server.port, channel: CHANNEL, ms: PUBLISH_MS, rate });
    log(`${label} published ${pub.published.toLocaleString('en-US')} in ${(pub.elapsedMs / 1000).toFixed(1)} s; replies counted ${pub.receivers.toLocaleString('en-US')} deliveries; draining`);
    const published = { type: 'published', published: pub.published };
    await Promise.all([session.box.send(published), bare.box.send(published)]);
    const [s, b] = await Promise.all([session.box.next('result', 60_000), bare.box.next('result', 60_000)]);
    await Promise.all([session.exited, bare.exited]);
    return { pub, s, b };
  } finally {
    session.kill();
    bare.kill();
  }
}

export async function run({ corePath, outFile, profileDir, log, own }) {
  const require = createRequire(import.meta.url);
  const core = require(corePath);
  const hostPath = await buildHost();
  log(`built ${hostEntry.outfile} from ${hostEntry.entry} (vscode -> bench/viewers/vscodeStub.ts)`);

  const server = await startRedisServer({ log });
  own(server);
  const config = { id: 'bench', name: 'bench', topology: 'standalone', host: server.host, port: server.port };
  const session = await core.openSession(config, {}, { timeoutMs: 5_000, logger: core.silentLogger });
  const admin = session.client;
  try {
    log(`(a) seeding a ${BIG_ENTRIES.toLocaleString('en-US')}-entry and a ${SMALL_ENTRIES}-entry stream (Lua, in chunks) ...`);
    const seedS = await seedStreams(admin);
    log(`(a) seeded in ${seedS.toFixed(1)} s; timing the viewer's open (XINFO STREAM + XREVRANGE COUNT ${PAGE + 1})`);
    const open = await measureOpen(core, admin);
    log(`(a) medians of ${open.runs} runs each: 1m ${open.bigMs.toFixed(3)} ms, 100 ${open.smallMs.toFixed(3)} ms, 1m with a page of ${SMALL_ENTRIES} ${open.bigSamePageMs.toFixed(3)} ms`);
    // The streams are not needed any more: keep the server lean for the pub/sub half.
    await admin.call('FLUSHALL');

    const rounds = [];
    for (let round = 1; round <= ROUNDS + 1; round++) {
      const rate = round > ROUNDS ? FIXED_RATE : undefined;
      const label = rate ? `(b ${rate / 1000}k/s)` : `(b ${round}/${ROUNDS})`;
      // Profile the first round only (each would overwrite the same file).
      const r = await pubsubIngest({ server, admin, hostPath, profileDir: round === 1 ? profileDir : undefined, rate, label, log });
      const { s, b } = r;
      log(`${label} session: ${s.received.toLocaleString('en-US')} received (${s.inWindow.toLocaleString('en-US')} within the window, drain ${s.drainMs} ms, ${s.reconnects} reconnect(s)), kept ${s.kept}, dropped ${s.dropped}`);
      log(`${label} bare:    ${b.received.toLocaleString('en-US')} received (${b.inWindow.toLocaleString('en-US')} within the window, drain ${b.drainMs} ms, ${b.reconnects} reconnect(s)); ratio ${(s.received / b.received).toFixed(3)}`);
      log(`${label} webview: ${s.windowPosts} posts in ${(s.windowMs / 1000).toFixed(1)} s (at most ${s.postsMax1s} in any 1 s), ${s.posts} in all, ${s.rowsPosted.toLocaleString('en-US')} rows, ${(s.bytesPosted / 1024 / 1024).toFixed(1)} MB of JSON; event loop p99 ${s.loopDelayP99Ms.toFixed(1)} ms, max ${s.loopDelayMaxMs.toFixed(1)} ms`);
      log(`${label} heap: +${s.heapMb.toFixed(1)} MB retained (JS heap ${s.heapOnlyMb.toFixed(1)}, Buffers ${s.buffersMb.toFixed(1)}), peak +${s.peakMb.toFixed(1)} MB; maxMessages ${s.maxMessages}`);
      for (const line of s.logged) log(`${label} panel log: ${line}`);
      if (s.profile) {
        log(`${label} CPU profile of the session process during the window: ${s.profile}; top self time:`);
        for (const t of s.top) console.log(`  ${String(t.ms).padStart(6)} ms ${String(t.pct).padStart(5)}%  ${t.fn}`);
      }
      if (s.maxMessages !== 10_000) throw new Error(`the panel ran with maxMessages ${s.maxMessages}, expected the default 10,000`);
      rounds.push({ ...r, rate, ratio: s.received / b.received, postsPerS: s.windowPosts / (s.windowMs / 1000) });
    }
    const fixed = rounds.find((r) => r.rate);
    const flat = rounds.filter((r) => !r.rate);
    // The ingest figures come from the round with the median ratio; posts and heap are the worst round's.
    const { pub, s, b, ratio } = [...flat].sort((x, y) => x.ratio - y.ratio)[ROUNDS >> 1];
    const worst = (f) => Math.max(...rounds.map(f));
    const of = `all ${rounds.length} rounds`;

    const rows = [
      { name: 'stream_first_page_ratio', value: open.bigMs / open.smallMs, unit: 'x', target: { op: '<=', limit: 1.5 } },
      { name: 'stream_first_page_ms_1m', value: open.bigMs, unit: 'ms', note: `XINFO + ${PAGE} entries, median of ${open.runs}` },
      { name: 'stream_first_page_ms_100', value: open.smallMs, unit: 'ms', note: `XINFO + ${SMALL_ENTRIES} entries, median of ${open.runs}` },
      { name: 'stream_first_page_ms_1m_page100', value: open.bigSamePageMs, unit: 'ms', note: `1m stream, page of ${SMALL_ENTRIES}` },
      { name: 'stream_first_page_ratio_page100', value: open.bigSamePageMs / open.smallMs, unit: 'x', note: `same ${SMALL_ENTRIES} entries shown on both` },
      { name: 'pubsub_ingest_ratio', value: ratio, unit: 'x', target: { op: '>=', limit: 0.9 } },
      { name: 'webview_posts_per_s', value: worst((r) => r.postsPerS), unit: '/s', target: { op: '<=', limit: 12 } },
      { name: 'pubsub_heap_mb', value: worst((r) => r.s.heapMb), unit: 'MB', target: { op: '<', limit: 50 } },
      { name: 'pubsub_ingest_ratio_min', value: Math.min(...flat.map((r) => r.ratio)), unit: 'x', note: `lowest of the ${ROUNDS} full-rate rounds` },
      { name: 'pubsub_ingest_ratio_max', value: Math.max(...flat.map((r) => r.ratio)), unit: 'x', note: `highest of the ${ROUNDS} full-rate rounds` },
      { name: 'pubsub_ingest_ratio_100k', value: fixed.ratio, unit: 'x', note: `publisher held at ${FIXED_RATE / 1000}k msg/s; session ${fixed.s.received}` },
      { name: 'pubsub_publish_rate', value: pub.published / (pub.elapsedMs / 1000), unit: 'msg/s', note: '1 pipelined connection' },
      { name: 'pubsub_published', value: pub.published, unit: 'msgs', note: `in ${(pub.elapsedMs / 1000).toFixed(1)} s` },
      { name: 'pubsub_session_received', value: s.received, unit: 'msgs', note: `${s.inWindow} by the window's end` },
      { name: 'pubsub_bare_received', value: b.received, unit: 'msgs', note: `${b.inWindow} by the window's end` },
      { name: 'pubsub_session_reconnects', value: s.reconnects, unit: 'count', note: `bare: ${b.reconnects}` },
      { name: 'webview_posts_max_1s', value: worst((r) => r.s.postsMax1s), unit: 'posts', note: `most in any 1 s, worst of ${of}` },
      { name: 'webview_rows_posted', value: s.rowsPosted, unit: 'rows', note: `${(s.bytesPosted / 1024 / 1024).toFixed(1)} MB of JSON` },
      { name: 'pubsub_heap_peak_mb', value: worst((r) => r.s.peakMb), unit: 'MB', note: `every 100 ms, no GC, worst of ${of}` },
      { name: 'pubsub_event_loop_p99_ms', value: s.loopDelayP99Ms, unit: 'ms', note: 'session process, in the window' },
    ];
    console.log(`\n${formatTable(rows)}\n`);
    writeResults(outFile, { suite: 'viewers', redis: redisServerVersion(), rows });
    log(`wrote ${outFile}`);
    return rows.some((r) => verdict(r) === 'FAIL') ? 3 : 0;
  } finally {
    await session.close();
    await server.stop();
    log('redis-server stopped');
  }
}
