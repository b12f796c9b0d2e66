import * as assert from 'node:assert/strict';
import { StreamError } from '../../../src/core/streams/errors';
import { streamInfo } from '../../../src/core/streams/info';
import { standaloneSession, testKey } from '../values/support';

describe('stream info (XINFO STREAM)', function () {
  this.timeout(20_000);
  const session = standaloneSession();
  const client = () => session().client;

  it('reports length, first and last ids, groups and the 7.0 counters', async () => {
    const key = testKey('info');
    for (let i = 1; i <= 5; i++) await client().xadd(key, `${i}-0`, 'n', String(i));
    await client().xgroup('CREATE', key, 'g1', '0');
    await client().xgroup('CREATE', key, 'g2', '$');
    await client().xdel(key, '1-0', '5-0');
    const info = await streamInfo(client(), key);
    assert.equal(info.length, 3);
    assert.equal(info.firstId, '2-0');
    assert.equal(info.lastId, '4-0');
    assert.equal(info.lastGeneratedId, '5-0');
    assert.equal(info.groups, 2);
    assert.equal(info.radixTreeKeys, 1);
    assert.ok(info.radixTreeNodes >= 1);
    assert.equal(info.entriesAdded, 5);
    assert.equal(info.maxDeletedEntryId, '5-0');
    assert.equal(info.recordedFirstEntryId, '2-0');
  });

  it('has no first or last id for an empty stream, but keeps the last generated one', async () => {
    const key = testKey('info-empty');
    await client().xadd(key, '9-1', 'a', 'b');
    await client().xdel(key, '9-1');
    const info = await streamInfo(client(), key);
    assert.equal(info.length, 0);
    assert.equal(info.firstId, undefined);
    assert.equal(info.lastId, undefined);
    assert.equal(info.lastGeneratedId, '9-1');
  });

  it('says when the stream is gone or is not a stream', async () => {
    await assert.rejects(streamInfo(client(), testKey('info-missing')), (e: unknown) => e instanceof StreamError && e.kind === 'no-key' && /info-missing' does not exist/.test(e.message));
    const str = testKey('info-string');
    await client().set(str, 'x');
    await assert.rejects(streamInfo(client(), str), (e: unknown) => e instanceof StreamError && e.kind === 'wrong-type');
  });
});
