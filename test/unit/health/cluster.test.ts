/**
 * The keyspace health report on a real 3-master cluster: every master scanned with its metadata read
 * on that master, per-node totals, sample size per node. Other test files share the cluster, so
 * this one asserts its own namespaces exactly and the whole keyspace by self-consistency.
 */
import * as assert from 'node:assert/strict';
import { Cluster } from 'ioredis';
import { analyzeKeyspace, HealthReport } from '../../../src/core/keyspace/health';
import { ScanCancelled, scanAll } from '../../../src/core/keyspace/scan';
import { servers } from '../hooks';
import { BINARY_KEY, EXPECTED, seedFixture } from './fixture';

/** Prefix without a delimiter: the fixture's namespaces keep their shape (`hc/user:`, `hc/user:7:`). */
const NS = 'hc/';

describe('analyzeKeyspace (cluster)', function () {
  this.timeout(30_000);
  let client: Cluster;
  let report: HealthReport;

  const clear = async () => {
    for await (const batch of scanAll(client, { count: 1000, match: `${NS}*` })) await Promise.all(batch.map((k) => client.unlink(k)));
  };

  before(async () => {
    client = new Cluster(servers().cluster.nodes, { redisOptions: { protocol: 2 } });
    await clear();
    await seedFixture(client, NS);
    report = await analyzeKeyspace(client, { mode: 'full', delimiters: [':'] });
  });
  after(async () => {
    await clear();
    client.disconnect();
  });

  it('scans every master and agrees with INFO keyspace per node', () => {
    assert.equal(report.cluster, true);
    assert.equal(report.db, 0);
    assert.equal(report.nodes.length, 3);
    assert.equal(report.exact, true);
    for (const n of report.nodes) {
      assert.match(n.node, /^127\.0\.0\.1:\d+$/);
      assert.equal(n.analyzed, n.keys, `${n.node}: analysed every key INFO counts`);
    }
    assert.equal(report.totalKeys, report.nodes.reduce((s, n) => s + n.keys, 0));
    assert.equal(report.analyzed, report.totalKeys);
    assert.ok(report.nodes.filter((n) => n.analyzed > 0).length === 3, 'the fixture spreads over all masters');
    assert.equal(report.expiry.withTtl, report.nodes.reduce((s, n) => s + n.expires, 0), 'keys with TTL match INFO expires');
    assert.equal(report.expiry.withTtl + report.expiry.noTtl, report.analyzed);
  });

  it('counts the fixture namespaces exactly', () => {
    const byPrefix = new Map(report.namespaces.map((n) => [n.prefix, n]));
    for (const [prefix, want] of Object.entries(EXPECTED.namespaces)) {
      const got = byPrefix.get(NS + prefix);
      assert.ok(got, `namespace ${NS}${prefix} is listed`);
      assert.deepEqual({ keys: got.keys, noTtl: got.noTtl, noTtlPct: got.noTtlPct }, want, prefix);
    }
  });

  it('finds the biggest keys on whichever master holds them, binary names intact', () => {
    const binary = Buffer.concat([Buffer.from(NS), BINARY_KEY]);
    const top = report.biggestByMemory[0];
    assert.ok(top.key.equals(binary), `got ${top.display}`);
    assert.equal(top.display, 'hc/bin:\\xff\\x00:\\x01');
    assert.ok(report.nodes.some((n) => n.node === top.node));
    assert.deepEqual(
      report.biggestByLength.filter((k) => k.display.startsWith(NS)).slice(0, 3).map((k) => [k.display, k.length]),
      [[top.display, 500_000], [`${NS}big:blob`, 200_000], [`${NS}queue:jobs`, 5000]],
    );
  });

  it('reads server signals from every master', () => {
    assert.equal(typeof report.server.cachedScripts, 'number');
    for (const n of report.nodes) assert.match(report.server.memoryDoctor ?? '', new RegExp(`\\[${n.node.replace(/\./g, '\\.')}\\]`));
    assert.ok(report.nodes.every((n) => typeof n.memoryDoctor === 'string' && typeof n.usedMemory === 'number'));
  });

  it('samples at most sampleSize keys per master', async () => {
    const sample = await analyzeKeyspace(client, { mode: 'sample', sampleSize: 5, delimiters: [':'] });
    for (const n of sample.nodes) assert.equal(n.analyzed, Math.min(5, n.keys), n.node);
    assert.equal(sample.exact, false);
    assert.ok(sample.analyzed <= 15);
  });

  it('cancels all masters at once', async () => {
    const controller = new AbortController();
    const run = analyzeKeyspace(client, { mode: 'full', delimiters: [':'], scanCount: 10, signal: controller.signal, onProgress: (n) => n > 0 && controller.abort() });
    await assert.rejects(run, ScanCancelled);
  });
});
