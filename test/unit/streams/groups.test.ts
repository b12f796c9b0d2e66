import * as assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { StreamError } from '../../../src/core/streams/errors';
import {
  ack, autoClaim, claim, createGroup, deleteConsumer, deleteGroup, listConsumers, listGroups, pendingSummary, readPending, setGroupId,
} from '../../../src/core/streams/groups';
import { standaloneSession, testKey } from '../values/support';
import { redisVersion, sleep } from './support';

const b = (s: string) => Buffer.from(s);
const names = (xs: { name: Buffer }[]) => xs.map((x) => x.name.toString());

describe('stream consumer groups (standalone)', function () {
  this.timeout(20_000);
  const session = standaloneSession();
  const client = () => session().client as Redis;
  const key = testKey('groups');
  const group = b('workers');
  // A binary consumer name: the reply must hand back the same bytes.
  const alice = Buffer.from([0x61, 0xff, 0x00]);
  const bob = b('bob');

  before(async () => {
    for (let i = 1; i <= 10; i++) await client().xadd(key, `${i}-0`, 'n', String(i));
    await createGroup(client(), key, group, '0', false);
    await client().xreadgroup('GROUP', group, alice, 'COUNT', 3, 'STREAMS', key, '>');
    await client().xreadgroup('GROUP', group, bob, 'COUNT', 4, 'STREAMS', key, '>');
  });

  it('lists groups with consumers, pending, last delivered id, entries read and lag', async () => {
    const groups = await listGroups(client(), key);
    assert.equal(groups.length, 1);
    assert.deepEqual(groups[0], { name: group, consumers: 2, pending: 7, lastDeliveredId: '7-0', entriesRead: 7, lag: 3 });
  });

  it('lists consumers with their pending counts and idle times (inactive only from 7.2)', async () => {
    const consumers = await listConsumers(client(), key, group);
    assert.deepEqual(consumers.map((c) => [c.name, c.pending]), [[alice, 3], [bob, 4]]);
    for (const c of consumers) assert.ok(c.idleMs >= 0 && c.idleMs < 10_000, String(c.idleMs));
    const v = await redisVersion(client());
    for (const c of consumers) assert.equal(c.inactiveMs === null, v < 7.2, `inactive on ${v}: ${c.inactiveMs}`);
  });

  it('summarises the pending list', async () => {
    const summary = await pendingSummary(client(), key, group);
    assert.deepEqual(summary, { count: 7, minId: '1-0', maxId: '7-0', consumers: [{ name: alice, count: 3 }, { name: bob, count: 4 }] });
    const empty = testKey('groups-empty');
    await createGroup(client(), empty, group, '$', true);
    assert.deepEqual(await pendingSummary(client(), empty, group), { count: 0, consumers: [] });
  });

  it('pages pending entries by id, with owner and delivery count, per consumer too', async () => {
    const pages: string[][] = [];
    const mores: boolean[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await readPending(client(), key, group, { after, count: 3 });
      pages.push(page.entries.map((e) => `${e.id}:${e.consumer.toString('hex')}:${e.deliveries}`));
      mores.push(page.more);
      if (!page.more) break;
      after = page.entries[page.entries.length - 1].id;
    }
    const a = alice.toString('hex');
    const o = bob.toString('hex');
    assert.deepEqual(pages, [[`1-0:${a}:1`, `2-0:${a}:1`, `3-0:${a}:1`], [`4-0:${o}:1`, `5-0:${o}:1`, `6-0:${o}:1`], [`7-0:${o}:1`]]);
    assert.deepEqual(mores, [true, true, false]);

    const bobs = await readPending(client(), key, group, { count: 10, consumer: bob });
    assert.deepEqual(bobs.entries.map((e) => e.id), ['4-0', '5-0', '6-0', '7-0']);
    assert.equal(bobs.more, false);
    assert.deepEqual(await readPending(client(), key, group, { after: '7-0', count: 3 }), { entries: [], more: false });
  });

  it('counts redeliveries and filters by idle time', async () => {
    // Reading its own history again redelivers: alice's entries now have 2 deliveries.
    await client().xreadgroup('GROUP', group, alice, 'STREAMS', key, '0');
    const mine = await readPending(client(), key, group, { count: 10, consumer: alice });
    assert.deepEqual(mine.entries.map((e) => e.deliveries), [2, 2, 2]);
    await sleep(60);
    const idle = await readPending(client(), key, group, { count: 10, minIdleMs: 50 });
    assert.equal(idle.entries.length, 7);
    for (const e of idle.entries) assert.ok(e.idleMs >= 50, String(e.idleMs));
    assert.deepEqual((await readPending(client(), key, group, { count: 10, minIdleMs: 600_000 })).entries, []);
  });

  it('claims chosen ids for another consumer, only when idle long enough', async () => {
    const carol = b('carol');
    assert.deepEqual(await claim(client(), key, group, carol, 600_000, ['4-0', '5-0']), []);
    assert.deepEqual(await claim(client(), key, group, carol, 0, ['4-0', '5-0', '99-0']), ['4-0', '5-0']);
    const summary = await pendingSummary(client(), key, group);
    assert.deepEqual(summary.consumers.map((c) => [c.name.toString('hex'), c.count]), [[alice.toString('hex'), 3], [bob.toString('hex'), 2], [carol.toString('hex'), 2]]);
    // JUSTID does not count a delivery.
    assert.deepEqual((await readPending(client(), key, group, { count: 2, consumer: carol })).entries.map((e) => e.deliveries), [1, 1]);
  });

  it('acknowledges: returns how many were pending', async () => {
    assert.equal(await ack(client(), key, group, ['5-0', '99-0']), 1);
    assert.equal(await ack(client(), key, group, []), 0);
    assert.equal((await pendingSummary(client(), key, group)).count, 6);
  });

  it('auto-claims idle entries, reporting the ids whose entries were deleted', async () => {
    await client().xdel(key, '2-0');
    const dave = b('dave');
    const result = await autoClaim(client(), key, group, dave, 0, { start: '0-0', count: 10 });
    assert.deepEqual(result, { next: '0-0', claimed: ['1-0', '3-0', '4-0', '6-0', '7-0'], deleted: ['2-0'] });
    const paged = await autoClaim(client(), key, group, bob, 0, { count: 2 });
    assert.deepEqual(paged.claimed, ['1-0', '3-0']);
    assert.equal(paged.next, '4-0');
    assert.deepEqual(await autoClaim(client(), key, group, bob, 600_000), { next: '0-0', claimed: [], deleted: [] });
  });

  it('deletes a consumer, returning the pending entries it held', async () => {
    const held = (await pendingSummary(client(), key, group)).consumers.find((c) => c.name.equals(b('dave')))?.count;
    assert.equal(held, 3);
    assert.equal(await deleteConsumer(client(), key, group, b('dave')), 3);
    assert.ok(!names(await listConsumers(client(), key, group)).includes('dave'));
    assert.equal(await deleteConsumer(client(), key, group, b('nobody')), 0);
  });

  it('moves the group\'s last delivered id', async () => {
    await setGroupId(client(), key, group, '0');
    assert.equal((await listGroups(client(), key))[0].lastDeliveredId, '0-0');
    await setGroupId(client(), key, group, '$');
    assert.equal((await listGroups(client(), key))[0].lastDeliveredId, '10-0');
    await setGroupId(client(), key, group, '8-0');
    assert.equal((await listGroups(client(), key))[0].lastDeliveredId, '8-0');
    await assert.rejects(setGroupId(client(), key, group, 'nope'), (e: unknown) => e instanceof StreamError && e.kind === 'bad-id');
    await assert.rejects(setGroupId(client(), key, b('ghost'), '0'), (e: unknown) => e instanceof StreamError && e.kind === 'no-group' && /'ghost'/.test(e.message));
  });

  it('creates groups at $, 0 or an id; says when one exists, and when the stream is missing without MKSTREAM', async () => {
    await createGroup(client(), key, b('from-id'), '6-0', false);
    await createGroup(client(), key, b('from-end'), '$', false);
    const byName = new Map((await listGroups(client(), key)).map((g) => [g.name.toString(), g]));
    assert.equal(byName.get('from-id')?.lastDeliveredId, '6-0');
    assert.equal(byName.get('from-end')?.lastDeliveredId, '10-0');
    await assert.rejects(createGroup(client(), key, group, '0', false), (e: unknown) => e instanceof StreamError && e.kind === 'group-exists');
    const missing = testKey('groups-missing');
    await assert.rejects(createGroup(client(), missing, group, '$', false), (e: unknown) => e instanceof StreamError && e.kind === 'no-key' && /MKSTREAM/.test(e.message));
    assert.equal(await client().exists(missing), 0);
  });

  it('creates the stream with MKSTREAM on a missing key', async () => {
    const fresh = testKey('groups-mkstream');
    await createGroup(client(), fresh, group, '$', true);
    assert.equal(await client().type(fresh), 'stream');
    assert.equal(await client().xlen(fresh), 0);
    assert.deepEqual(names(await listGroups(client(), fresh)), ['workers']);
  });

  it('deletes a group (false when there was none); its pending list goes with it', async () => {
    assert.equal(await deleteGroup(client(), key, b('from-end')), true);
    assert.equal(await deleteGroup(client(), key, b('from-end')), false);
    assert.ok(!names(await listGroups(client(), key)).includes('from-end'));
  });

  it('names the missing group or stream in errors', async () => {
    await assert.rejects(listConsumers(client(), key, b('ghost')), (e: unknown) => e instanceof StreamError && e.kind === 'no-group');
    await assert.rejects(readPending(client(), key, b('ghost'), { count: 5 }), (e: unknown) => e instanceof StreamError && e.kind === 'no-group');
    await assert.rejects(pendingSummary(client(), key, b('ghost')), (e: unknown) => e instanceof StreamError && e.kind === 'no-group');
    await assert.rejects(listGroups(client(), testKey('groups-none')), (e: unknown) => e instanceof StreamError && e.kind === 'no-key');
  });
});
