import * as assert from 'node:assert/strict';
import { countHyperLogLog } from '../../../src/core/values/hyperloglog';
import { isHyperLogLog, readKeyMeta, readType } from '../../../src/core/values/meta';
import { STRING_PREVIEW_BYTES, readString, readStringFrom, writeString } from '../../../src/core/values/string';
import { standaloneSession, testKey } from './support';

describe('string values and key meta (standalone)', function () {
  this.timeout(20_000);
  const session = standaloneSession();

  it('reads and writes binary values exactly, under a binary key', async () => {
    const key = testKey(Buffer.from([0xff, 0x00, 0x0a]));
    const value = Buffer.from([0x00, 0x01, 0xfe, 0xff, 0x80, 0x0d, 0x0a]);
    await writeString(session().client, key, value);
    const read = await readString(session().client, key);
    assert.ok(read);
    assert.deepEqual(read.value, value);
    assert.equal(read.complete, true);
    assert.equal(read.length, 7);
  });

  it('previews a big value with GETRANGE and reads the rest on request', async () => {
    const key = testKey('big');
    const big = Buffer.alloc(STRING_PREVIEW_BYTES + 100_000);
    for (let i = 0; i < big.length; i++) big[i] = 97 + (i % 26);
    await session().client.set(key, big);
    const preview = await readString(session().client, key);
    assert.ok(preview);
    assert.equal(preview.complete, false);
    assert.equal(preview.length, big.length);
    assert.equal(preview.value.length, STRING_PREVIEW_BYTES);
    assert.deepEqual(preview.value, big.subarray(0, STRING_PREVIEW_BYTES));
    const rest = await readStringFrom(session().client, key, preview.value.length);
    assert.deepEqual(Buffer.concat([preview.value, rest]), big);
  });

  it('keeps the TTL when saving a string', async () => {
    const key = testKey('ttl');
    await session().client.set(key, 'old', 'EX', 1000);
    await writeString(session().client, key, Buffer.from('new'));
    assert.equal(await session().client.get(key), 'new');
    assert.ok((await session().client.ttl(key)) > 990, 'TTL kept');
  });

  it('returns undefined for a missing key', async () => {
    assert.equal(await readString(session().client, testKey('missing')), undefined);
  });

  it('tells a HyperLogLog from a plain string and counts it', async () => {
    const hll = testKey('hll');
    await session().client.pfadd(hll, 'a', 'b', 'c', 'a');
    assert.equal(await isHyperLogLog(session().client, hll), true);
    assert.deepEqual(await readType(session().client, hll), { type: 'hyperloglog', rawType: 'string' });
    assert.equal(await countHyperLogLog(session().client, hll), 3);
    const plain = testKey('plain');
    await session().client.set(plain, 'HYL');
    assert.equal((await readType(session().client, plain)).type, 'string');
  });

  it('reads the header facts: type, TTL, length, encoding, memory', async () => {
    const key = testKey('meta');
    await session().client.hset(key, 'a', '1', 'b', '2');
    await session().client.pexpire(key, 60_000);
    const meta = await readKeyMeta(session().client, key);
    assert.equal(meta.type, 'hash');
    assert.equal(meta.length, 2);
    assert.equal(meta.encoding, 'listpack');
    assert.ok(meta.ttlMs > 50_000 && meta.ttlMs <= 60_000, `ttl ${meta.ttlMs}`);
    assert.ok((meta.memoryBytes ?? 0) > 0);
    assert.deepEqual(await readKeyMeta(session().client, testKey('nope')), { type: 'none', rawType: 'none', ttlMs: -2 });
    const persistent = testKey('meta-persistent');
    await session().client.set(persistent, '12345');
    const m = await readKeyMeta(session().client, persistent);
    assert.equal(m.ttlMs, -1);
    assert.equal(m.length, 5);
    assert.equal(m.encoding, 'int');
  });
});
