import * as assert from 'node:assert/strict';
import { ReadOnlyError } from '../../../src/core/connection/errors';
import { RedisSession } from '../../../src/core/connection/session';
import { readHashPage } from '../../../src/core/values/hash';
import { readListPage } from '../../../src/core/values/list';
import { valueDigest } from '../../../src/core/values/format';
import { readKeyMeta } from '../../../src/core/values/meta';
import { WriteOp, applyWrite } from '../../../src/core/values/writes';
import { open, removeTestKeys, standaloneConfig, testKey } from './support';

describe('value writes on a read-only connection', function () {
  this.timeout(20_000);
  let rw: RedisSession;
  let ro: RedisSession;
  const hash = testKey('ro-hash');
  const list = testKey('ro-list');
  const str = testKey('ro-string');
  const set = testKey('ro-set');
  const zset = testKey('ro-zset');

  before(async () => {
    rw = await open(standaloneConfig());
    ro = await open(standaloneConfig({ name: 'Prod (read-only)', readOnly: true }));
    await rw.client.hset(hash, 'f', 'v');
    await rw.client.rpush(list, 'a', 'b');
    await rw.client.set(str, 'keep');
    await rw.client.sadd(set, 'm');
    await rw.client.zadd(zset, 1, 'm');
  });
  after(async () => {
    await removeTestKeys(rw);
    await Promise.all([rw.close(), ro.close()]);
  });

  it('still reads', async () => {
    assert.equal((await readKeyMeta(ro.client, hash)).type, 'hash');
    assert.equal((await readHashPage(ro.client, hash)).items.length, 1);
    assert.equal((await readListPage(ro.client, list)).items.length, 2);
  });

  const b = (s: string) => Buffer.from(s);
  const ops: [WriteOp, string][] = [
    [{ kind: 'string.set', key: str, value: b('x') }, 'SET'],
    [{ kind: 'hash.set', key: hash, field: b('f'), value: b('x') }, 'HSET'],
    [{ kind: 'hash.add', key: hash, field: b('g'), value: b('x') }, 'HSETNX'],
    [{ kind: 'hash.delete', key: hash, field: b('f') }, 'HDEL'],
    [{ kind: 'list.set', key: list, index: 0, value: b('x') }, 'LSET'],
    [{ kind: 'list.push', key: list, end: 'tail', value: b('x') }, 'RPUSH'],
    [{ kind: 'list.remove', key: list, index: 0 }, 'LSET'],
    [{ kind: 'set.add', key: set, member: b('x') }, 'SADD'],
    [{ kind: 'set.remove', key: set, member: b('m') }, 'SREM'],
    [{ kind: 'zset.add', key: zset, member: b('m'), score: '5' }, 'ZADD'],
    [{ kind: 'zset.remove', key: zset, member: b('m') }, 'ZREM'],
  ];
  for (const [op, command] of ops) {
    it(`refuses ${op.kind} with the guard's message, sending nothing`, async () => {
      await assert.rejects(applyWrite(ro.client, op), (e: unknown) => {
        assert.ok(e instanceof ReadOnlyError, String(e));
        assert.equal(e.message, `'Prod (read-only)' is a read-only connection: ${command} was not sent`);
        return true;
      });
    });
  }

  it('left every value as it was', async () => {
    assert.equal(await rw.client.get(str), 'keep');
    assert.deepEqual(await rw.client.hgetall(hash), { f: 'v' });
    assert.deepEqual(await rw.client.lrange(list, 0, -1), ['a', 'b']);
    assert.deepEqual(await rw.client.smembers(set), ['m']);
    assert.equal(await rw.client.zscore(zset, 'm'), '1');
  });

  it('refuses a checked list write too, leaving no WATCH behind', async () => {
    await assert.rejects(applyWrite(ro.client, { kind: 'list.remove', key: list, index: 0, expectedDigest: 'a'.repeat(40) }), /changed since it was read/);
    await assert.rejects(applyWrite(ro.client, { kind: 'list.remove', key: list, index: 0, expectedDigest: valueDigest(b('a')) }), ReadOnlyError);
    await rw.client.rpush(list, 'c');
    assert.notEqual(await ro.client.multi().llen(list).exec(), null);
    await rw.client.rpop(list);
  });
});
