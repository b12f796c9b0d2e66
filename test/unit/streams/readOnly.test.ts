import * as assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { ReadOnlyError } from '../../../src/core/connection/errors';
import { RedisSession } from '../../../src/core/connection/session';
import { readOlder } from '../../../src/core/streams/entries';
import { ack, autoClaim, claim, createGroup, deleteConsumer, deleteGroup, listGroups, readPending, setGroupId } from '../../../src/core/streams/groups';
import { streamInfo } from '../../../src/core/streams/info';
import { addEntry, countTrimmed, deleteEntries, trim } from '../../../src/core/streams/writes';
import { open, removeTestKeys, standaloneConfig, testKey } from '../values/support';

const b = (s: string) => Buffer.from(s);

describe('stream writes on a read-only connection', function () {
  this.timeout(20_000);
  let rw: RedisSession;
  let ro: RedisSession;
  const key = testKey('ro-stream');
  const group = b('g');

  /** Everything a refused write could have changed (idle times aside: they move with the clock). */
  async function snapshot(): Promise<unknown> {
    const c = rw.client as Redis;
    const consumers = (await c.xinfo('CONSUMERS', key, 'g')) as unknown[][];
    const pending = (await c.xpending(key, 'g', '-', '+', 100)) as unknown[][];
    return {
      entries: await c.xrange(key, '-', '+'),
      groups: await c.xinfo('GROUPS', key),
      consumers: consumers.map((x) => x.slice(0, 4)),
      pending: pending.map(([id, consumer, , deliveries]) => [id, consumer, deliveries]),
      missing: await c.exists(testKey('ro-missing')),
    };
  }

  before(async () => {
    rw = await open(standaloneConfig());
    ro = await open(standaloneConfig({ name: 'Prod (read-only)', readOnly: true }));
    const c = rw.client as Redis;
    for (let i = 1; i <= 5; i++) await c.xadd(key, `${i}-0`, 'n', String(i));
    await c.xgroup('CREATE', key, 'g', '0');
    await c.xreadgroup('GROUP', 'g', 'alice', 'COUNT', 2, 'STREAMS', key, '>');
  });
  after(async () => {
    await removeTestKeys(rw);
    await Promise.all([rw.close(), ro.close()]);
  });

  it('still reads entries, info, groups, pending and trim counts', async () => {
    assert.equal((await readOlder(ro.client, key, { count: 2 })).entries.length, 2);
    assert.equal((await streamInfo(ro.client, key)).length, 5);
    assert.equal((await listGroups(ro.client, key))[0].pending, 2);
    assert.equal((await readPending(ro.client, key, group, { count: 10 })).entries.length, 2);
    assert.deepEqual(await countTrimmed(ro.client, key, { minId: '3-0' }), { count: 2, exact: true, atMost: 2 });
  });

  const writes: [string, string, () => Promise<unknown>][] = [
    ['addEntry', 'XADD', () => addEntry(ro.client, key, [['n', 'x']])],
    ['addEntry with MAXLEN', 'XADD', () => addEntry(ro.client, key, [['n', 'x']], { maxLen: { count: 1, approximate: false } })],
    ['deleteEntries', 'XDEL', () => deleteEntries(ro.client, key, ['1-0'])],
    ['trim by MAXLEN', 'XTRIM', () => trim(ro.client, key, { maxLen: 1 }, false)],
    ['trim by MINID', 'XTRIM', () => trim(ro.client, key, { minId: '4-0' }, true)],
    ['createGroup', 'XGROUP', () => createGroup(ro.client, key, b('new'), '$', false)],
    ['createGroup with MKSTREAM', 'XGROUP', () => createGroup(ro.client, testKey('ro-missing'), b('new'), '$', true)],
    ['setGroupId', 'XGROUP', () => setGroupId(ro.client, key, group, '0')],
    ['deleteGroup', 'XGROUP', () => deleteGroup(ro.client, key, group)],
    ['deleteConsumer', 'XGROUP', () => deleteConsumer(ro.client, key, group, b('alice'))],
    ['ack', 'XACK', () => ack(ro.client, key, group, ['1-0'])],
    ['claim', 'XCLAIM', () => claim(ro.client, key, group, b('bob'), 0, ['1-0'])],
    ['autoClaim', 'XAUTOCLAIM', () => autoClaim(ro.client, key, group, b('bob'), 0)],
  ];
  for (const [name, command, write] of writes) {
    it(`refuses ${name} with a ReadOnlyError, changing nothing`, async () => {
      const before = await snapshot();
      await assert.rejects(write(), (e: unknown) => {
        assert.ok(e instanceof ReadOnlyError, String(e));
        assert.equal(e.message, `'Prod (read-only)' is a read-only connection: ${command} was not sent`);
        return true;
      });
      assert.deepEqual(await snapshot(), before);
    });
  }
});
