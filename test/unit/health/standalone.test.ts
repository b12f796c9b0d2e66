/** The keyspace health report against a real standalone server: exact figures in full mode. */
import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { analyzeKeyspace, HealthReport, namespacesMissingTtl } from '../../../src/core/keyspace/health';
import { displayKey } from '../../../src/core/keyspace/keyName';
import { servers } from '../hooks';
import { BINARY_KEY, EXPECTED, MARKUP_KEY, seedFixture } from './fixture';

const DB = 11;
const BUSY_LOOP = 'local i = 0 while i < 1000000 do i = i + 1 end return i';

describe('analyzeKeyspace (standalone, full)', function () {
  this.timeout(30_000);
  let client: Redis;
  let report: HealthReport;
  const progress: [number, number | undefined][] = [];

  before(async () => {
    client = new Redis({ port: servers().standalone.port, db: DB, protocol: 2 });
    await client.flushdb();
    await seedFixture(client);
    await client.script('LOAD', 'return "health-report-test"');
    report = await analyzeKeyspace(client, { mode: 'full', delimiters: [':'], scanCount: 25, onProgress: (n, total) => progress.push([n, total]) });
  });
  after(async () => {
    await client.flushdb();
    client.disconnect();
  });

  it('counts every key, exactly, against INFO keyspace', () => {
    assert.equal(report.mode, 'full');
    assert.equal(report.exact, true);
    assert.equal(report.db, DB);
    assert.equal(report.cluster, false);
    assert.equal(report.totalKeys, EXPECTED.keys);
    assert.equal(report.analyzed, EXPECTED.keys);
    assert.equal(report.vanished, 0);
    assert.equal(report.nodes.length, 1);
    assert.deepEqual(
      { keys: report.nodes[0].keys, expires: report.nodes[0].expires, analyzed: report.nodes[0].analyzed },
      { keys: EXPECTED.keys, expires: EXPECTED.withTtl, analyzed: EXPECTED.keys },
    );
  });

  it('reports progress per batch up to the total', () => {
    assert.ok(progress.length >= 4, `${progress.length} progress calls with SCAN COUNT 25`);
    assert.deepEqual(progress[0], [0, EXPECTED.keys]);
    assert.deepEqual(progress.at(-1), [EXPECTED.keys, EXPECTED.keys]);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i][0] > progress[i - 1][0], 'progress only grows');
  });

  it('counts keys without TTL and expiring soon', () => {
    const { expiry } = report;
    assert.deepEqual(
      { noTtl: expiry.noTtl, withTtl: expiry.withTtl, within1h: expiry.within1h, within24h: expiry.within24h },
      { noTtl: EXPECTED.noTtl, withTtl: EXPECTED.withTtl, within1h: EXPECTED.within1h, within24h: EXPECTED.within24h },
    );
    assert.deepEqual(expiry.estimated, { noTtl: EXPECTED.noTtl, withTtl: EXPECTED.withTtl, within1h: EXPECTED.within1h, within24h: EXPECTED.within24h }, 'full mode: estimates are the counts');
    assert.equal(expiry.soonest.length, 20);
    assert.ok(expiry.soonest.slice(0, 10).every((k) => k.display.startsWith('cache:tmp:')), 'the 10-minute keys expire first');
    assert.ok(expiry.soonest.slice(10).every((k) => /^user:\d+:session$/.test(k.display)), 'then the 30-minute sessions');
    const ttls = expiry.soonest.map((k) => k.ttlMs ?? Infinity);
    assert.deepEqual(ttls, [...ttls].sort((a, b) => a - b), 'soonest first');
  });

  it('gives the type distribution', () => {
    const types = Object.fromEntries(report.types.map((t) => [t.type, t.keys]));
    assert.deepEqual(types, EXPECTED.types);
    assert.equal(report.types[0].type, 'string');
    assert.equal(report.types[0].pct, Math.round((54 / 99) * 1000) / 10);
    assert.ok(report.types.every((t) => t.memory > 0 && t.estimatedKeys === t.keys));
  });

  it('gives exact namespace counts and percentages without TTL, most missing first', () => {
    const byPrefix = new Map(report.namespaces.map((n) => [n.prefix, n]));
    for (const [prefix, want] of Object.entries(EXPECTED.namespaces)) {
      const got = byPrefix.get(prefix);
      assert.ok(got, `namespace ${prefix} is listed`);
      assert.deepEqual({ keys: got.keys, noTtl: got.noTtl, noTtlPct: got.noTtlPct }, want, prefix);
      assert.equal(got.estimatedKeys, want.keys, 'full mode: the estimate is the count');
      assert.equal(got.depth, prefix.split(':').length - 1);
    }
    assert.deepEqual(report.rootKeys, EXPECTED.root);
    assert.equal(report.untrackedKeys, 0);
    assert.equal(report.namespaces[0].prefix, 'user:');
    const noTtl = report.namespaces.map((n) => n.noTtl);
    assert.deepEqual(noTtl, [...noTtl].sort((a, b) => b - a));
  });

  it('finds the biggest keys by memory and by length', () => {
    const mem = report.biggestByMemory;
    assert.ok(mem[0].key.equals(BINARY_KEY), `biggest by memory is the 500 KB binary key, got ${mem[0].display}`);
    assert.equal(mem[1].display, 'big:blob');
    assert.ok((mem[0].memory ?? 0) >= 500_000 && (mem[1].memory ?? 0) >= 200_000);
    const memory = mem.map((k) => k.memory ?? 0);
    assert.deepEqual(memory, [...memory].sort((a, b) => b - a));
    const len = report.biggestByLength.slice(0, 5).map((k) => [k.display, k.type, k.length]);
    assert.deepEqual(len, [
      [displayKey(BINARY_KEY), 'string', 500_000],
      ['big:blob', 'string', 200_000],
      ['queue:jobs', 'list', 5000],
      ['big:scores', 'zset', 1000],
      ['big:tags', 'set', 300],
    ]);
    const stream = report.biggestByLength.find((k) => k.type === 'stream');
    assert.equal(stream?.length, 100);
  });

  it('keeps binary and markup key names exact, and shows them escaped', () => {
    const bin = report.biggestByMemory[0];
    assert.ok(Buffer.isBuffer(bin.key) && bin.key.equals(BINARY_KEY));
    assert.equal(bin.display, 'bin:\\xff\\x00:\\x01');
    assert.ok(report.namespaces.some((n) => n.prefix === Buffer.concat([Buffer.from('bin:'), Buffer.from([0xff, 0x00, 0x3a])]).toString('latin1')));
    assert.ok(report.namespaces.some((n) => n.display === 'bin:\\xff\\x00:'));
    const all = [...report.biggestByMemory, ...report.biggestByLength];
    assert.ok(all.some((k) => k.display === MARKUP_KEY) || report.namespaces.some((n) => n.prefix === 'html:'));
  });

  it('reads the server signals', () => {
    assert.ok((report.server.cachedScripts ?? 0) >= 1, `cached scripts: ${report.server.cachedScripts}`);
    assert.match(report.server.memoryDoctor ?? '', /\w+/);
    assert.match(report.server.version ?? '', /^7\./);
    assert.ok(Array.isArray(report.server.slowlog));
    assert.deepEqual(report.server.unavailable, []);
  });

  it('lists the namespaces missing TTLs for the tree', () => {
    const missing = namespacesMissingTtl(report);
    assert.equal(missing[0].prefix, 'user:');
    assert.equal(missing[0].noTtl, 40);
    assert.ok(!missing.some((n) => n.prefix.startsWith('cache:')), 'cache: keys all have a TTL');
    assert.ok(missing.some((n) => n.prefix === 'queue:' && n.noTtlPct === 100));
    const mostly = namespacesMissingTtl(report, 90).map((n) => n.prefix);
    assert.ok(!mostly.includes('user:') && mostly.includes('queue:') && mostly.includes('big:'), mostly.join(','));
  });
});

