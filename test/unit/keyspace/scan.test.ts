/** SCAN pages and walks against real servers: standalone and a 3-master cluster. */
import * as assert from 'node:assert/strict';
import { Cluster, Redis } from 'ioredis';
import { KeyspaceView } from '../../../src/core/keyspace/keyspaceView';
import { DEFAULT_INDEX_OPTIONS } from '../../../src/core/keyspace/namespaceIndex';
import { ScanCancelled, scanAll, scanPage } from '../../../src/core/keyspace/scan';
import { servers } from '../hooks';

const PREFIX = 'scan-test';
const BINARY = Buffer.concat([Buffer.from(`${PREFIX}:bin:`), Buffer.from([0xff, 0x00, 0x0a])]);

async function seed(client: Redis | Cluster, n: number): Promise<Buffer[]> {
  const names = Array.from({ length: n }, (_, i) => Buffer.from(`${PREFIX}:${i % 3 === 0 ? 'user' : 'session'}:${i}`));
  names.push(BINARY);
  for (let i = 0; i < names.length; i += 500) {
    await Promise.all(names.slice(i, i + 500).map((k) => client.set(k, '1')));
  }
  await client.hset(`${PREFIX}:hash:1`, 'f', 'v');
  return names;
}

const sorted = (keys: Buffer[]) => keys.map((k) => k.toString('hex')).sort();

for (const kind of ['standalone', 'cluster'] as const) {
  describe(`SCAN on ${kind}`, function () {
    this.timeout(30_000);
    let client: Redis | Cluster;
    let seeded: Buffer[];

    before(async () => {
      client =
        kind === 'standalone'
          ? new Redis({ port: servers().standalone.port, db: 5, protocol: 2 })
          : new Cluster(servers().cluster.nodes, { redisOptions: { protocol: 2 } });
      // Other test files share these servers: clear only this file's own prefix.
      for await (const batch of scanAll(client, { count: 1000, match: `${PREFIX}:*` })) await Promise.all(batch.map((k) => client.unlink(k)));
      seeded = await seed(client, 3000);
    });
    after(() => client.disconnect());

    it('pages through every key exactly once, resuming from the cursor', async () => {
      const seen: Buffer[] = [];
      let cursor;
      let pages = 0;
      do {
        const page = await scanPage(client, cursor, { count: 200, match: `${PREFIX}:*` }, 500);
        if (page.cursor) assert.ok(page.keys.length >= 500, 'a page that is not the last is full');
        seen.push(...page.keys);
        cursor = page.cursor;
        pages++;
      } while (cursor);
      assert.ok(pages >= 3, `${pages} pages`);
      const expected = [...seeded, Buffer.from(`${PREFIX}:hash:1`)];
      // SCAN may repeat a key while the table rehashes; dedupe before comparing.
      assert.deepEqual([...new Set(sorted(seen))], sorted(expected));
      assert.ok(seen.some((k) => k.equals(BINARY)), 'the binary key came back byte-exact');
    });

    it('filters by TYPE', async () => {
      const page = await scanPage(client, undefined, { count: 1000, match: `${PREFIX}:*`, type: 'hash' }, 10_000);
      assert.deepEqual(page.keys.map(String), [`${PREFIX}:hash:1`]);
    });

    it('walks the whole keyspace, and stops when cancelled', async () => {
      let total = 0;
      for await (const batch of scanAll(client, { count: 500 })) total += batch.length;
      assert.ok(total >= seeded.length + 1);
      const abort = new AbortController();
      let batches = 0;
      await assert.rejects(
        (async () => {
          for await (const _ of scanAll(client, { count: 100, signal: abort.signal })) {
            batches++;
            abort.abort();
          }
        })(),
        ScanCancelled,
      );
      assert.ok(batches <= 3, `stopped at once (${batches} batches)`);
    });

    it('feeds the tree view: a first level fast, then exact counts after Scan All', async () => {
      const view = new KeyspaceView(client, { filter: { pattern: `${PREFIX}:*` }, pageSize: 500, scanCount: 500, index: DEFAULT_INDEX_OPTIONS });
      await view.loadMore();
      assert.equal(view.complete, false);
      assert.deepEqual(view.index.list('')?.folders.map((f) => f.name), [PREFIX]);
      const progress: number[] = [];
      await view.scanAll((n) => progress.push(n));
      assert.equal(view.complete, true);
      const top = view.index.list(`${PREFIX}:`);
      assert.equal(top?.folders.find((f) => f.name === 'user')?.count, 1000);
      assert.equal(top?.folders.find((f) => f.name === 'session')?.count, 2000);
      assert.ok(progress.length > 0 && progress[progress.length - 1] >= seeded.length);
    });

    it('looks up a name without glob characters exactly, without scanning', async () => {
      const view = new KeyspaceView(client, { filter: { pattern: `${PREFIX}:user:3` }, pageSize: 500, scanCount: 500, index: DEFAULT_INDEX_OPTIONS });
      assert.equal(await view.loadMore(), 1);
      assert.equal(view.complete, true);
      const missing = new KeyspaceView(client, { filter: { pattern: `${PREFIX}:user:999999` }, pageSize: 500, scanCount: 500, index: DEFAULT_INDEX_OPTIONS });
      assert.equal(await missing.loadMore(), 0);
    });
  });
}
