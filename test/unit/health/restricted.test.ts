/**
 * The health report for users who may not do everything: an ACL user limited to `app:*` without
 * @dangerous commands (no INFO, no SLOWLOG), and a read-only connection's guarded client.
 */
import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { guardReadOnly } from '../../../src/core/connection/writeGuard';
import { analyzeKeyspace } from '../../../src/core/keyspace/health';
import { servers } from '../hooks';

const DB = 3;

describe('analyzeKeyspace (restricted users)', function () {
  this.timeout(30_000);

  it('leaves out keys outside the ACL key patterns and notes the signals it may not read', async () => {
    const { port, users } = servers().acl;
    const admin = new Redis({ port, db: DB, username: users.admin.username, password: users.admin.password, protocol: 2 });
    const limited = new Redis({ port, db: DB, username: users.limited.username, password: users.limited.password, protocol: 2, enableReadyCheck: false });
    try {
      await admin.flushdb();
      const p = admin.pipeline();
      for (let i = 0; i < 10; i++) {
        if (i < 4) p.set(`app:h:${i}`, 'v', 'EX', 600);
        else p.set(`app:h:${i}`, 'v');
      }
      for (let i = 0; i < 5; i++) p.set(`other:h:${i}`, 'v');
      await p.exec();

      const report = await analyzeKeyspace(limited, { mode: 'full', delimiters: [':'] });
      assert.equal(report.totalKeys, 15, 'DBSIZE stands in for INFO keyspace');
      assert.equal(report.denied, 5);
      assert.equal(report.analyzed, 10);
      assert.deepEqual(report.namespaces.filter((n) => n.depth === 1).map((n) => [n.prefix, n.keys, n.noTtl]), [['app:', 10, 6]]);
      assert.deepEqual({ withTtl: report.expiry.withTtl, noTtl: report.expiry.noTtl }, { withTtl: 4, noTtl: 6 });
      assert.equal(report.biggestByMemory.length, 10, 'MEMORY USAGE works for the keys it may read');
      const refused = report.server.unavailable.map((u) => u.signal).sort();
      assert.deepEqual(refused, ['INFO', 'SLOWLOG']);
      assert.ok(report.server.unavailable.every((u) => /NOPERM/.test(u.reason)));
      assert.equal(report.server.cachedScripts, undefined);
    } finally {
      await admin.flushdb();
      admin.disconnect();
      limited.disconnect();
    }
  });

  it('runs on a read-only connection: every command it sends is a read', async () => {
    const client = guardReadOnly(new Redis({ port: servers().standalone.port, db: 13, protocol: 2 }), 'ro-test');
    const writer = new Redis({ port: servers().standalone.port, db: 13, protocol: 2 });
    try {
      await writer.flushdb();
      await writer.set('ro:a', '1');
      await writer.hset('ro:b', 'f', 'v');
      await writer.rpush('ro:c', 'x');
      const report = await analyzeKeyspace(client, { mode: 'full', delimiters: [':'] });
      assert.equal(report.analyzed, 3);
      assert.deepEqual(report.server.unavailable, []);
      await assert.rejects(client.set('ro:d', '1'), /read-only/i, 'the guard is active');
    } finally {
      await writer.flushdb();
      writer.disconnect();
      client.disconnect();
    }
  });
});
