import * as assert from 'node:assert/strict';
import { ValueInputError } from '../../../src/core/values/errors';
import { unseen } from '../../../src/core/values/paging';
import { addSetMember, readSetPage, removeSetMember, setSize } from '../../../src/core/values/set';
import { addZsetMember, checkScore, readZsetByScore, readZsetPage, readZsetScore, removeZsetMember, zsetSize } from '../../../src/core/values/zset';
import { standaloneSession, testKey } from './support';

describe('set and sorted set values (standalone)', function () {
  this.timeout(20_000);
  const session = standaloneSession();

  it('reads a 3,000-member set in SSCAN pages, each member once', async () => {
    const key = testKey('set-3000');
    await session().client.sadd(key, ...Array.from({ length: 3000 }, (_, i) => `m${i}`));
    const seen = new Set<string>();
    let total = 0;
    let cursor: string | undefined = '0';
    while (cursor !== undefined) {
      const page = await readSetPage(session().client, key, cursor, 400);
      total += unseen(page.items, (m) => m, seen).length;
      cursor = page.cursor;
    }
    assert.equal(total, await setSize(session().client, key));
  });

  it('adds and removes set members, binary-safe', async () => {
    const key = testKey('set-edit');
    const member = Buffer.from([0xfe, 0x00]);
    assert.equal(await addSetMember(session().client, key, member), true);
    assert.equal(await addSetMember(session().client, key, member), false);
    assert.deepEqual((await readSetPage(session().client, key)).items, [member]);
    assert.equal(await removeSetMember(session().client, key, member), true);
    assert.equal(await removeSetMember(session().client, key, member), false);
  });

  it('pages a sorted set by rank, both directions, with exact scores', async () => {
    const key = testKey('zset-rank');
    const args: (string | number)[] = [];
    for (let i = 0; i < 1200; i++) args.push(i * 1.5, `p${i}`);
    await session().client.zadd(key, ...args);
    const first = await readZsetPage(session().client, key, 0, 500);
    assert.equal(first.items.length, 500);
    assert.deepEqual(first.items[1], { member: Buffer.from('p1'), score: '1.5' });
    assert.equal(first.next, 500);
    const last = await readZsetPage(session().client, key, 1000, 500);
    assert.equal(last.items.length, 200);
    assert.equal(last.next, undefined);
    const top = await readZsetPage(session().client, key, 0, 2, true);
    assert.deepEqual(top.items.map((e) => e.member.toString()), ['p1199', 'p1198']);
    assert.equal(await zsetSize(session().client, key), 1200);
  });

  it('pages by score range, exclusive bounds and infinities included', async () => {
    const key = testKey('zset-score');
    await session().client.zadd(key, 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e');
    const page = await readZsetByScore(session().client, key, '(1', '4', 0, 2);
    assert.deepEqual(page.items.map((e) => e.member.toString()), ['b', 'c']);
    assert.equal(page.next, 2);
    const rest = await readZsetByScore(session().client, key, '(1', '4', 2, 2);
    assert.deepEqual(rest.items.map((e) => e.member.toString()), ['d']);
    assert.equal(rest.next, undefined);
    assert.equal((await readZsetByScore(session().client, key, '-inf', '+inf')).items.length, 5);
    await assert.rejects(readZsetByScore(session().client, key, 'low', '4'), ValueInputError);
  });

  it('adds, updates the score of, and removes members', async () => {
    const key = testKey('zset-edit');
    assert.equal(await addZsetMember(session().client, key, Buffer.from('alice'), '10'), true);
    assert.equal(await addZsetMember(session().client, key, Buffer.from('alice'), '12.5'), false);
    assert.equal(await readZsetScore(session().client, key, Buffer.from('alice')), '12.5');
    assert.equal(await addZsetMember(session().client, key, Buffer.from('bob'), '-inf'), true);
    assert.equal(await readZsetScore(session().client, key, Buffer.from('bob')), '-inf');
    assert.equal(await removeZsetMember(session().client, key, Buffer.from('alice')), true);
    assert.equal(await readZsetScore(session().client, key, Buffer.from('alice')), undefined);
    assert.throws(() => checkScore('12abc'), /'12abc' is not a score/);
    assert.throws(() => checkScore('nan'), ValueInputError);
  });
});
