import * as assert from 'node:assert/strict';
import calculateSlot from 'cluster-key-slot';
import type { Cluster } from 'ioredis';
import { RedisSession } from '../../../src/core/connection/session';
import { StreamEntry, readAround, readNewer, readOlder } from '../../../src/core/streams/entries';
import { ack, claim, createGroup, listConsumers, listGroups, pendingSummary, readPending } from '../../../src/core/streams/groups';
import { streamInfo } from '../../../src/core/streams/info';
import { StreamTail } from '../../../src/core/streams/tail';
import { addEntry, countTrimmed, deleteEntries, trim } from '../../../src/core/streams/writes';
import { openCluster, removeTestKeys, testKey } from '../values/support';
import { waitUntil } from './support';

const b = (s: string) => Buffer.from(s);

describe('streams on a cluster', function () {
  this.timeout(30_000);
  let s: RedisSession;
  const cluster = () => s.client as Cluster;
  before(async () => (s = await openCluster()));
  after(async () => {
    await removeTestKeys(s);
    await s.close();
  });

  /** Stream keys on (at least) two different masters. */
  function keysOnTwoMasters(): Buffer[] {
    const owners = new Map<string, Buffer>();
    for (let i = 0; owners.size < 2 && i < 1000; i++) {
      const key = testKey(`cluster-stream-{${i}}`);
      const owner = cluster().slots[calculateSlot(key)]?.[0];
      if (owner && !owners.has(owner)) owners.set(owner, key);
    }
    assert.equal(owners.size, 2);
    return [...owners.values()];
  }

  it('pages, jumps, writes and trims by key on whichever master owns it', async () => {
    for (const key of keysOnTwoMasters()) {
      for (let i = 1; i <= 30; i++) await addEntry(cluster(), key, [['n', String(i)]], { id: `${i}-0` });
      const newest = await readOlder(cluster(), key, { count: 10 });
      assert.deepEqual(newest.entries.map((e) => e.id).slice(0, 2), ['30-0', '29-0']);
      assert.equal(newest.more, true);
      const older = await readOlder(cluster(), key, { before: '21-0', count: 10 });
      assert.equal(older.entries[0].id, '20-0');
      const oldest = await readNewer(cluster(), key, { after: '25-0', count: 10 });
      assert.deepEqual(oldest, { entries: oldest.entries, more: false });
      assert.equal(oldest.entries.length, 5);
      const around = await readAround(cluster(), key, '15', 2);
      assert.deepEqual([around.older.map((e) => e.id), around.newer.map((e) => e.id)], [['15-0', '14-0'], ['16-0', '17-0']]);
      assert.equal((await streamInfo(cluster(), key)).lastId, '30-0');
      assert.equal(await deleteEntries(cluster(), key, ['1-0']), 1);
      assert.deepEqual(await countTrimmed(cluster(), key, { minId: '11-0' }, { pageSize: 3 }), { count: 9, exact: true, atMost: 9 });
      assert.equal(await trim(cluster(), key, { minId: '11-0' }, false), 9);
      assert.equal((await streamInfo(cluster(), key)).firstId, '11-0');
    }
  });

  it('runs group operations by key', async () => {
    const key = keysOnTwoMasters()[1];
    const group = b('cluster-group');
    await createGroup(cluster(), key, group, '0', true);
    await cluster().xreadgroup('GROUP', group, 'c1', 'COUNT', 3, 'STREAMS', key, '>');
    assert.equal((await listGroups(cluster(), key)).find((g) => g.name.equals(group))?.pending, 3);
    assert.deepEqual((await listConsumers(cluster(), key, group)).map((c) => [c.name.toString(), c.pending]), [['c1', 3]]);
    const page = await readPending(cluster(), key, group, { count: 2 });
    assert.equal(page.more, true);
    assert.deepEqual(await claim(cluster(), key, group, b('c2'), 0, [page.entries[0].id]), [page.entries[0].id]);
    assert.equal(await ack(cluster(), key, group, [page.entries[1].id]), 1);
    assert.deepEqual((await pendingSummary(cluster(), key, group)).consumers.map((c) => [c.name.toString(), c.count]), [['c1', 1], ['c2', 1]]);
  });

  it('tails a cluster key on a duplicate of the cluster client, and closes it on stop', async () => {
    const key = keysOnTwoMasters()[0];
    const last = (await readOlder(cluster(), key, { count: 1 })).entries[0]?.id ?? '0-0';
    const conn = cluster().duplicate();
    conn.on('error', () => undefined);
    let ended = false;
    conn.once('end', () => (ended = true));
    const tail = new StreamTail(conn, key, { blockMs: 300, count: 10 });
    const got: StreamEntry[] = [];
    const errors: Error[] = [];
    tail.start(last, (batch) => got.push(...batch), (err) => errors.push(err));
    try {
      const added: string[] = [];
      for (let i = 0; i < 5; i++) added.push(await addEntry(cluster(), key, [['tail', String(i)]]));
      await waitUntil('5 entries', () => got.length >= 5);
      assert.deepEqual(got.map((e) => e.id), added);
      assert.deepEqual(errors, []);
    } finally {
      await tail.stop();
    }
    // ioredis's Cluster emits 'end', then sets its status back to 'close' as the last node goes.
    assert.equal(ended, true, 'the cluster client ended');
    assert.deepEqual(conn.nodes('all'), []);
  });
});
