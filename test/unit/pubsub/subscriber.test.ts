import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisSession } from '../../../src/core/connection/session';
import { subscriberCounts } from '../../../src/core/pubsub/channels';
import { PubSubSession } from '../../../src/core/pubsub/subscriber';
import { ServerSet, restartServer, startServers, stopServers } from '../../harness/servers';
import { servers } from '../hooks';
import { Recorder, channel, open, openStandalone, settle, standaloneConfig, waitUntil } from './support';

describe('PubSubSession on a standalone server', function () {
  this.timeout(15_000);
  let s: RedisSession;
  let sub: PubSubSession;
  let rec: Recorder;

  before(async () => {
    s = await openStandalone();
  });
  beforeEach(async () => {
    sub = await PubSubSession.open(s.client, { name: 'test' });
    rec = new Recorder(sub);
  });
  afterEach(async () => {
    await sub.close();
  });
  after(async () => {
    await s.close();
  });

  it('SUBSCRIBE: receives messages on its channels with channel and payload, and nothing else', async () => {
    const a = channel('a');
    const b = channel('b');
    await sub.subscribe([a, b]);
    assert.equal(await s.client.publish(a, 'one'), 1);
    assert.equal(await s.client.publish(b, 'two'), 1);
    assert.equal(await s.client.publish(channel('other'), 'no'), 0);
    await waitUntil('2 messages', () => rec.messages.length >= 2);
    await settle();
    assert.deepEqual(rec.messages.map((m) => [m.kind, m.channel.toString(), m.pattern, m.payload.toString()]), [
      ['message', a, undefined, 'one'],
      ['message', b, undefined, 'two'],
    ]);
    assert.ok(rec.messages.every((m) => Math.abs(m.time - Date.now()) < 5000), 'arrival times are now');
  });

  it('PSUBSCRIBE: pmessages name the channel and the pattern that matched', async () => {
    const pattern = channel('orders:*');
    await sub.psubscribe([pattern]);
    await s.client.publish(channel('orders:42'), '{"id":42}');
    await s.client.publish(channel('invoices:1'), 'no');
    await waitUntil('a pmessage', () => rec.messages.length >= 1);
    await settle();
    assert.equal(rec.messages.length, 1);
    const [m] = rec.messages;
    assert.deepEqual([m.kind, m.channel.toString(), m.pattern?.toString(), m.payload.toString()], ['pmessage', channel('orders:42'), pattern, '{"id":42}']);
  });

  it('is binary-safe: channel names, patterns and payloads that are not UTF-8 arrive exact', async () => {
    const binChannel = Buffer.concat([Buffer.from(channel('bin:')), Buffer.from([0xff, 0x00, 0xc3, 0x28, 0x0a])]);
    const binPattern = Buffer.concat([Buffer.from(channel('pbin:')), Buffer.from([0xfe, 0x2a])]); // ...\xfe*
    const payload = Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x80, 0x7f, 0x0d, 0x0a, 0xc0, 0xaf]);
    await sub.subscribe([binChannel]);
    await sub.psubscribe([binPattern]);
    const pChannel = Buffer.concat([Buffer.from(channel('pbin:')), Buffer.from([0xfe, 0x99, 0x00])]);
    assert.equal(await s.client.publish(binChannel, payload), 1);
    assert.equal(await s.client.publish(pChannel, payload), 1);
    await waitUntil('2 messages', () => rec.messages.length >= 2);
    const [m1, m2] = rec.messages;
    assert.ok(m1.channel.equals(binChannel), 'channel bytes exact');
    assert.ok(m1.payload.equals(payload), 'payload bytes exact');
    assert.equal(m2.kind, 'pmessage');
    assert.ok(m2.channel.equals(pChannel));
    assert.ok(m2.pattern?.equals(binPattern), `pattern bytes exact (got ${m2.pattern?.toString('hex')})`);
    assert.ok(m2.payload.equals(payload));
    assert.ok(sub.subscriptions().channels[0].equals(binChannel));
  });

  it('unsubscribe / punsubscribe stop the messages; the other subscriptions go on', async () => {
    const a = channel('u:a');
    const b = channel('u:b');
    const p = channel('u:p:*');
    await sub.subscribe([a, b]);
    await sub.psubscribe([p]);
    assert.deepEqual(await subscriberCounts(s.client, [a, b]), [1, 1]);
    await sub.remove('channel', [a]);
    await sub.remove('pattern', [p]);
    assert.deepEqual(await subscriberCounts(s.client, [a, b]), [0, 1], 'the server dropped the subscription');
    assert.equal(await s.client.publish(a, 'gone'), 0);
    assert.equal(await s.client.publish(channel('u:p:1'), 'gone'), 0);
    await s.client.publish(b, 'still');
    await waitUntil('the message on b', () => rec.messages.length >= 1);
    await settle();
    assert.deepEqual(rec.messages.map((m) => m.payload.toString()), ['still']);
    assert.deepEqual(sub.subscriptions().channels.map(String), [b]);
    assert.equal(sub.subscriptions().patterns.length, 0);
    // Unsubscribing what is not subscribed is a no-op.
    await sub.remove('channel', [channel('never')]);
  });

  it('SSUBSCRIBE works on a standalone Redis 7 too (smessage)', async () => {
    const sc = channel('shard:x');
    await sub.ssubscribe([sc]);
    assert.equal(await s.client.spublish(sc, 'sharded'), 1);
    await waitUntil('the smessage', () => rec.messages.length >= 1);
    assert.deepEqual([rec.messages[0].kind, rec.messages[0].channel.toString(), rec.messages[0].payload.toString()], ['smessage', sc, 'sharded']);
    await sub.remove('shard', [sc]);
    assert.equal(await s.client.spublish(sc, 'gone'), 0);
  });

  it('uses a connection of its own, named redis-devkit-pubsub, and close() drops it on the server', async () => {
    const a = channel('close');
    await sub.subscribe([a]);
    const list = String(await s.client.client('LIST'));
    const line = list.split('\n').find((l) => / name=redis-devkit-pubsub /.test(l) && / sub=1 /.test(l));
    assert.ok(line, `a named subscriber connection in CLIENT LIST:\n${list}`);
    await sub.close();
    assert.deepEqual(await subscriberCounts(s.client, [a]), [0]);
    assert.equal(sub.isClosed, true);
    assert.deepEqual(rec.states.at(-1), { state: 'closed' });
    await assert.rejects(sub.subscribe([a]), /closed/);
  });

  it('subscribes on a read-only connection: subscribing reads (PUBLISH is what the guard refuses)', async () => {
    const ro = await openStandalone({ readOnly: true, name: 'ro' });
    const roSub = await PubSubSession.open(ro.client);
    const r = new Recorder(roSub);
    try {
      await roSub.subscribe([channel('ro')]);
      await s.client.publish(channel('ro'), 'x');
      await waitUntil('the message', () => r.messages.length === 1);
    } finally {
      await roSub.close();
      await ro.close();
    }
  });

  it('a flood of 20,000 messages all arrive, in order', async () => {
    const a = channel('flood');
    await sub.subscribe([a]);
    const pub = new Redis({ port: standaloneConfig().port, host: standaloneConfig().host, protocol: 2 });
    try {
      const pipeline = pub.pipeline();
      for (let i = 0; i < 20_000; i++) pipeline.publish(a, String(i));
      await pipeline.exec();
      await waitUntil('20,000 messages', () => rec.messages.length >= 20_000, 10_000);
      assert.equal(rec.messages.length, 20_000);
      assert.ok(rec.messages.every((m, i) => m.payload.toString() === String(i)));
    } finally {
      pub.disconnect();
    }
  });
});

