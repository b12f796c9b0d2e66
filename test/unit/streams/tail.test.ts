import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { RedisSession } from '../../../src/core/connection/session';
import type { StreamEntry } from '../../../src/core/streams/entries';
import { StreamError } from '../../../src/core/streams/errors';
import { StreamTail } from '../../../src/core/streams/tail';
import { restartServer } from '../../harness/servers';
import { ownServer, standalonePid, waitGone } from '../lua/support';
import { open, standaloneConfig, standaloneSession, testKey } from '../values/support';
import { waitUntil } from './support';

/** A tail's dedicated connection and its server-side client id. */
async function dedicated(session: RedisSession): Promise<{ conn: Redis; id: number }> {
  const conn = (session.client as Redis).duplicate();
  conn.on('error', () => undefined); // reported through the tail's onError
  const id = Number(await conn.client('ID'));
  return { conn, id };
}

async function clientInfo(session: RedisSession, id: number): Promise<string> {
  return String(await (session.client as Redis).client('LIST', 'ID', String(id)));
}

/** Resolves once the connection sits in a blocking XREAD: from then on nothing added is missed. */
function blockedInXread(session: RedisSession, id: number): Promise<void> {
  return waitUntil('the tail to block in XREAD', async () => / cmd=xread /.test(await clientInfo(session, id)));
}

function collector() {
  const entries: StreamEntry[] = [];
  const batches: number[] = [];
  const errors: Error[] = [];
  return {
    entries,
    batches,
    errors,
    onEntries: (batch: StreamEntry[]) => {
      batches.push(batch.length);
      entries.push(...batch);
    },
    onError: (err: Error) => errors.push(err),
  };
}

describe('stream tail (XREAD BLOCK on a dedicated connection)', function () {
  this.timeout(30_000);
  const session = standaloneSession();
  const writer = () => session().client as Redis;
  const tails: StreamTail[] = [];
  afterEach(async () => {
    await Promise.all(tails.splice(0).map((t) => t.stop()));
  });

  it('from $: only entries added after it started, all of them, in order, bytes intact', async () => {
    const key = testKey('tail-new');
    await writer().xadd(key, '*', 'old', '1');
    const { conn, id } = await dedicated(session());
    const tail = new StreamTail(conn, key, { blockMs: 500, count: 10 });
    tails.push(tail);
    const got = collector();
    tail.start(undefined, got.onEntries, got.onError);
    assert.equal(tail.running, true);
    await blockedInXread(session(), id);

    const p = writer().pipeline();
    for (let i = 0; i < 50; i++) p.xadd(key, '*', 'n', String(i));
    p.xadd(key, '*', Buffer.from([0xff, 0]), Buffer.from([0x80, 0x3c]));
    const added = ((await p.exec()) ?? []).map(([, reply]) => String(reply));
    await waitUntil('51 entries', () => got.entries.length >= 51);
    assert.deepEqual(got.entries.map((e) => e.id), added);
    assert.deepEqual(got.entries.slice(0, 2).map((e) => e.fields[0].value.toString()), ['0', '1']);
    assert.deepEqual(got.entries[50].fields, [{ field: Buffer.from([0xff, 0]), value: Buffer.from([0x80, 0x3c]) }]);
    assert.ok(got.batches.every((n) => n <= 10), String(got.batches));
    assert.deepEqual(got.errors, []);
  });

  it('from an id: the entries after it first (COUNT per batch), then new ones', async () => {
    const key = testKey('tail-from');
    for (let i = 1; i <= 5; i++) await writer().xadd(key, `${i}-0`, 'n', String(i));
    const { conn } = await dedicated(session());
    const tail = new StreamTail(conn, key, { blockMs: 500, count: 2 });
    tails.push(tail);
    const got = collector();
    tail.start('2-0', got.onEntries, got.onError);
    await waitUntil('3 entries', () => got.entries.length >= 3);
    await writer().xadd(key, '6-0', 'n', '6');
    await waitUntil('4 entries', () => got.entries.length >= 4);
    assert.deepEqual(got.entries.map((e) => e.id), ['3-0', '4-0', '5-0', '6-0']);
    assert.deepEqual(got.batches.slice(0, 2), [2, 1]);
  });

  it('waits on a stream that does not exist yet, and sees its first entry', async () => {
    const key = testKey('tail-later');
    const { conn, id } = await dedicated(session());
    const tail = new StreamTail(conn, key, { blockMs: 500, count: 10 });
    tails.push(tail);
    const got = collector();
    tail.start('$', got.onEntries, got.onError);
    await blockedInXread(session(), id);
    await writer().xadd(key, '1-1', 'first', 'x');
    await waitUntil('the first entry', () => got.entries.length === 1);
    assert.equal(got.entries[0].id, '1-1');
  });

  it('stop() ends a long block at once and closes the dedicated connection', async () => {
    const key = testKey('tail-stop');
    const { conn, id } = await dedicated(session());
    const tail = new StreamTail(conn, key, { blockMs: 30_000, count: 10 });
    const got = collector();
    tail.start(undefined, got.onEntries, got.onError);
    await blockedInXread(session(), id);
    let timer: NodeJS.Timeout | undefined;
    const tooLate = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('stop() waited for the 30 s block')), 5000)));
    try {
      await Promise.race([tail.stop(), tooLate]);
    } finally {
      clearTimeout(timer);
    }
    assert.equal(tail.running, false);
    assert.equal(conn.status, 'end');
    await waitUntil('the server to drop the connection', async () => (await clientInfo(session(), id)) === '');
    assert.deepEqual(got.errors, [], 'stopping is not an error');
    assert.throws(() => tail.start(undefined, got.onEntries), /stopped/);
  });

  it('keeps going when its connection is killed: nothing lost, nothing twice', async () => {
    const key = testKey('tail-killed');
    const { conn, id } = await dedicated(session());
    const tail = new StreamTail(conn, key, { blockMs: 300, count: 10 });
    tails.push(tail);
    const got = collector();
    tail.start('0-0', got.onEntries, got.onError);
    await blockedInXread(session(), id);
    await writer().client('KILL', 'ID', String(id));
    await writer().xadd(key, '1-0', 'n', '1');
    await writer().xadd(key, '2-0', 'n', '2');
    await waitUntil('both entries', () => got.entries.length >= 2);
    await writer().xadd(key, '3-0', 'n', '3');
    await waitUntil('the third entry', () => got.entries.length >= 3);
    assert.deepEqual(got.entries.map((e) => e.id), ['1-0', '2-0', '3-0']);
    assert.equal(tail.running, true);
  });

  it('stops on a key of another type, says why, and closes the connection', async () => {
    const key = testKey('tail-string');
    await writer().set(key, 'x');
    const { conn } = await dedicated(session());
    const tail = new StreamTail(conn, key, { blockMs: 300, count: 10 });
    const got = collector();
    tail.start(undefined, got.onEntries, got.onError);
    await waitUntil('the tail to give up', () => !tail.running);
    assert.equal(got.errors.length, 1);
    assert.ok(got.errors[0] instanceof StreamError && got.errors[0].kind === 'wrong-type', String(got.errors[0]));
    await waitUntil('the connection to close', () => conn.status === 'end');
    await tail.stop();
  });

  it('reports a listener that throws, and keeps tailing', async () => {
    const key = testKey('tail-throws');
    const { conn } = await dedicated(session());
    const tail = new StreamTail(conn, key, { blockMs: 300, count: 1 });
    tails.push(tail);
    const got = collector();
    tail.start('0-0', (batch) => {
      got.onEntries(batch);
      if (got.entries.length === 1) throw new Error('listener bug');
    }, got.onError);
    await writer().xadd(key, '1-0', 'n', '1');
    await writer().xadd(key, '2-0', 'n', '2');
    await waitUntil('both entries', () => got.entries.length >= 2);
    assert.deepEqual(got.errors.map((e) => e.message), ['listener bug']);
  });

  it('refuses a second start, and a block of 0 (that would never end)', () => {
    const tail = new StreamTail((session().client as Redis).duplicate({ lazyConnect: true }), testKey('x'), { blockMs: 100, count: 1 });
    tails.push(tail);
    tail.start(undefined, () => undefined);
    assert.throws(() => tail.start(undefined, () => undefined), /already running/);
    assert.throws(() => new StreamTail(session().client, testKey('x'), { blockMs: 0, count: 1 }), RangeError);
  });
});

