import * as assert from 'node:assert/strict';
import { readStreamPage, streamLength } from '../../../src/core/values/stream';
import { standaloneSession, testKey } from './support';

describe('stream values (standalone)', function () {
  this.timeout(20_000);
  const session = standaloneSession();

  it('pages oldest first and newest first with COUNT, up to XLEN', async () => {
    const key = testKey('stream');
    for (let i = 1; i <= 25; i++) await session().client.xadd(key, `${i}-0`, 'n', String(i), 'bin', Buffer.from([0, i]));
    const ids: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await readStreamPage(session().client, key, after, 10);
      ids.push(...page.items.map((e) => e.id));
      after = page.next;
      pages++;
    } while (after !== undefined);
    assert.equal(pages, 3);
    assert.equal(ids.length, await streamLength(session().client, key));
    assert.deepEqual(ids.slice(0, 3), ['1-0', '2-0', '3-0']);

    const newest = await readStreamPage(session().client, key, undefined, 2, true);
    assert.deepEqual(newest.items.map((e) => e.id), ['25-0', '24-0']);
    const older = await readStreamPage(session().client, key, newest.next, 2, true);
    assert.deepEqual(older.items.map((e) => e.id), ['23-0', '22-0']);
    assert.deepEqual(newest.items[0].fields, [
      { field: Buffer.from('n'), value: Buffer.from('25') },
      { field: Buffer.from('bin'), value: Buffer.from([0, 25]) },
    ]);
  });
});
