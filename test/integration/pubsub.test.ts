/**
 * The pub/sub viewer in the real extension host: "Open Pub/Sub…" with channels opens a panel whose
 * real webview script says `ready`; 25,000 messages published at full speed reach the panel and
 * go to the webview in batches (about 10 posts a second at most), with the newest
 * `maxMessages` kept and the rest counted as dropped; pause, export and publish work; malformed
 * webview messages are dropped; closing the panel closes its subscriber connection on the
 * server; after a server restart it subscribes again and says so; a read-only connection's panel
 * offers no publishing and a publish sent anyway is refused by the write guard, shown in the
 * panel; on a cluster, shard channels are subscribed on their masters.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import * as vscode from 'vscode';
import type { RedisDevkitApi } from '../../src/extension';
import type { PubSubPanel } from '../../src/features/pubsub/panel';
import type { HostMessage } from '../../src/webview/protocol/pubsubViewer';
import { restartServer } from '../harness/servers';
import { api, removeAllConnections, servers, waitFor } from './support';

type Posted<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;

const RUN = randomUUID().slice(0, 8);
const channel = (name: string): string => `integration:pubsub:${RUN}:${name}`;
const MAX = 10_000;
const TOTAL = 25_000;

describe('Pub/Sub viewer', function () {
  this.timeout(120_000);
  let a: RedisDevkitApi;
  let redis: Redis;
  let previousMax: number | undefined;
  let standaloneId: string;

  const config = () => vscode.workspace.getConfiguration('redisDevkit.pubsub');

  before(async () => {
    a = await api();
    await removeAllConnections(a);
    redis = new Redis({ port: servers().standalone.port, lazyConnect: true, protocol: 2 });
    await redis.connect();
    previousMax = config().inspect<number>('maxMessages')?.globalValue;
    await config().update('maxMessages', MAX, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    for (const p of a.pubsub.panels()) p.dispose();
    await config().update('maxMessages', previousMax, vscode.ConfigurationTarget.Global);
    redis.disconnect();
    await removeAllConnections(a);
  });

  const add = (url: string, name: string): Thenable<string> =>
    vscode.commands.executeCommand<string>('redisDevkit.connections.add', { url, name, connect: false });

  const open = async (connectionId: string, subscriptions: { channels?: string[]; patterns?: string[]; shardChannels?: string[] }): Promise<PubSubPanel> => {
    const before = new Set(a.pubsub.panels());
    assert.equal(await vscode.commands.executeCommand('redisDevkit.pubsub.open', { kind: 'connection', connectionId }, subscriptions), true);
    const panel = await waitFor(() => a.pubsub.panels().find((p) => !before.has(p) && p.connectionId === connectionId), 'the pub/sub panel');
    await waitFor(() => panel.readyCount > 0, 'the webview to send ready', 30_000);
    return panel;
  };

  const lastPosted = <T extends HostMessage['type']>(panel: PubSubPanel, type: T): Posted<T> | undefined =>
    [...panel.posted].reverse().find((m): m is Posted<T> => m.type === type);

  /** Resolves with the first message of `type` the panel posts from now on. */
  const next = <T extends HostMessage['type']>(panel: PubSubPanel, type: T, ms = 15_000): Promise<Posted<T>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`no '${type}' message within ${ms} ms`));
      }, ms);
      const sub = panel.onDidPost((m) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(m as Posted<T>);
      });
    });

  const numsub = async (name: string): Promise<number> => Number(((await redis.call('PUBSUB', 'NUMSUB', name)) as [string, number])[1]);

  async function until(what: string, probe: () => Promise<boolean>, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!(await probe())) {
      if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('opens from the command with subscriptions; the webview says ready and gets the state', async () => {
    standaloneId = await add(`redis://127.0.0.1:${servers().standalone.port}`, 'PubSub test');
    const panel = await open(standaloneId, { channels: [channel('load')], patterns: [channel('p:*')] });
    assert.equal(panel.panel.title, 'Pub/Sub: PubSub test');
    assert.equal(panel.panel.viewType, 'redisDevkit.pubsubViewer');
    const state = await waitFor(() => lastPosted(panel, 'state'), 'the state reply');
    assert.deepEqual(state.info, { connectionName: 'PubSub test', topology: 'standalone', readOnly: false, canPublish: true, sharded: false });
    assert.deepEqual(state.subscriptions.map((s) => [s.kind, s.name.display]), [['channel', channel('load')], ['pattern', channel('p:*')]]);
    assert.equal(state.stats.maxMessages, MAX);
    // One dedicated subscriber connection on the server, and the active-channel list lists it.
    assert.equal(await numsub(channel('load')), 1);
    const channels = await waitFor(() => lastPosted(panel, 'channels'), 'the active channels');
    assert.ok(channels.channels.some((c) => Buffer.from(c.name.b64, 'base64').toString() === channel('load') && c.subscribers === 1));
  });

  it(`keeps the newest ${MAX.toLocaleString('en-US')} of ${TOTAL.toLocaleString('en-US')} messages, counts the rest as dropped, and posts in batches`, async () => {
    const panel = a.pubsub.panels()[0];
    const postsBefore = panel.postCount;
    const started = Date.now();
    for (let batch = 0; batch < TOTAL / 5000; batch++) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 5000; i++) pipeline.publish(channel('load'), `msg ${batch * 5000 + i}`);
      await pipeline.exec();
    }
    await waitFor(() => panel.stats().received >= TOTAL, `${TOTAL} messages received`, 30_000);
    const last = await waitFor(() => {
      const m = lastPosted(panel, 'messages');
      return m && m.stats.received === TOTAL ? m : undefined;
    }, 'a post with the final counts');
    const seconds = (Date.now() - started) / 1000;
    const posts = panel.postCount - postsBefore;

    assert.deepEqual({ ...panel.stats(), ratePerSecond: 0 }, { received: TOTAL, kept: MAX, dropped: TOTAL - MAX, cleared: 0, ratePerSecond: 0, subscriptions: 2 });
    assert.ok(posts <= Math.ceil(seconds * 10) + 3, `${posts} posts in ${seconds.toFixed(2)} s: at most ~10 a second`);
    assert.ok(posts < TOTAL / 500, `${posts} posts for ${TOTAL} messages`);
    // A flood skips to the newest rows per post (counted as not shown) rather than serializing all of them.
    assert.ok(panel.rowsPosted >= 1000 && panel.rowsPosted <= TOTAL, `rows posted: ${panel.rowsPosted}`);
    assert.ok(panel.rowsPosted + last.stats.skipped >= MAX, `rows posted ${panel.rowsPosted} + not shown ${last.stats.skipped} cover what is kept`);
    assert.deepEqual(last.stats && { received: last.stats.received, kept: last.stats.kept, dropped: last.stats.dropped }, { received: TOTAL, kept: MAX, dropped: TOTAL - MAX });
    assert.equal(last.firstSeq, TOTAL - MAX + 1, 'the webview is told to drop everything older than the newest 10,000');
    assert.equal(last.messages.at(-1)?.preview, `msg ${TOTAL - 1}`);
    assert.equal(last.messages.at(-1)?.seq, TOTAL);
    assert.ok(last.stats.ratePerSecond > 0, 'a live rate');
  });

  it('pause: no rows are posted but the counters go on; resume sends what is still kept', async () => {
    const panel = a.pubsub.panels()[0];
    await panel.receive({ type: 'pause', paused: true });
    const rowsBefore = panel.rowsPosted;
    await redis.publish(channel('load'), 'while paused 1');
    await redis.publish(channel('p:x'), 'while paused 2');
    await waitFor(() => panel.stats().received === TOTAL + 2, 'the two messages counted');
    const paused = await waitFor(() => {
      const m = lastPosted(panel, 'messages');
      return m && m.stats.received === TOTAL + 2 ? m : undefined;
    }, 'counters posted while paused');
    assert.equal(paused.paused, true);
    assert.equal(paused.messages.length, 0);
    assert.equal(panel.rowsPosted, rowsBefore, 'no rows while paused');

    const resumed = next(panel, 'messages');
    await panel.receive({ type: 'pause', paused: false });
    const m = await resumed;
    assert.equal(m.paused, false);
    assert.deepEqual(m.messages.map((x) => [x.kind, x.channel, x.pattern, x.preview]), [
      ['message', channel('load'), undefined, 'while paused 1'],
      ['pmessage', channel('p:x'), channel('p:*'), 'while paused 2'],
    ]);
  });

  it('expands a message: the whole payload, JSON pretty-printed', async () => {
    const panel = a.pubsub.panels()[0];
    const posted = next(panel, 'messages');
    await redis.publish(channel('load'), '{"order":42,"items":[1,2]}');
    const row = (await posted).messages.at(-1);
    assert.ok(row);
    const detail = next(panel, 'detail');
    await panel.receive({ type: 'expand', seq: row.seq });
    const d = await detail;
    assert.equal(d.detail?.kind, 'json');
    assert.equal(d.detail?.text, '{\n  "order": 42,\n  "items": [\n    1,\n    2\n  ]\n}');
  });

  it('exports the kept messages as NDJSON', async () => {
    const panel = a.pubsub.panels()[0];
    const file = path.join(os.tmpdir(), `pubsub-${RUN}.ndjson`);
    try {
      const kept = panel.stats().kept;
      const exported = next(panel, 'exported');
      assert.equal(await panel.exportNdjson(vscode.Uri.file(file)), kept);
      assert.match((await exported).message, /^Exported 10,000 messages to /);
      const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
      assert.equal(lines.length, kept);
      const lastLine = JSON.parse(lines.at(-1) ?? '{}') as Record<string, string>;
      assert.deepEqual(Object.keys(lastLine), ['time', 'kind', 'channel', 'payload']);
      assert.equal(lastLine.payload, '{"order":42,"items":[1,2]}');
      assert.ok(!Number.isNaN(Date.parse(lastLine.time)));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('publishes from the form and reports how many subscribers got it; clear empties the list', async () => {
    const panel = a.pubsub.panels()[0];
    const reply = next(panel, 'published');
    await panel.receive({ type: 'publish', requestId: 7, channel: channel('load'), payload: 'from the panel', payloadMode: 'text', sharded: false });
    assert.deepEqual(await reply, { type: 'published', requestId: 7, ok: true, receivers: 1, message: 'PUBLISH: delivered to 1 subscriber.' });

    const cleared = next(panel, 'messages');
    await panel.receive({ type: 'clear' });
    const m = await cleared;
    assert.equal(m.reset, true);
    assert.equal(m.messages.length, 0);
    assert.equal(panel.stats().kept, 0);
    assert.equal(m.stats.cleared, MAX);
  });

  it('drops malformed webview messages', async () => {
    const panel = a.pubsub.panels()[0];
    const answers: HostMessage[] = [];
    const listener = panel.onDidPost((m) => {
      if (m.type !== 'messages') answers.push(m);
    });
    try {
      for (const bad of [{ type: 'bogus' }, null, 'ready', { type: 'subscribe', kind: 'everything', name: { text: 'x' } }, { type: 'subscribe', kind: 'channel', name: {} },
        { type: 'unsubscribe', kind: 'channel', b64: '!!' }, { type: 'publish', requestId: 'x' }, { type: 'expand', seq: -1 }, { type: 'pause' }]) {
        await panel.receive(bad);
      }
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      listener.dispose();
    }
    assert.deepEqual(answers, [], 'nothing answered a malformed message');
    assert.equal(panel.stats().subscriptions, 2);
  });

  it('closing the panel closes its subscriber connection on the server', async () => {
    const panel = a.pubsub.panels()[0];
    assert.equal(await numsub(channel('load')), 1);
    panel.panel.dispose();
    await panel.whenClosed();
    await until('NUMSUB to drop to 0', async () => (await numsub(channel('load'))) === 0);
    assert.equal(a.pubsub.panels().includes(panel), false);
    const list = String(await redis.call('CLIENT', 'LIST'));
    assert.ok(!list.split('\n').some((l) => / name=redis-devkit-pubsub /.test(l) && / sub=1 /.test(l)), `no subscriber left:\n${list}`);
  });

  it('after a server restart the panel reconnects, subscribes again and says so', async () => {
    const panel = await open(standaloneId, { channels: [channel('restart')], patterns: [channel('restart:*')] });
    const note = new Promise<Posted<'connection'>>((resolve) => {
      const sub = panel.onDidPost((m) => {
        if (m.type !== 'connection' || m.connection.state !== 'resubscribed') return;
        sub.dispose();
        resolve(m);
      });
    });
    await restartServer(servers(), 'standalone');
    const said = await Promise.race([note, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no resubscribed note within 20 s')), 20_000))]);
    assert.match(said.connection.text, /^Reconnected to 127\.0\.0\.1:\d+ and subscribed again to 1 channel, 1 pattern\.$/);
    // The new server process has the subscriptions: a publish reaches the panel.
    await until('the test client to be back', async () => redis.status === 'ready');
    assert.equal(await redis.publish(channel('restart'), 'after the restart'), 1, 'the channel subscription');
    assert.equal(await redis.publish(channel('restart:x'), 'after the restart'), 1, 'the pattern subscription');
    await waitFor(() => panel.stats().received === 2, 'both messages');
    panel.dispose();
  });

  it('a read-only connection offers no publishing; a publish sent anyway is refused by the guard, in the panel', async () => {
    const id = await add(`redis://127.0.0.1:${servers().standalone.port}?readonly=true`, 'PubSub read-only');
    const panel = await open(id, { channels: [channel('ro')] });
    const state = await waitFor(() => lastPosted(panel, 'state'), 'the state reply');
    assert.equal(state.info.readOnly, true);
    assert.equal(state.info.canPublish, false, 'no publish capability');
    // Subscribing is a read: it works.
    assert.equal(await redis.publish(channel('ro'), 'hello'), 1);
    await waitFor(() => panel.stats().received === 1, 'the message');

    const reply = next(panel, 'published');
    await panel.receive({ type: 'publish', requestId: 1, channel: channel('ro'), payload: 'x', payloadMode: 'text', sharded: false });
    const refused = await reply;
    assert.equal(refused.ok, false);
    assert.match(refused.message, /'PubSub read-only' is a read-only connection: PUBLISH was not sent/);
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(panel.stats().received, 1, 'nothing was published');
    panel.dispose();
  });

  it('on a cluster: shard channels are offered, SSUBSCRIBE gets SPUBLISH from the form', async () => {
    const nodes = servers().cluster.nodes.map((n) => `${n.host}:${n.port}`).join(',');
    const id = await add(`redis+cluster://${nodes}`, 'PubSub cluster');
    const panel = await open(id, { shardChannels: [channel('{s1}shard'), channel('{s2}shard')] });
    const state = await waitFor(() => lastPosted(panel, 'state'), 'the state reply');
    assert.equal(state.info.sharded, true);
    assert.deepEqual(state.subscriptions.map((s) => s.kind), ['shard', 'shard']);
    for (const name of [channel('{s1}shard'), channel('{s2}shard')]) {
      const reply = next(panel, 'published');
      await panel.receive({ type: 'publish', requestId: 2, channel: name, payload: `to ${name}`, payloadMode: 'text', sharded: true });
      assert.deepEqual(await reply, { type: 'published', requestId: 2, ok: true, receivers: 1, message: 'SPUBLISH: delivered to 1 subscriber.' });
    }
    await waitFor(() => panel.stats().received === 2, 'both smessages');
    panel.dispose();
  });
});