describe('PubSubSession across a server restart', function () {
  this.timeout(30_000);
  let set: ServerSet;
  before(async function () {
    this.timeout(20_000);
    set = await startServers(['standalone']);
  });
  after(async function () {
    this.timeout(20_000);
    if (set) await stopServers(set);
  });

  it('reconnects, subscribes to everything again, says so, and receives again', async () => {
    const s = await open(standaloneConfig(set.standalone));
    const sub = await PubSubSession.open(s.client, { name: 'restart' });
    const rec = new Recorder(sub);
    const bin = Buffer.from([0x72, 0xff, 0x00, 0x01]);
    try {
      await sub.subscribe([channel('r1'), bin]);
      await sub.psubscribe([channel('rp:*')]);
      await sub.ssubscribe([channel('rs')]);
      await restartServer(set, 'standalone');
      await waitUntil('the resubscribed event', () => rec.states.some((st) => st.state === 'resubscribed'), 15_000);
      assert.ok(rec.states.some((st) => st.state === 'reconnecting'), `a reconnecting event first: ${JSON.stringify(rec.states)}`);
      const event = rec.states.find((st) => st.state === 'resubscribed');
      assert.deepEqual(event && { ...event, node: undefined }, { state: 'resubscribed', node: undefined, channels: 2, patterns: 1, shardChannels: 1 });
      assert.equal(event?.state === 'resubscribed' && event.node, `${set.standalone.host}:${set.standalone.port}`);

      // The new server process knows the subscriptions: each publish reaches one subscriber.
      await waitUntil('the main client to be back', () => s.state === 'connected', 10_000);
      assert.equal(await s.client.publish(channel('r1'), 'after'), 1);
      assert.equal(await s.client.publish(bin, 'after-bin'), 1);
      assert.equal(await s.client.publish(channel('rp:9'), 'after-p'), 1);
      assert.equal(await s.client.spublish(channel('rs'), 'after-s'), 1);
      await waitUntil('4 messages after the restart', () => rec.messages.length >= 4);
      assert.deepEqual(rec.messages.map((m) => [m.kind, m.payload.toString()]), [['message', 'after'], ['message', 'after-bin'], ['pmessage', 'after-p'], ['smessage', 'after-s']]);
      assert.ok(rec.messages[1].channel.equals(bin));
    } finally {
      await sub.close();
      await s.close();
    }
  });

  it('keeps a subscription made while reconnecting and makes it once the server is back', async () => {
    const s = await open(standaloneConfig(set.standalone));
    const sub = await PubSubSession.open(s.client, { name: 'restart2' });
    const rec = new Recorder(sub);
    try {
      await sub.subscribe([channel('before')]);
      const restarting = restartServer(set, 'standalone');
      await waitUntil('reconnecting', () => rec.states.some((st) => st.state === 'reconnecting'), 10_000);
      await sub.subscribe([channel('during')]);
      await restarting;
      await waitUntil('the resubscribed event', () => rec.states.some((st) => st.state === 'resubscribed'), 15_000);
      await waitUntil('the main client to be back', () => s.state === 'connected', 10_000);
      assert.deepEqual(await subscriberCounts(s.client, [channel('before'), channel('during')]), [1, 1]);
    } finally {
      await sub.close();
      await s.close();
    }
  });
});

describe('PubSubSession through a sentinel', function () {
  this.timeout(15_000);

  it('subscribes on the master the sentinel names and receives what is published there', async () => {
    const { sentinels, masterName } = servers().sentinel;
    const s = await open({ id: 'pubsub-sentinel', name: 'pubsub-sentinel', topology: 'sentinel', host: '', port: 6379, nodes: sentinels, sentinelMasterName: masterName });
    const sub = await PubSubSession.open(s.client, { name: 'sentinel' });
    const rec = new Recorder(sub);
    try {
      await sub.subscribe([channel('sentinel')]);
      assert.equal(await s.client.publish(channel('sentinel'), 'via sentinel'), 1);
      await waitUntil('the message', () => rec.messages.length === 1);
      assert.equal(rec.messages[0].payload.toString(), 'via sentinel');
      const { master } = servers().sentinel;
      assert.equal(rec.states.length, 0);
      const line = String(await s.client.client('LIST')).split('\n').find((l) => / name=redis-devkit-pubsub /.test(l));
      assert.ok(line, `the subscriber is on the master ${master.host}:${master.port}`);
    } finally {
      await sub.close();
      await s.close();
    }
  });
});
