import * as assert from 'node:assert/strict';
import { addHashField, deleteHashField, hashLength, readHashField, readHashPage, setHashField } from '../../../src/core/values/hash';
import { unseen } from '../../../src/core/values/paging';
import { standaloneSession, testKey } from './support';

describe('hash values (standalone)', function () {
  this.timeout(30_000);
  const session = standaloneSession();

  it('reads a 5,000-field hash in HSCAN pages: every field once, as many as HLEN', async () => {
    const key = testKey('hash-5000');
    const args: string[] = [];
    for (let i = 0; i < 5000; i++) args.push(`field:${i}`, `value:${i}`);
    await session().client.hset(key, ...args);
    const seen = new Set<string>();
    const fields = new Map<string, string>();
    let cursor: string | undefined = '0';
    let pages = 0;
    while (cursor !== undefined) {
      const page = await readHashPage(session().client, key, cursor, 500);
      for (const e of unseen(page.items, (x) => x.field, seen)) fields.set(e.field.toString(), e.value.toString());
      cursor = page.cursor;
      pages++;
    }
    assert.ok(pages > 5, `read in pages (${pages})`);
    assert.equal(fields.size, await hashLength(session().client, key));
    assert.equal(fields.size, 5000);
    assert.equal(fields.get('field:4321'), 'value:4321');
  });

  it('keeps binary fields and values exact', async () => {
    const key = testKey('hash-binary');
    const field = Buffer.from([0x00, 0xff, 0x41]);
    const value = Buffer.from([0xc3, 0x28, 0x00]);
    assert.equal(await setHashField(session().client, key, field, value), true);
    const page = await readHashPage(session().client, key);
    assert.equal(page.cursor, undefined, 'a small hash comes whole');
    assert.deepEqual(page.items, [{ field, value }]);
    assert.deepEqual(await readHashField(session().client, key, field), value);
  });

  it('sets, adds only when new, and deletes fields', async () => {
    const key = testKey('hash-edit');
    assert.equal(await setHashField(session().client, key, Buffer.from('email'), Buffer.from('a@x')), true);
    assert.equal(await setHashField(session().client, key, Buffer.from('email'), Buffer.from('b@x')), false, 'an update is not new');
    assert.equal(await addHashField(session().client, key, Buffer.from('email'), Buffer.from('c@x')), false, 'add refuses an existing field');
    assert.equal(await session().client.hget(key, 'email'), 'b@x');
    assert.equal(await addHashField(session().client, key, Buffer.from('name'), Buffer.from('Ann')), true);
    assert.equal(await deleteHashField(session().client, key, Buffer.from('email')), true);
    assert.equal(await deleteHashField(session().client, key, Buffer.from('email')), false);
    assert.deepEqual(await session().client.hgetall(key), { name: 'Ann' });
  });

  it('filters with MATCH', async () => {
    const key = testKey('hash-match');
    await session().client.hset(key, 'a:1', '1', 'a:2', '2', 'b:1', '3');
    const page = await readHashPage(session().client, key, '0', 100, 'a:*');
    assert.deepEqual(page.items.map((e) => e.field.toString()).sort(), ['a:1', 'a:2']);
  });
});
