import * as assert from 'node:assert/strict';
import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import { RedisSession } from '../../../src/core/connection/session';
import { activeChannels, patternCount, publish, subscriberCounts } from '../../../src/core/pubsub/channels';
import { PubSubSession } from '../../../src/core/pubsub/subscriber';
import { clusterMasters, nodeAddress } from '../../../src/core/lua/nodes';
import { Recorder, channel, openCluster, settle, shardChannelsPerMaster, waitUntil } from './support';

describe('PubSubSession on a 3-master cluster', function () {
  this.timeout(20_000);
  let s: RedisSession;
  let cluster: Cluster;
  let sub: PubSubSession;
  let rec: Recorder;

  before(async () => {
    s = await openCluster();
    cluster = s.client as Cluster;
  });
  beforeEach(async () => {
    sub = await PubSubSession.open(s.client, { name: 'cluster-test' });
    rec = new Recorder(sub);
  });
  afterEach(async () => {
    await sub.close();
  });
  after(async () => {
    await s.close();
  });

  it('SSUBSCRIBE on a shard channel owned by each master receives its SPUBLISH, on that master', async () => {
    const targets = shardChannelsPerMaster(cluster, 'sharded');
    assert.equal(new Set(targets.map((t) => t.node)).size, 3, 'one channel per master');
    await sub.ssubscribe(targets.map((t) => t.channel));
    for (const [i, t] of targets.entries()) {
      assert.equal(await publish(cluster, t.channel, `to ${t.node}`, true), 1, `SPUBLISH ${t.channel} reaches one subscriber`);
      // The subscription sits on the owning master: its SHARDNUMSUB says 1, the others' 0.
      for (const m of clusterMasters(cluster)) {
        const [, n] = (await m.call('PUBSUB', 'SHARDNUMSUB', t.channel)) as [string, number];
        assert.equal(n, nodeAddress(m) === t.node ? 1 : 0, `SHARDNUMSUB of ${t.channel} on ${nodeAddress(m)}`);
      }
      await waitUntil(`smessage ${i + 1}`, () => rec.messages.length >= i + 1);
    }
    assert.deepEqual(rec.messages.map((m) => [m.kind, m.channel.toString(), m.payload.toString()]), targets.map((t) => ['smessage', t.channel, `to ${t.node}`]));

    // Unsubscribing one leaves the other two.
    await sub.remove('shard', [targets[1].channel]);
    assert.equal(await publish(cluster, targets[1].channel, 'gone', true), 0);
    assert.equal(await publish(cluster, targets[2].channel, 'still', true), 1);
    await waitUntil('the last smessage', () => rec.messages.length === 4);
    await settle();
    assert.equal(rec.messages.at(-1)?.payload.toString(), 'still');
  });

  it('several shard channels in different slots of one master, in one call', async () => {
    const names = [channel('{a}x'), channel('{b}y'), channel('{c}z'), channel('{d}w')];
    await sub.ssubscribe(names);
    assert.deepEqual(await subscriberCounts(cluster, names, true), [1, 1, 1, 1]);
    for (const n of names) assert.equal(await publish(cluster, n, n, true), 1);
    await waitUntil('4 smessages', () => rec.messages.length === 4);
  });

  it('SUBSCRIBE and PSUBSCRIBE get PUBLISHes made on any node (the cluster bus forwards them)', async () => {
    const c = channel('plain');
    await sub.subscribe([c]);
    await sub.psubscribe([channel('pat:*')]);
    for (const m of clusterMasters(cluster)) {
      await m.publish(c, `via ${nodeAddress(m)}`);
      await m.publish(channel('pat:1'), 'p');
    }
    await waitUntil('6 messages', () => rec.messages.length >= 6);
    await settle();
    assert.equal(rec.on(c).length, 3);
    assert.equal(rec.messages.filter((m) => m.kind === 'pmessage').length, 3);
  });

  it('activeChannels lists channels and shard channels from every node with summed counts; NUMPAT summed', async () => {
    const plain = channel('active:plain');
    const targets = shardChannelsPerMaster(cluster, 'active');
    const other = await PubSubSession.open(cluster);
    try {
      await sub.subscribe([plain]);
      await other.subscribe([plain]);
      await sub.ssubscribe(targets.map((t) => t.channel));
      await other.psubscribe([channel('active:p:*')]);
      const list = await activeChannels(cluster, channel('active:*'));
      const plainEntry = list.find((c) => !c.shard && c.channel.toString() === plain);
      assert.equal(plainEntry?.subscribers, 2);
      for (const t of targets) {
        assert.equal(list.find((c) => c.shard && c.channel.toString() === t.channel)?.subscribers, 1, `shard channel ${t.channel}`);
      }
      assert.equal(list.length, 4);
      assert.equal(list[0].channel.toString(), plain, 'most subscribed first');
      assert.ok((await patternCount(cluster)) >= 1);
      // Both sessions hold their SUBSCRIBE on the first master: PUBLISH there counts both, elsewhere none.
      const [first, second] = clusterMasters(cluster);
      assert.equal(await publish(first, plain, 'x'), 2);
      assert.equal(await publish(second, plain, 'x'), 0);
    } finally {
      await other.close();
    }
  });

  it('follows a shard channel whose slot moves to another master (the server unsubscribes it there)', async () => {
    const [from, to] = clusterMasters(cluster);
    const name = shardChannelsPerMaster(cluster, 'moving').find((t) => t.node === nodeAddress(from))?.channel ?? '';
    const slot = calculateSlot(name);
    const ids = new Map<Redis, string>();
    for (const m of clusterMasters(cluster)) ids.set(m, String(await m.call('CLUSTER', 'MYID')));
    /** Moves `slot` (it holds no keys) the way redis-cli does: importing/migrating, then NODE everywhere. */
    const move = async (source: Redis, target: Redis) => {
      await target.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', ids.get(source) ?? '');
      await source.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', ids.get(target) ?? '');
      await target.call('CLUSTER', 'SETSLOT', slot, 'NODE', ids.get(target) ?? '');
      await source.call('CLUSTER', 'SETSLOT', slot, 'NODE', ids.get(target) ?? '');
      for (const m of clusterMasters(cluster)) if (m !== source && m !== target) await m.call('CLUSTER', 'SETSLOT', slot, 'NODE', ids.get(target) ?? '');
    };
    const shardNumsub = async (m: Redis) => Number(((await m.call('PUBSUB', 'SHARDNUMSUB', name)) as [string, number])[1]);
    await sub.ssubscribe([name]);
    assert.equal(await shardNumsub(from), 1);
    await move(from, to);
    try {
      await waitUntil('the subscription to follow the slot', async () => (await shardNumsub(to)) === 1, 10_000);
      assert.equal(await shardNumsub(from), 0);
      assert.ok(rec.states.some((st) => st.state === 'resubscribed' && st.node === nodeAddress(to) && st.shardChannels === 1), JSON.stringify(rec.states));
      assert.equal(await to.spublish(name, 'after the move'), 1);
      await waitUntil('the smessage', () => rec.messages.length === 1);
      assert.equal(rec.messages[0].payload.toString(), 'after the move');
    } finally {
      await move(to, from);
      await new Promise<void>((resolve) => cluster.refreshSlotsCache(() => resolve()));
    }
    await waitUntil('the subscription to follow the slot back', async () => (await shardNumsub(from)) === 1, 10_000);
  });
});
