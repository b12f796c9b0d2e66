// Live traffic for `npm run demo`: JSON messages on a few pub/sub channels every ~500 ms, and a new
// events:orders stream entry every few seconds, so the pub/sub and stream viewers have something
// moving to show.

export const CHANNELS = ['chat:lobby', 'orders:created', 'metrics:cpu'];
export const STREAM_KEY = 'events:orders';

const PUBLISH_EVERY_MS = 500;
const XADD_EVERY_MS = 3_000;
/** Keeps the stream from growing without bound while a demo runs for hours. */
const STREAM_MAXLEN = 5_000;

const NICKS = ['ada', 'grace', 'linus', 'margaret', 'ken', 'radia'];
const LINES = ['anyone seen the new key browser?', 'cache hit ratio looks great today', 'deploying to eu-west in 5', 'who holds lock:order:EU-100013?', 'leaderboard reset is at midnight UTC', '👋 hi all', 'that TTL was missing again…'];
const HOSTS = ['web-1', 'web-2', 'worker-1'];

/**
 * Starts publishing on CHANNELS and appending to STREAM_KEY with the given client (which must not be
 * in subscriber mode). Errors (e.g. the server going away during shutdown) are counted, not thrown.
 *
 * @param {import('ioredis').Redis} client
 * @param {{ log?: (msg: string) => void }} [options]
 * @returns {(() => void) & { stop: () => void, stats: () => { published: number, appended: number, errors: number } }}
 *   the stop function (also as `.stop`, with `.stats()`): synchronous and idempotent, no command is
 *   sent after it returns
 */
export function startPublisher(client, { log = () => {} } = {}) {
  let seq = 0;
  let orderSeq = 900_000;
  let published = 0;
  let appended = 0;
  let errors = 0;
  let stopped = false;
  const cpu = Object.fromEntries(HOSTS.map((h, i) => [h, 20 + i * 15]));

  const report = (err) => {
    errors++;
    if (!stopped && errors <= 3) log(`publisher: ${err.message}`);
  };

  const messages = () => {
    seq++;
    const at = new Date().toISOString();
    const out = [];
    out.push(['metrics:cpu', { host: HOSTS[seq % HOSTS.length], cpu: nextCpu(cpu, HOSTS[seq % HOSTS.length]), at }]);
    if (seq % 2 === 0) out.push(['chat:lobby', { from: NICKS[seq % NICKS.length], text: LINES[seq % LINES.length], seq, at }]);
    if (seq % 3 === 0) out.push(['orders:created', { orderId: `EU-${++orderSeq}`, userId: 1001 + ((seq * 37) % 1500), total: Math.round(((seq * 7919) % 20_000) + 499) / 100, currency: 'EUR', at }]);
    return out;
  };

  const publishTimer = setInterval(() => {
    if (stopped) return;
    const pipeline = client.pipeline();
    const batch = messages();
    for (const [channel, payload] of batch) pipeline.publish(channel, JSON.stringify(payload));
    pipeline.exec().then(
      (results) => {
        for (const [err] of results ?? []) {
          if (err) report(err);
          else published++;
        }
      },
      report,
    );
  }, PUBLISH_EVERY_MS);

  const xaddTimer = setInterval(() => {
    if (stopped) return;
    orderSeq++;
    client
      .xadd(STREAM_KEY, 'MAXLEN', '~', STREAM_MAXLEN, '*', 'type', 'order.created', 'orderId', `EU-${orderSeq}`, 'userId', String(1001 + ((orderSeq * 31) % 1500)), 'amount', String(((orderSeq * 7919) % 20_000) / 100 + 4.99), 'currency', 'EUR', 'source', 'demo-publisher')
      .then(() => appended++, report);
  }, XADD_EVERY_MS);

  const stop = () => {
    stopped = true;
    clearInterval(publishTimer);
    clearInterval(xaddTimer);
  };
  return Object.assign(stop, { stop, stats: () => ({ published, appended, errors }) });
}

/** A random walk that stays between 3 and 97 %, so the metric looks alive. */
function nextCpu(state, host) {
  state[host] = Math.min(97, Math.max(3, state[host] + (Math.random() - 0.5) * 12));
  return Math.round(state[host] * 10) / 10;
}