describe('analyzeKeyspace (standalone, slowlog)', function () {
  this.timeout(30_000);

  it('reports the slowest commands, slowest first', async () => {
    const client = new Redis({ port: servers().standalone.port, db: DB, protocol: 2 });
    const [, before] = (await client.config('GET', 'slowlog-log-slower-than')) as [string, string];
    try {
      await client.slowlog('RESET');
      await client.config('SET', 'slowlog-log-slower-than', '0');
      await client.eval(BUSY_LOOP, 0);
      await client.set(Buffer.from([0x73, 0x6c, 0x6f, 0x77, 0xff]), 'x');
      await client.config('SET', 'slowlog-log-slower-than', before);
      const report = await analyzeKeyspace(client, { mode: 'sample', sampleSize: 10, delimiters: [':'] });
      const log = report.server.slowlog;
      assert.ok(log.length >= 2, `${log.length} entries`);
      assert.deepEqual(log[0].args, ['eval', BUSY_LOOP, '0']);
      assert.ok(log[0].durationUs >= 1000, `${log[0].durationUs} µs`);
      const durations = log.map((e) => e.durationUs);
      assert.deepEqual(durations, [...durations].sort((a, b) => b - a));
      assert.ok(log.some((e) => e.args[1] === 'slow\\xff'), 'binary arguments are escaped');
    } finally {
      await client.config('SET', 'slowlog-log-slower-than', before);
      await client.del(Buffer.from([0x73, 0x6c, 0x6f, 0x77, 0xff]));
      client.disconnect();
    }
  });
});
