/**
 * The code under test of the pub/sub half of the viewers bench, in a process of its own started
 * with --expose-gc: the real pub/sub panel (src/features/pubsub/panel.ts) on a connection from
 * openSession, with its PubSubSession (dedicated subscriber connection), RingBuffer at the default
 * maxMessages (10,000), RateCounter, and PubSubPoster batching (at most one post per INTERVAL_MS),
 * each post JSON-serialized by the stub webview as the extension host would. The webview has sent
 * `ready`, so every post carries the new rows converted for the wire.
 *
 *   node --expose-gc bench/viewers/session.mjs --host-bundle out/bench/viewers-host.cjs --port P --channel C
 *        [--root DIR] [--profile bench/results/profiles]
 *
 * Reports (IPC `result`): messages received (by the end of the publish window, and after the
 * drain), posts to the webview in the window (per second, and the most in any 1 s), rows and bytes
 * posted, reconnects, event-loop delay, and heap: heapUsed + arrayBuffers after a full GC with the
 * panel still open and its buffer full, minus the same before the panel opened.
 */
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { profile, topSelfTime } from '../lib/cpuprofile.mjs';
import { drain, mailbox, reportFailures } from './ipc.mjs';

reportFailures();
process.on('disconnect', () => process.exit(1));
const require = createRequire(import.meta.url);
const { values: args } = parseArgs({ options: { 'host-bundle': { type: 'string' }, port: { type: 'string' }, channel: { type: 'string' }, root: { type: 'string' }, profile: { type: 'string' } } });
const { PubSubPanel, INTERVAL_MS, openSession, silentLogger, vscodeStub } = require(args['host-bundle']);
if (typeof global.gc !== 'function') throw new Error('run with node --expose-gc (the viewers suite does)');
const box = mailbox(process, 'session process');
const MB = 1024 * 1024;

function fullGc() {
  global.gc();
  global.gc();
}

/** What the panel holds on to: the JS heap plus the Buffers (payload copies) it keeps. */
function retained() {
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers, total: m.heapUsed + m.arrayBuffers };
}

const logged = [];
const log = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (m) => logged.push(`warn: ${m}`),
  error: (m) => logged.push(`error: ${m}`),
};

const config = { id: 'bench', name: 'bench', topology: 'standalone', host: '127.0.0.1', port: Number(args.port) };
const session = await openSession(config, {}, { timeoutMs: 5_000, logger: silentLogger });
const services = {
  connections: { session: () => session, connect: async () => session },
  log,
  logger: silentLogger,
  extensionUri: vscodeStub.Uri.file(args.root ?? process.cwd()),
};

fullGc();
const before = retained();
const panel = await PubSubPanel.open(services, config.id, session, { channels: [args.channel] });
const webview = vscodeStub.createdPanels.at(-1).webview;
let reconnects = 0;
panel.subscriber.onState((s) => {
  if (s.state === 'reconnecting') reconnects++;
});
webview.send({ type: 'ready' });

let peak = before.total;
const sampler = setInterval(() => (peak = Math.max(peak, retained().total)), 100);
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
await box.send({ type: 'ready' });

await box.next('start', 120_000);
const startAt = performance.now();
loopDelay.enable();
await box.send({ type: 'started' });
let published;
const waitForEnd = async () => {
  ({ published } = await box.next('published', 120_000));
};
// --profile DIR: the publish window under the sampling profiler (DIR/viewers-session.cpuprofile).
const profiled = args.profile ? await profile(args.profile, 'viewers-session', waitForEnd) : (await waitForEnd(), undefined);
const endAt = performance.now();
loopDelay.disable();
const inWindow = panel.stats().received;
const drainMs = await drain(() => panel.stats().received, published);
// Let the poster send what arrived last (it flushes at most every INTERVAL_MS).
await new Promise((r) => setTimeout(r, 3 * INTERVAL_MS));
clearInterval(sampler);
peak = Math.max(peak, retained().total);

fullGc();
const after = retained();
const stats = panel.stats();
const windowPosts = webview.posts.filter((p) => p.at >= startAt && p.at <= endAt);
let max1s = 0;
for (let i = 0, j = 0; i < windowPosts.length; i++) {
  while (windowPosts[i].at - windowPosts[j].at >= 1000) j++;
  max1s = Math.max(max1s, i - j + 1);
}
const lastMessages = [...panel.posted].reverse().find((m) => m.type === 'messages');
if (!lastMessages) throw new Error('the panel posted no messages to the webview');

await box.send({
  type: 'result',
  received: stats.received,
  inWindow,
  kept: stats.kept,
  dropped: stats.dropped,
  maxMessages: lastMessages.stats.maxMessages,
  drainMs,
  reconnects,
  windowMs: endAt - startAt,
  windowPosts: windowPosts.length,
  postsMax1s: max1s,
  posts: webview.posts.length,
  rowsPosted: webview.posts.reduce((n, p) => n + p.rows, 0),
  bytesPosted: webview.posts.reduce((n, p) => n + p.bytes, 0),
  loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
  loopDelayMaxMs: loopDelay.max / 1e6,
  heapMb: (after.total - before.total) / MB,
  heapOnlyMb: (after.heap - before.heap) / MB,
  buffersMb: (after.buffers - before.buffers) / MB,
  peakMb: (peak - before.total) / MB,
  logged: logged.slice(0, 10),
  profile: profiled?.file,
  top: profiled ? topSelfTime(profiled.profile, 15, args.root) : undefined,
});
panel.dispose();
await panel.whenClosed();
await session.close();
process.exit(0);
