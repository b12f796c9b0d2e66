import * as assert from 'node:assert/strict';
import { RedisSession } from '../../../src/core/connection/session';
import { valueDigest } from '../../../src/core/values/format';
import { hashLength, readHashPage } from '../../../src/core/values/hash';
import { readListPage } from '../../../src/core/values/list';
import { readKeyMeta } from '../../../src/core/values/meta';
import { unseen } from '../../../src/core/values/paging';
import { applyWrite } from '../../../src/core/values/writes';
import { openCluster, removeTestKeys, testKey } from './support';

describe('values on a cluster', function () {
  this.timeout(30_000);
  let s: RedisSession;
  before(async () => (s = await openCluster()));
  after(async () => {
    await removeTestKeys(s);
    await s.close();
  });

  it('pages, edits and removes by index on keys in different slots', async () => {
    const hash = testKey('cluster-hash');
    const list = testKey('cluster-list-{other-slot}');
    const fields: string[] = [];
    for (let i = 0; i < 1500; i++) fields.push(`f${i}`, `v${i}`);
    await s.client.hset(hash, ...fields);
    await s.client.rpush(list, 'a', 'b', 'a');

    const seen = new Set<string>();
    let count = 0;
    let cursor: string | undefined = '0';
    while (cursor !== undefined) {
      const page = await readHashPage(s.client, hash, cursor, 300);
      count += unseen(page.items, (e) => e.field, seen).length;
      cursor = page.cursor;
    }
    assert.equal(count, await hashLength(s.client, hash));

    await applyWrite(s.client, { kind: 'hash.set', key: hash, field: Buffer.from('f1'), value: Buffer.from('changed') });
    assert.equal(await s.client.hget(hash, 'f1'), 'changed');
    await applyWrite(s.client, { kind: 'list.remove', key: list, index: 2, expectedDigest: valueDigest(Buffer.from('a')) });
    assert.deepEqual((await readListPage(s.client, list)).items.map((x) => x.toString()), ['a', 'b']);
    assert.equal((await readKeyMeta(s.client, list)).length, 2);
  });
});
