import * as assert from 'node:assert/strict';
import type { Redis } from 'ioredis';
import { StreamError } from '../../../src/core/streams/errors';
import { TrimBy, addEntry, countTrimmed, deleteEntries, trim } from '../../../src/core/streams/writes';
import { standaloneSession, testKey } from '../values/support';
import { commandsOn } from './support';

const b = (s: string) => Buffer.from(s);

describe('stream writes (standalone)', function () {
  this.timeout(30_000);
  const session = standaloneSession();
  const client = () => session().client as Redis;

  /** `n` entries with ids 1-0 ... n-0, added in one pipeline. */
  async function filled(name: string, n: number): Promise<Buffer> {
    const key = testKey(name);
    const p = client().pipeline();
    for (let i = 1; i <= n; i++) p.xadd(key, `${i}-0`, 'n', String(i));
    await p.exec();
    return key;
  }

  it('adds with * (a time-based id) and with an explicit id, binary fields kept', async () => {
    const key = testKey('add');
    const t0 = Date.now();
    const id = await addEntry(client(), key, [[b('f'), Buffer.from([0, 0xff])], ['text', 'v']]);
    assert.match(id, /^\d+-\d+$/);
    const ms = Number(id.split('-')[0]);
    assert.ok(ms >= t0 - 1000 && ms <= Date.now() + 1000, id);
    const explicit = await addEntry(client(), key, [['n', '1']], { id: `${ms + 10}-5` });
    assert.equal(explicit, `${ms + 10}-5`);
    assert.equal(await addEntry(client(), key, [['n', '2']], { id: `${ms + 10}-*` }), `${ms + 10}-6`);
    const entries = await client().xrangeBuffer(key, '-', '+');
    assert.deepEqual(entries[0], [Buffer.from(id), [b('f'), Buffer.from([0, 0xff]), b('text'), b('v')]]);
    assert.equal(entries.length, 3);
  });

  it('refuses an id not above the last one, 0-0, and an entry without fields, with clear errors', async () => {
    const key = await filled('add-errors', 3);
    await assert.rejects(addEntry(client(), key, [['a', 'b']], { id: '3-0' }), (e: unknown) => {
      assert.ok(e instanceof StreamError);
      assert.equal(e.kind, 'id-too-small');
      assert.equal(e.message, 'The ID specified in XADD is equal or smaller than the target stream top item');
      return true;
    });
    await assert.rejects(addEntry(client(), testKey('add-zero'), [['a', 'b']], { id: '0-0' }), (e: unknown) => e instanceof StreamError && e.kind === 'id-too-small' && /greater than 0-0/.test(e.message));
    await assert.rejects(addEntry(client(), key, [['a', 'b']], { id: 'x-1' }), (e: unknown) => e instanceof StreamError && e.kind === 'bad-id');
    const sent = await commandsOn(client(), key, () => assert.rejects(addEntry(client(), key, []), (e: unknown) => e instanceof StreamError && e.kind === 'no-fields'));
    assert.deepEqual(sent, []);
    assert.equal(await client().xlen(key), 3);
  });

  it('caps with MAXLEN: exactly, or approximately (whole nodes only, so possibly more remain)', async () => {
    const key = await filled('maxlen', 1000);
    await addEntry(client(), key, [['n', 'x']], { maxLen: { count: 10, approximate: true } });
    const approx = await client().xlen(key);
    assert.ok(approx > 10 && approx < 1001, String(approx));
    await addEntry(client(), key, [['n', 'y']], { maxLen: { count: 10, approximate: false } });
    assert.equal(await client().xlen(key), 10);
    const sent = await commandsOn(client(), key, () => addEntry(client(), key, [['n', 'z']], { maxLen: { count: 5, approximate: true } }));
    assert.deepEqual(sent, [['xadd', key.toString(), 'MAXLEN', '~', '5', '*', 'n', 'z']]);
  });

  it('deletes entries, counting those that existed', async () => {
    const key = await filled('xdel', 5);
    assert.equal(await deleteEntries(client(), key, ['2-0', '4-0', '99-0']), 2);
    assert.equal(await deleteEntries(client(), key, []), 0);
    assert.deepEqual((await client().xrange(key, '-', '+')).map(([id]) => id), ['1-0', '3-0', '5-0']);
  });

  describe('trim counts', () => {
    // 2,500 entries 1-0 ... 2500-0, less 10-0 and 1500-0: 2,498.
    const cases: [string, TrimBy, number][] = [
      ['MAXLEN below the length', { maxLen: 1000 }, 1498],
      ['MAXLEN above the length', { maxLen: 5000 }, 0],
      ['MAXLEN 0', { maxLen: 0 }, 2498],
      ['MINID in the middle', { minId: '1234-0' }, 1232],
      ['MINID as a bare ms', { minId: '2000' }, 1997],
      ['MINID on a deleted id', { minId: '1500-0' }, 1498],
      ['MINID below the first', { minId: '0-1' }, 0],
      ['MINID above the last', { minId: '99999-0' }, 2498],
      ['MINID 0-0', { minId: '0-0' }, 0],
    ];
    for (const [name, by, expected] of cases) {
      it(`counts exactly what an exact trim then removes: ${name}`, async () => {
        const key = await filled(`trim-${name}`, 2500);
        await client().xdel(key, '1500-0', '10-0');
        const counted = await countTrimmed(client(), key, by, { pageSize: 100 });
        assert.deepEqual(counted, { count: expected, exact: true, atMost: expected });
        const before = await client().xlen(key);
        assert.equal(await trim(client(), key, by, false), counted.count);
        assert.equal(await client().xlen(key), before - counted.count);
      });
    }

    it('gives a range, not a guess, when reading both ends would pass maxRead', async () => {
      const key = await filled('trim-bounded', 5000);
      const by = { minId: '2500-0' };
      const counted = await countTrimmed(client(), key, by, { pageSize: 100, maxRead: 600 });
      assert.equal(counted.exact, false);
      // Three rounds of 100 from each end: 300 ids below 2500-0 seen, 300 at or above it.
      assert.deepEqual(counted, { count: 300, exact: false, atMost: 4700 });
      const exact = await countTrimmed(client(), key, by, { pageSize: 1000, maxRead: 10_000 });
      assert.deepEqual(exact, { count: 2499, exact: true, atMost: 2499 });
      assert.equal(await trim(client(), key, by, false), 2499);
    });

    it('never writes while counting, and reads a missing stream as nothing to trim', async () => {
      const key = await filled('trim-readonly', 300);
      const sent = await commandsOn(client(), key, () => countTrimmed(client(), key, { minId: '150-0' }, { pageSize: 50 }));
      assert.ok(sent.length > 0);
      assert.deepEqual([...new Set(sent.map((c) => c[0]))].sort(), ['xlen', 'xrange', 'xrevrange']);
      for (const c of sent.filter((x) => x[0] !== 'xlen')) assert.ok(c.includes('COUNT'), c.join(' '));
      assert.equal(await client().xlen(key), 300);
      assert.deepEqual(await countTrimmed(client(), testKey('trim-missing'), { minId: '5-0' }), { count: 0, exact: true, atMost: 0 });
    });

    it('approximate trims remove at most the exact count', async () => {
      const key = await filled('trim-approx', 1000);
      const counted = await countTrimmed(client(), key, { maxLen: 50 });
      const removed = await trim(client(), key, { maxLen: 50 }, true);
      assert.ok(removed <= counted.count, `${removed} > ${counted.count}`);
      assert.ok(removed > 0, 'whole 100-entry nodes go');
      assert.equal(await client().xlen(key), 1000 - removed);
    });
  });
});
