import * as assert from 'node:assert/strict';
import { EntriesPage, readAround, readEntry, readNewer, readOlder } from '../../../src/core/streams/entries';
import { StreamError } from '../../../src/core/streams/errors';
import { parseIdOrTime } from '../../../src/core/streams/ids';
import { callsAdded, commandCalls } from '../lua/support';
import { standaloneSession, testKey } from '../values/support';
import { buildStream, builtId, commandsOn } from './support';

const ids = (entries: { id: string }[]) => entries.map((e) => e.id);
const range = (from: number, to: number) => Array.from({ length: Math.abs(to - from) + 1 }, (_, k) => builtId(from <= to ? from + k : from - k));

describe('stream entries, paged by id (standalone)', function () {
  this.timeout(60_000);
  const session = standaloneSession();
  const million = testKey('stream-1m');
  const hundredK = testKey('stream-100k');
  const client = () => session().client;

  before(async function () {
    this.timeout(60_000);
    await buildStream(client(), million, 1_000_000);
    await buildStream(client(), hundredK, 100_000);
  });

  it('opens the newest page of a 1,000,000-entry stream with one XREVRANGE ... COUNT, nothing else', async () => {
    assert.equal(await client().xlen(million), 1_000_000);
    let page: EntriesPage | undefined;
    const before = await commandCalls(client());
    const commands = await commandsOn(client(), million, async () => (page = await readOlder(client(), million, { count: 200 })));
    const after = await commandCalls(client());

    assert.ok(page);
    assert.deepEqual(ids(page.entries), range(999_999, 999_800));
    assert.equal(page.more, true);
    assert.deepEqual(page.entries[0].fields, [{ field: Buffer.from('n'), value: Buffer.from('999999') }]);
    assert.deepEqual(commands, [['xrevrange', million.toString(), '+', '-', 'COUNT', '201']]);
    const streamCommands = Object.keys({ ...before, ...after }).filter((c) => c.startsWith('x'));
    assert.deepEqual(callsAdded(before, after, streamCommands), Object.fromEntries(streamCommands.map((c) => [c, c === 'xrevrange' ? 1 : 0])));
  });

  it('opens the oldest page with one XRANGE ... COUNT', async () => {
    let page: EntriesPage | undefined;
    const commands = await commandsOn(client(), million, async () => (page = await readNewer(client(), million, { count: 200 })));
    assert.deepEqual(ids(page?.entries ?? []), range(0, 199));
    assert.deepEqual(commands, [['xrange', million.toString(), '-', '+', 'COUNT', '201']]);
  });

  it('never sends an XREVRANGE whose end is below the first entry (Redis would walk the whole stream)', async () => {
    // A stale cursor (the entries were trimmed since) or a jump before the start.
    const stale = await commandsOn(client(), million, async () => assert.deepEqual(await readOlder(client(), million, { before: '1000-0', count: 50 }), { entries: [], more: false }));
    assert.deepEqual(stale, [['xrange', million.toString(), '-', '+', 'COUNT', '1']]);
    const jump = await commandsOn(client(), million, async () => {
      const around = await readAround(client(), million, '500-0', 2);
      assert.deepEqual(around.older, []);
      assert.deepEqual(ids(around.newer), range(0, 1));
    });
    assert.deepEqual(jump.map((c) => c.slice(0, 3)).sort(), [['xrange', million.toString(), '-'], ['xrange', million.toString(), '500-1']].sort());
    // A bound at or above the first entry still reads backwards.
    const next = await commandsOn(client(), million, async () => assert.deepEqual(ids((await readOlder(client(), million, { before: '1000-2', count: 5 })).entries), range(1, 0)));
    assert.deepEqual(next, [['xrange', million.toString(), '-', '+', 'COUNT', '1'], ['xrevrange', million.toString(), '1000-1', '-', 'COUNT', '6']]);
  });

  it('pages a 100,000-entry stream oldest first to the end: every id once, in order, across ms boundaries', async () => {
    let after: string | undefined;
    let read = 0;
    let pages = 0;
    for (;;) {
      const page = await readNewer(client(), hundredK, { after, count: 999 });
      assert.deepEqual(ids(page.entries), range(read, Math.min(read + 998, 99_999)), `page ${pages}`);
      read += page.entries.length;
      pages++;
      if (!page.more) break;
      after = page.entries[page.entries.length - 1].id;
    }
    assert.equal(read, 100_000);
    assert.equal(pages, Math.ceil(100_000 / 999));
  });

  it('pages it newest first to the start the same way', async () => {
    let before: string | undefined;
    let read = 0;
    for (;;) {
      const page = await readOlder(client(), hundredK, { before, count: 1000 });
      assert.deepEqual(ids(page.entries), range(99_999 - read, Math.max(99_999 - read - 999, 0)));
      read += page.entries.length;
      if (!page.more) break;
      before = page.entries[page.entries.length - 1].id;
    }
    assert.equal(read, 100_000);
  });

  it('says more exactly: a page that ends on the last entry has more = false', async () => {
    const key = testKey('stream-exact');
    for (let i = 1; i <= 6; i++) await client().xadd(key, `${i}-0`, 'n', String(i));
    assert.equal((await readNewer(client(), key, { count: 6 })).more, false);
    assert.equal((await readNewer(client(), key, { count: 5 })).more, true);
    assert.deepEqual(await readNewer(client(), key, { after: '6-0', count: 5 }), { entries: [], more: false });
    assert.deepEqual(ids((await readNewer(client(), key, { after: '4-0', count: 2 })).entries), ['5-0', '6-0']);
    assert.equal((await readNewer(client(), key, { after: '4-0', count: 2 })).more, false);
    assert.equal((await readOlder(client(), key, { before: '3-0', count: 2 })).more, false);
    assert.deepEqual(ids((await readOlder(client(), key, { before: '3-0', count: 2 })).entries), ['2-0', '1-0']);
    assert.deepEqual(await readOlder(client(), key, { before: '0-0', count: 2 }), { entries: [], more: false });
    assert.deepEqual(await readNewer(client(), key, { after: '18446744073709551615-18446744073709551615', count: 2 }), { entries: [], more: false });
  });

  it('jumps around an id: older (<= id, newest first) and newer (> id, oldest first), with more flags', async () => {
    const mid = builtId(500_001); // 126000-1
    const around = await readAround(client(), million, mid, 3);
    assert.deepEqual(ids(around.older), range(500_001, 499_999));
    assert.deepEqual(ids(around.newer), range(500_002, 500_004));
    assert.equal(around.moreOlder, true);
    assert.equal(around.moreNewer, true);
  });

  it('jumps to a time: a bare ms or a date is <ms>-0, so that millisecond\'s later entries are newer', async () => {
    // 1970-01-01T00:00:05Z = 5000 ms = builtId(16000) ... builtId(16003).
    const target = parseIdOrTime('1970-01-01T00:00:05Z');
    assert.equal(target, '5000-0');
    const around = await readAround(client(), million, target, 2);
    assert.deepEqual(ids(around.older), ['5000-0', '4999-3']);
    assert.deepEqual(ids(around.newer), ['5000-1', '5000-2']);
    assert.deepEqual(ids((await readAround(client(), million, '5000', 2)).newer), ['5000-1', '5000-2']);
  });

  it('jumps past either end: one side empty, more = false there', async () => {
    const start = await readAround(client(), million, '1-0', 5);
    assert.deepEqual(start.older, []);
    assert.equal(start.moreOlder, false);
    assert.deepEqual(ids(start.newer), range(0, 4));
    const end = await readAround(client(), million, '99999999-0', 5);
    assert.deepEqual(end.newer, []);
    assert.equal(end.moreNewer, false);
    assert.deepEqual(ids(end.older), range(999_999, 999_995));
    assert.equal(end.moreOlder, true);
  });

  it('keeps binary field names and values byte for byte, in every read', async () => {
    const key = testKey(Buffer.from([0xff, 0x00, 0x3c]));
    const fields = [
      { field: Buffer.from([0x00, 0xc3]), value: Buffer.from([0xff, 0xfe, 0x00, 0x80]) },
      { field: Buffer.from('<script>alert(1)</script>'), value: Buffer.from('{"a":1}') },
      { field: Buffer.from('empty'), value: Buffer.alloc(0) },
    ];
    await client().xadd(key, '7-7', ...fields.flatMap((f) => [f.field, f.value]));
    assert.deepEqual((await readNewer(client(), key, { count: 1 })).entries, [{ id: '7-7', fields }]);
    assert.deepEqual((await readOlder(client(), key, { count: 1 })).entries, [{ id: '7-7', fields }]);
    assert.deepEqual((await readAround(client(), key, '7-7', 1)).older, [{ id: '7-7', fields }]);
    assert.deepEqual(await readEntry(client(), key, '7-7'), { id: '7-7', fields });
    assert.equal(await readEntry(client(), key, '7-8'), undefined);
  });

  it('reads a missing key as empty, and names a key of another type', async () => {
    assert.deepEqual(await readOlder(client(), testKey('no-such-stream'), { count: 10 }), { entries: [], more: false });
    const str = testKey('not-a-stream');
    await client().set(str, 'x');
    await assert.rejects(readNewer(client(), str, { count: 10 }), (e: unknown) => {
      assert.ok(e instanceof StreamError);
      assert.equal(e.kind, 'wrong-type');
      assert.match(e.message, /not-a-stream' is not a stream/);
      return true;
    });
  });

  it('refuses a malformed bound or page size before sending', async () => {
    await assert.rejects(readNewer(client(), million, { after: 'abc', count: 10 }), (e: unknown) => e instanceof StreamError && e.kind === 'bad-id');
    await assert.rejects(readAround(client(), million, '1-x', 10), (e: unknown) => e instanceof StreamError && e.kind === 'bad-id');
    await assert.rejects(readOlder(client(), million, { count: 0 }), RangeError);
  });
});