describe('stream tail across a server restart', function () {
  this.timeout(60_000);
  const own = ownServer();

  it('reports the outage, keeps retrying, and tails again once the server is back', async () => {
    const s = await open(standaloneConfig({ port: own().standalone.port }));
    const key = testKey('tail-restart');
    try {
      const { conn, id } = await dedicated(s);
      const tail = new StreamTail(conn, key, { blockMs: 300, count: 10 });
      const got = collector();
      tail.start(undefined, got.onEntries, got.onError);
      await blockedInXread(s, id);
      await (s.client as Redis).xadd(key, '*', 'before', '1');
      await waitUntil('the entry before the restart', () => got.entries.length === 1);

      // Down long enough for the pending XREAD to fail (a quick restart is bridged by ioredis
      // resending it), then back.
      const pid = standalonePid(own());
      assert.ok(pid !== undefined);
      // No retries: SHUTDOWN closes the connection without a reply, and a resent SHUTDOWN must not wait for the new server.
      const killer = new Redis({ host: '127.0.0.1', port: own().standalone.port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      killer.on('error', () => undefined);
      await killer.connect();
      const shutdown = killer.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
      await waitGone(pid);
      await shutdown;
      killer.disconnect();
      await waitUntil('the tail to report the outage', () => got.errors.length >= 1, 20_000);
      assert.equal(tail.running, true, 'a connection error is not fatal');
      await restartServer(own(), 'standalone');
      await waitUntil('the session to reconnect', async () => (await (s.client as Redis).ping().catch(() => '')) === 'PONG', 20_000);
      await waitUntil('the tail to block again', async () => / cmd=xread /.test(String(await (s.client as Redis).call('CLIENT', 'LIST', 'TYPE', 'normal'))), 20_000);
      await (s.client as Redis).xadd(key, '*', 'after', '2');
      await waitUntil('the entry after the restart', () => got.entries.length === 2, 20_000);
      assert.equal(got.entries[1].fields[0].field.toString(), 'after');
      assert.equal(tail.running, true);
      await tail.stop();
      assert.equal(conn.status, 'end');
    } finally {
      await s.close();
    }
  });
});
