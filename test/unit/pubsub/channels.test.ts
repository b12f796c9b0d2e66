import * as assert from 'node:assert/strict';
import { ReadOnlyError } from '../../../src/core/connection/errors';
import { RedisSession } from '../../../src/core/connection/session';
import { activeChannels, patternCount, publish, subscriberCounts } from '../../../src/core/pubsub/channels';
import { PubSubSession } from '../../../src/core/pubsub/subscriber';
import { Recorder, channel, openStandalone, settle, waitUntil } from './support';

describe('Pub/sub server queries and publishing on a standalone server', function () {
  this.timeout(15_000);
  let s: RedisSession;
  const subs: PubSubSession[] = [];

  before(async () => {
    s = await openStandalone();
  });
  afterEach(async () => {
    for (const sub of subs.splice(0)) await sub.close();
  });
  after(async () => {
    await s.close();
  });

  const session = async (): Promise<PubSubSession> => {
    const sub = await PubSubSession.open(s.client);
    subs.push(sub);
    return sub;
  };

  it('activeChannels: channels with subscribers (PUBSUB CHANNELS + NUMSUB), most subscribed first, filtered by pattern', async () => {
    const [one, two, three] = await Promise.all([session(), session(), session()]);
    const hot = channel('list:hot');
    const warm = channel('list:warm');
    const bin = Buffer.concat([Buffer.from(channel('list:bin:')), Buffer.from([0xff, 0x00])]);
    await one.subscribe([hot, warm, bin]);
    await two.subscribe([hot, warm]);
    await three.subscribe([hot]);
    await three.psubscribe([channel('list:*')]);
    const list = await activeChannels(s.client, channel('list:*'));
    assert.deepEqual(list.map((c) => [c.channel.toString('latin1'), c.subscribers, c.shard]), [
      [hot, 3, false],
      [warm, 2, false],
      [bin.toString('latin1'), 1, false],
    ]);
    assert.ok(list[2].channel.equals(bin), 'binary channel names exact');
    assert.deepEqual(await activeChannels(s.client, channel('list:h*')).then((l) => l.map((c) => c.channel.toString())), [hot]);
    assert.equal((await activeChannels(s.client, channel('list:*'), { limit: 2 })).length, 2);
    assert.deepEqual(await subscriberCounts(s.client, [hot, warm, channel('none')]), [3, 2, 0]);
    assert.ok((await patternCount(s.client)) >= 1);
  });

  it('activeChannels lists shard channels too when asked (SHARDCHANNELS + SHARDNUMSUB)', async () => {
    const sub = await session();
    await sub.ssubscribe([channel('sh:1')]);
    const list = await activeChannels(s.client, channel('sh:*'), { shard: true });
    assert.deepEqual(list.map((c) => [c.channel.toString(), c.subscribers, c.shard]), [[channel('sh:1'), 1, true]]);
    assert.deepEqual(await activeChannels(s.client, channel('sh:*')), [], 'standalone: channels only, by default');
  });

  it('publish returns how many subscribers received it (PUBLISH and SPUBLISH)', async () => {
    const [a, b] = await Promise.all([session(), session()]);
    const rec = new Recorder(a);
    const c = channel('pub');
    await a.subscribe([c]);
    await b.subscribe([c]);
    await b.psubscribe([channel('pu*')]);
    assert.equal(await publish(s.client, c, 'hello'), 3, 'two channel subscribers and one pattern subscriber');
    assert.equal(await publish(s.client, channel('nobody'), 'x'), 0);
    await a.ssubscribe([channel('spub')]);
    assert.equal(await publish(s.client, channel('spub'), Buffer.from([0xff]), true), 1);
    await waitUntil('2 messages', () => rec.messages.length === 2);
    assert.ok(rec.messages[1].payload.equals(Buffer.from([0xff])));
  });

  it('a read-only connection refuses PUBLISH and SPUBLISH before sending them', async () => {
    const ro = await openStandalone({ readOnly: true, name: 'Prod (ro)' });
    const sub = await session();
    const rec = new Recorder(sub);
    try {
      await sub.subscribe([channel('ro')]);
      await assert.rejects(publish(ro.client, channel('ro'), 'x'), (e: unknown) => e instanceof ReadOnlyError && /'Prod \(ro\)' is a read-only connection: PUBLISH was not sent/.test(e.message));
      await assert.rejects(publish(ro.client, channel('ro'), 'x', true), (e: unknown) => e instanceof ReadOnlyError && /SPUBLISH/.test(e.message));
      await settle();
      assert.equal(rec.messages.length, 0, 'nothing was published');
      // Reading what the server knows is fine on a read-only connection.
      assert.equal((await activeChannels(ro.client, channel('ro'))).length, 1);
    } finally {
      await ro.close();
    }
  });
});
