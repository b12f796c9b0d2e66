import * as assert from 'node:assert/strict';
import { StaleValueError } from '../../../src/core/values/errors';
import { valueDigest } from '../../../src/core/values/format';
import { listLength, pushListItem, readListItem, readListPage, removeListItem, setListItem } from '../../../src/core/values/list';
import { standaloneSession, testKey } from './support';

describe('list values (standalone)', function () {
  this.timeout(20_000);
  const session = standaloneSession();

  it('reads pages by index up to LLEN', async () => {
    const key = testKey('list-pages');
    await session().client.rpush(key, ...Array.from({ length: 1234 }, (_, i) => `item:${i}`));
    const all: string[] = [];
    let start: number | undefined = 0;
    while (start !== undefined) {
      const page = await readListPage(session().client, key, start, 500);
      assert.equal(page.start, start);
      all.push(...page.items.map((b) => b.toString()));
      start = page.next;
    }
    assert.equal(all.length, await listLength(session().client, key));
    assert.equal(all[1233], 'item:1233');
  });

  it('removes by index: the item at that position, not the first equal one', async () => {
    const key = testKey('list-remove');
    await session().client.rpush(key, 'dup', 'x', 'dup', 'y');
    await removeListItem(session().client, key, 2, valueDigest(Buffer.from('dup')));
    assert.deepEqual(await session().client.lrange(key, 0, -1), ['dup', 'x', 'y']);
    await removeListItem(session().client, key, 0);
    assert.deepEqual(await session().client.lrange(key, 0, -1), ['x', 'y']);
  });

  it('refuses a checked write when the item moved, and writes nothing', async () => {
    const key = testKey('list-stale');
    await session().client.rpush(key, 'a', 'b', 'c');
    const digestOfB = valueDigest(Buffer.from('b'));
    await session().client.lpush(key, 'new-head'); // "b" is now at index 2
    await assert.rejects(removeListItem(session().client, key, 1, digestOfB), (e: unknown) => e instanceof StaleValueError && /changed since it was read/.test(e.message));
    await assert.rejects(setListItem(session().client, key, 1, Buffer.from('B'), digestOfB), StaleValueError);
    await assert.rejects(removeListItem(session().client, key, 10, digestOfB), /no longer exists/);
    assert.deepEqual(await session().client.lrange(key, 0, -1), ['new-head', 'a', 'b', 'c']);
    // The failed checks left no WATCH behind: after the watched key changes, a transaction still runs.
    await session().client.lset(key, 0, 'head');
    assert.notEqual(await session().client.multi().llen(key).exec(), null);
    await setListItem(session().client, key, 2, Buffer.from('B'), digestOfB);
    assert.deepEqual(await session().client.lrange(key, 0, -1), ['head', 'a', 'B', 'c']);
  });

  it('sets, pushes at either end and reads single items, binary-safe', async () => {
    const key = testKey('list-edit');
    const bin = Buffer.from([0, 255, 10]);
    assert.equal(await pushListItem(session().client, key, 'tail', Buffer.from('t')), 1);
    assert.equal(await pushListItem(session().client, key, 'head', bin), 2);
    await setListItem(session().client, key, 1, Buffer.from('T'));
    assert.deepEqual(await readListItem(session().client, key, 0), bin);
    assert.deepEqual(await readListItem(session().client, key, 1), Buffer.from('T'));
    assert.equal(await readListItem(session().client, key, 5), undefined);
  });
});
